package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.medallion.retry.Backoff;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries and failure classes, against a port where nothing listens (no server needed). */
class WarehouseConnectorTest {
  private static final String SECRET = "s3cr3t-Passw0rd";

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aWarehouseThatCannotBeReachedIsTriedAgainThenReportedWithoutThePassword()
      throws IOException {
    int port = closedPort();
    WarehouseTarget target =
        WarehouseTarget.parse(
            "jdbc:postgresql://127.0.0.1:" + port + "/analytics?user=loader", null);
    List<String> progress = new ArrayList<>();

    WarehouseUnreachableException e =
        catchThrowableOfType(
            WarehouseUnreachableException.class,
            () ->
                WarehouseConnector.open(
                    target,
                    PasswordSources.environment(Map.of(PasswordSources.PASSWORD_ENV, SECRET)),
                    Backoff.attempts(3, Duration.ofMillis(10), Duration.ofMillis(20)),
                    progress::add));

    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/analytics?user=loader");
    assertThat(e.getMessage())
        .startsWith("cannot reach the warehouse at jdbc:postgresql://127.0.0.1:" + port)
        .contains("after 3 attempts")
        .contains("Connection to 127.0.0.1:" + port + " refused")
        .contains("SQLState 08001")
        .contains("Check that the server is running");
    assertThat(progress)
        .hasSize(2)
        .allSatisfy(
            line -> assertThat(line).contains("to reach jdbc:postgresql://127.0.0.1:" + port))
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .startsWith("warehouse: attempt 1 of 3")
                    .endsWith("retrying in 10 ms"),
            second ->
                assertThat(second)
                    .startsWith("warehouse: attempt 2 of 3")
                    .endsWith("retrying in 20 ms"));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
    }
    assertThat(String.join("\n", progress)).doesNotContain(SECRET);
  }

  @Test
  void oneAttemptIsOneAttempt() throws IOException {
    WarehouseTarget target =
        WarehouseTarget.parse("jdbc:redshift://127.0.0.1:" + closedPort() + "/dev?user=etl", null);
    List<String> progress = new ArrayList<>();

    WarehouseUnreachableException e =
        catchThrowableOfType(
            WarehouseUnreachableException.class,
            () ->
                WarehouseConnector.open(
                    target,
                    PasswordSources.environment(Map.of(PasswordSources.PASSWORD_ENV, SECRET)),
                    Backoff.attempts(1, Duration.ZERO, Duration.ZERO),
                    progress::add));

    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).contains("after 1 attempt in");
    // Redshift is opened with pgjdbc, as jdbc:postgresql.
    assertThat(e.url()).startsWith("jdbc:postgresql://127.0.0.1:");
    assertThat(progress).isEmpty();
  }

  @Test
  void theDefaultRetryIsFiveAttemptsDoublingFromOneSecond() {
    Backoff retry = WarehouseConnector.DEFAULT_RETRY;

    assertThat(retry.attempts()).isEqualTo(5);
    assertThat(retry.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(retry.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(retry.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(retry.ceiling(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(retry.maxDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void classifiesFailuresBySqlState() {
    assertThat(WarehouseConnector.isAuthenticationFailure(new SQLException("x", "28P01"))).isTrue();
    assertThat(WarehouseConnector.isAuthenticationFailure(new SQLException("x", "28000"))).isTrue();
    assertThat(WarehouseConnector.isAuthenticationFailure(new SQLException("x", "08004"))).isTrue();
    assertThat(WarehouseConnector.isAuthenticationFailure(new SQLException("x", "08001")))
        .isFalse();

    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "08001"))).isTrue();
    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "08006"))).isTrue();
    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "57P03"))).isTrue();
    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "53300"))).isTrue();
    assertThat(
            WarehouseConnector.isConnectionFailure(
                new SQLException("x", null, new ConnectException("refused"))))
        .isTrue();
    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "3D000"))).isFalse();
    assertThat(WarehouseConnector.isConnectionFailure(new SQLException("x", "42601"))).isFalse();
  }
}
