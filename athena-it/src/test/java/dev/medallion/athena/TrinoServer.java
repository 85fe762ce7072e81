package dev.medallion.athena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Trino server (coordinator and worker in one process) in its own JVM, on 127.0.0.1
 * and a free port, with one catalog, {@code delta}: the Delta Lake connector over the local file
 * system below {@code root}, with a file metastore and {@code register_table} enabled. Small memory
 * settings, as on a shared 2-core machine. {@link #close} stops it (a JVM shutdown hook too, should
 * the test JVM end first).
 */
final class TrinoServer implements AutoCloseable {
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread stopOnExit;
  private final long startedAtNanos = System.nanoTime();

  private TrinoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.stopOnExit = new Thread(process::destroyForcibly, "stop-trino");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts the server and returns at once; {@link #awaitReady} waits until it takes queries.
   *
   * @param install the unpacked trino-server ({@code lib/}, {@code plugin/})
   * @param javaHome a JDK 22+
   * @param work the server's configuration, log and metastore go here
   * @param root the directory that {@code local:///} means: tables are registered below it
   */
  static TrinoServer start(Path install, Path javaHome, Path work, Path root) throws IOException {
    Path java = javaHome.resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          "no java at "
              + java
              + ": the Trino server needs a JDK 22+; set TRINO_JAVA_HOME (or -Dtrino.java.home)");
    }
    if (!Files.isDirectory(install.resolve("lib"))) {
      throw new IllegalStateException(
          "no Trino server at " + install + ": run the build with -P trino, which unpacks it");
    }
    int port = freePort();
    Path etc = Files.createDirectories(work.resolve("etc"));
    Path catalogs = Files.createDirectories(etc.resolve("catalog"));
    Files.createDirectories(root.resolve("metastore"));
    Files.writeString(
        etc.resolve("config.properties"),
        String.join(
            "\n",
            "node.environment=medallion_test",
            "node.id=medallion-athena-it",
            "node.bind-ip=127.0.0.1",
            "node.internal-address=127.0.0.1",
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            "http-server.http.port=" + port,
            "discovery.uri=http://127.0.0.1:" + port,
            // Well inside -Xmx1G with the default heap headroom (30%).
            "query.max-memory=256MB",
            "query.max-memory-per-node=256MB",
            "task.concurrency=2",
            "plugin.dir=" + install.resolve("plugin"),
            "catalog.config-dir=" + catalogs,
            ""));
    Files.writeString(
        catalogs.resolve("delta.properties"),
        String.join(
            "\n",
            "connector.name=delta_lake",
            "hive.metastore=file",
            "hive.metastore.catalog.dir=local:///metastore",
            "fs.native-local.enabled=true",
            "local.location=" + root,
            "delta.register-table-procedure.enabled=true",
            ""));
    Path log = work.resolve("server.log");
    List<String> command =
        List.of(
            java.toString(),
            "-Xmx1G",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+EnableDynamicAgentLoading",
            "--enable-native-access=ALL-UNNAMED",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dfile.encoding=UTF-8",
            "-Duser.timezone=UTC",
            "-Dconfig=" + etc.resolve("config.properties"),
            "-cp",
            install.resolve("lib") + "/*",
            "io.trino.server.TrinoServer");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new TrinoServer(process, port, log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the server has started (its /v1/info says so); returns how long it took. */
  Duration awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = startedAtNanos + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Trino server ended with exit code " + process.exitValue() + "\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return Duration.ofNanos(System.nanoTime() - startedAtNanos);
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the Trino server did not start within " + STARTUP_LIMIT + "\n" + logTail());
  }

  /** A connection with catalog {@code delta}, so that {@code cleansed.events} resolves. */
  Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "medallion");
    return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/delta", properties);
  }

  /** The last lines of the server's log, for a failure message. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs anyway.
    }
  }
}
