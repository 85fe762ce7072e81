package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL 17 with its data in a directory: the version and MERGE, data that
 * survives a restart, one server per directory (in this process and across processes), a server
 * left behind by a killed process, and directories it must not touch.
 */
@Tag("integration")
class EmbeddedWarehouseIT {

  @TempDir Path tmp;

  private static List<String> column(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static void execute(Connection connection, String... sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String s : sql) {
        statement.execute(s);
      }
    }
  }

  private static boolean listening(int port) {
    try {
      new Socket("localhost", port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void runsPostgres17WithMergeAndKeepsItsDataAcrossARestart() throws Exception {
    Path dir = tmp.resolve("warehouse");
    int firstPort;
    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start(dir);
        Connection connection = DriverManager.getConnection(warehouse.jdbcUrl())) {
      firstPort = warehouse.port();
      assertThat(warehouse.jdbcUrl())
          .isEqualTo("jdbc:postgresql://localhost:" + firstPort + "/postgres?user=postgres");
      assertThat(warehouse.dataDir()).isEqualTo(dir.toRealPath());
      assertThat(column(connection, "SHOW server_version"))
          .singleElement()
          .asString()
          .startsWith("17.");

      execute(
          connection,
          "CREATE SCHEMA analytics",
          "CREATE TABLE analytics.metrics (day date PRIMARY KEY, events bigint)",
          "INSERT INTO analytics.metrics VALUES ('2026-11-20', 1)",
          """
          MERGE INTO analytics.metrics AS t
          USING (VALUES (DATE '2026-11-20', 5), (DATE '2026-11-21', 7)) AS s(day, events)
          ON t.day = s.day
          WHEN MATCHED THEN UPDATE SET events = s.events
          WHEN NOT MATCHED THEN INSERT VALUES (s.day, s.events)
          """);
      assertThat(
              column(connection, "SELECT day || '=' || events FROM analytics.metrics ORDER BY day"))
          .containsExactly("2026-11-20=5", "2026-11-21=7");
    }
    assertThat(listening(firstPort)).as("the server stopped on close").isFalse();
    assertThat(dir.resolve("PG_VERSION")).content().isEqualToIgnoringNewLines("17");
    assertThat(dir.resolve("log")).isDirectory();

    try (EmbeddedWarehouse again = EmbeddedWarehouse.start(dir);
        Connection connection = DriverManager.getConnection(again.jdbcUrl())) {
      assertThat(again.stoppedOrphan()).isEmpty();
      assertThat(column(connection, "SELECT sum(events)::text FROM analytics.metrics"))
          .containsExactly("12");
    }
  }

  @Test
  void aSecondStartOnADirectoryInUseInThisProcessFailsClearly() {
    Path dir = tmp.resolve("warehouse");
    try (EmbeddedWarehouse first = EmbeddedWarehouse.start(dir)) {
      assertThatThrownBy(() -> EmbeddedWarehouse.start(dir.resolve("../warehouse")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the embedded warehouse in " + first.dataDir() + " is in use")
          .hasMessageContaining("by an embedded warehouse of this process that is still open")
          .hasMessageContaining("one directory takes one server")
          .hasMessageContaining("--warehouse-url embedded:DIR");
      assertThat(listening(first.port())).as("the first server still runs").isTrue();
    }
    // Once closed, the directory can be used again.
    EmbeddedWarehouse.start(dir).close();
  }

  @Tag("long") // a child JVM killed with SIGKILL
  @Test
  void aDirectoryInUseByAnotherProcessIsRefusedAndAServerLeftByAKilledOneIsStopped()
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("shared"));

    Process holder = holdInAnotherProcess(dir);
    try {
      assertThatThrownBy(() -> EmbeddedWarehouse.start(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by another process")
          .hasMessageContaining("one Medallion process at a time");
    } finally {
      holder.getOutputStream().close(); // ends it normally: its server stops
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(holder.exitValue()).isZero();

    // kill -9: the holder's shutdown hook does not run, and its PostgreSQL keeps running.
    Process killed = holdInAnotherProcess(dir);
    long orphan = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start(dir);
        Connection connection = DriverManager.getConnection(warehouse.jdbcUrl())) {
      assertThat(warehouse.stoppedOrphan()).hasValue(orphan);
      assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(column(connection, "SELECT count(*)::text FROM held")).containsExactly("2");
    }
  }

  private static Process holdInAnotherProcess(Path dir) throws IOException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                EmbeddedWarehouseHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.equals("ready")) {
        return process;
      }
      lines.add(line);
    }
    throw new AssertionError("the holder process ended before it was ready: " + lines);
  }

  @Test
  void refusesDirectoriesThatAreNotAnEmbeddedWarehouseOfThisVersion() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> EmbeddedWarehouse.start(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a file");

    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> EmbeddedWarehouse.start(other))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not empty and holds no PostgreSQL data");
    assertThat(other.resolve("notes.txt")).hasContent("mine");

    Path old = Files.createDirectories(tmp.resolve("pg14"));
    Files.writeString(old.resolve("PG_VERSION"), "14\n");
    assertThatThrownBy(() -> EmbeddedWarehouse.start(old))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holds the data of PostgreSQL 14")
        .hasMessageContaining("runs PostgreSQL 17");

    Path zonkyTemp = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "mine");
    assertThatThrownBy(() -> EmbeddedWarehouse.start(zonkyTemp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deletes data directories");
  }

  @Test
  void unpacksItsBinariesIntoMedallionsCacheNotTheTemporaryDirectory() {
    Path binaries = EmbeddedWarehouse.binariesDir();

    assertThat(binaries.toString()).endsWith("medallion/embedded-postgres");
    assertThat(binaries.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()))
        .isFalse();
    assertThat(binaries.startsWith(Path.of("/tmp"))).isFalse();
    EmbeddedWarehouse.start(tmp.resolve("w")).close();
    assertThat(binaries).isDirectoryContaining(p -> p.getFileName().toString().startsWith("PG-"));
  }
}
