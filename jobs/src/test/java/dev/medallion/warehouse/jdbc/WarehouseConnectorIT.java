package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medallion.config.ConfigException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections end to end: an embedded warehouse through {@code --warehouse-url embedded:DIR}, and a
 * PostgreSQL that asks for a password (an embedded server set to scram-sha-256 for user {@code
 * loader}) through a {@code jdbc:postgresql:} URL: the right password, a wrong one (not retried),
 * none, and a database that does not exist.
 */
@Tag("integration")
class WarehouseConnectorIT {
  private static final String PASSWORD = "Right-Passw0rd";
  private static final String WRONG = "Wrong-Passw0rd";

  @TempDir static Path tmp;
  private static EmbeddedWarehouse server;

  @BeforeAll
  static void aServerThatAsksForPasswords() throws Exception {
    server = EmbeddedWarehouse.start(tmp.resolve("password-server"));
    try (Connection admin = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE loader LOGIN PASSWORD '" + PASSWORD + "'");
      Files.writeString(
          server.dataDir().resolve("pg_hba.conf"),
          """
          host all postgres 127.0.0.1/32 trust
          host all postgres ::1/128 trust
          host all all 127.0.0.1/32 scram-sha-256
          host all all ::1/128 scram-sha-256
          """);
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private WarehouseTarget loader(String database) {
    return WarehouseTarget.parse(
        "jdbc:postgresql://localhost:" + server.port() + "/" + database + "?user=loader", null);
  }

  private static PasswordSource password(String password) {
    return PasswordSources.environment(Map.of(PasswordSources.PASSWORD_ENV, password));
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
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
  void anEmbeddedWarehouseWorksEndToEndAndKeepsItsData() throws Exception {
    WarehouseTarget target = WarehouseTarget.parse("embedded:" + tmp.resolve("embedded"), null);
    List<String> progress = new ArrayList<>();
    int port;
    try (WarehouseConnector connector =
        WarehouseConnector.open(
            target,
            PasswordSources.environment(Map.of()),
            WarehouseConnector.DEFAULT_RETRY,
            progress::add)) {
      assertThat(connector.kind()).isEqualTo(WarehouseTarget.Kind.EMBEDDED);
      assertThat(connector.jdbcUrl())
          .matches("jdbc:postgresql://localhost:\\d+/postgres\\?user=postgres");
      assertThat(progress)
          .singleElement()
          .asString()
          .startsWith("warehouse: embedded PostgreSQL on port ");
      try (Connection connection = connector.connect()) {
        assertThat(connection.getAutoCommit()).isFalse();
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE SCHEMA analytics");
          statement.execute("CREATE TABLE analytics.t (id int)");
          statement.execute("INSERT INTO analytics.t VALUES (1)");
        }
        connection.commit();
        try (Statement statement = connection.createStatement()) {
          statement.execute("INSERT INTO analytics.t VALUES (2)");
        }
        connection.rollback();
      }
      try (Connection other = connector.connect()) {
        assertThat(single(other, "SELECT string_agg(id::text, ',') FROM analytics.t"))
            .isEqualTo("1");
      }
      port = Integer.parseInt(connector.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
    }
    assertThat(listening(port)).as("close stopped the server it started").isFalse();

    try (WarehouseConnector again =
            WarehouseConnector.open(
                target,
                PasswordSources.environment(Map.of()),
                WarehouseConnector.DEFAULT_RETRY,
                line -> {});
        Connection connection = again.connect()) {
      assertThat(single(connection, "SELECT count(*)::text FROM analytics.t")).isEqualTo("1");
    }
  }

  @Test
  void thePasswordFromTheEnvironmentOpensAPostgresConnection() throws Exception {
    List<String> progress = new ArrayList<>();
    try (WarehouseConnector connector =
            WarehouseConnector.open(
                loader("postgres"),
                password(PASSWORD),
                WarehouseConnector.DEFAULT_RETRY,
                progress::add);
        Connection connection = connector.connect()) {
      assertThat(connector.kind()).isEqualTo(WarehouseTarget.Kind.POSTGRES);
      assertThat(connector.jdbcUrl())
          .isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/postgres?user=loader");
      assertThat(single(connection, "SELECT current_user")).isEqualTo("loader");
      assertThat(connection.getAutoCommit()).isFalse();
      assertThat(progress).isEmpty();
    }
  }

  @Test
  void aWrongPasswordFailsAtOnceWithoutRetriesOrThePassword() {
    List<String> progress = new ArrayList<>();
    long started = System.nanoTime();

    WarehouseAuthenticationException e =
        catchThrowableOfType(
            WarehouseAuthenticationException.class,
            () ->
                WarehouseConnector.open(
                    loader("postgres"),
                    password(WRONG),
                    WarehouseConnector.DEFAULT_RETRY,
                    progress::add));

    assertThat((System.nanoTime() - started) / 1_000_000)
        .as("ms, with 1 s before a first retry")
        .isLessThan(900);
    assertThat(progress).as("no retry").isEmpty();
    assertThat(e.user()).isEqualTo("loader");
    assertThat(e.getMessage())
        .startsWith(
            "the warehouse at jdbc:postgresql://localhost:"
                + server.port()
                + "/postgres?user=loader refused user 'loader'")
        .contains("password authentication failed for user \"loader\"")
        .contains("SQLState 28P01")
        .contains("MEDALLION_WAREHOUSE_PASSWORD")
        .contains("--warehouse-secret");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG).doesNotContain(PASSWORD);
    }
  }

  @Test
  void noPasswordAtAllIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                WarehouseConnector.open(
                    loader("postgres"),
                    PasswordSources.environment(Map.of()),
                    WarehouseConnector.DEFAULT_RETRY,
                    line -> {}))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MEDALLION_WAREHOUSE_PASSWORD: is not set");
  }

  @Test
  void aDatabaseThatDoesNotExistIsNotRetried() {
    List<String> progress = new ArrayList<>();

    assertThatThrownBy(
            () ->
                WarehouseConnector.open(
                    loader("nowhere"),
                    password(PASSWORD),
                    WarehouseConnector.DEFAULT_RETRY,
                    progress::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot connect to the warehouse at")
        .hasMessageContaining("database \"nowhere\" does not exist")
        .hasMessageContaining("SQLState 3D000")
        .hasMessageContaining("Check the database name");
    assertThat(progress).isEmpty();
  }

  @Test
  void aClosedConnectorOpensNothing() {
    WarehouseConnector connector =
        WarehouseConnector.open(
            loader("postgres"), password(PASSWORD), WarehouseConnector.DEFAULT_RETRY, line -> {});
    connector.close();
    connector.close();

    assertThatThrownBy(connector::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }
}
