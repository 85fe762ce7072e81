package dev.medallion.warehouse.jdbc;

import dev.medallion.config.ConfigException;
import dev.medallion.retry.Backoff;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Opens JDBC connections to the warehouse that a {@link WarehouseTarget} names: with pgjdbc for
 * PostgreSQL and Redshift, and for an embedded warehouse after starting its server (and stopping it
 * on {@link #close()}).
 *
 * <p>A connection that fails because the warehouse cannot be reached (SQLState class 08, a refused
 * TCP connection, a server starting up or out of connection slots) is tried again after a backoff,
 * as its {@link Backoff} says (the whole ceiling, no jitter), each retry reported to {@code
 * progress}; after the last attempt {@link #connect()} throws {@link
 * WarehouseUnreachableException}. An authentication failure (class 28) is never retried: {@link
 * WarehouseAuthenticationException}. Messages name the URL and the user, never the password.
 *
 * <p>Redshift is reached with pgjdbc too, through its PostgreSQL wire protocol: the {@code
 * jdbc:redshift:} URL is opened as {@code jdbc:postgresql:}.
 */
public final class WarehouseConnector implements AutoCloseable {

  // The driver itself rather than DriverManager: DriverManager only sees drivers of the caller's
  // class loader, which on Glue and under spark-submit (--extra-jars, --jars) is not always so.
  private static final Driver DRIVER = new org.postgresql.Driver();

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * 5 attempts, 1 s before the first retry, doubling, at most 30 s: about 15 s in all, enough for
   * an RDS instance that is restarting or a warehouse that has just been created.
   */
  public static final Backoff DEFAULT_RETRY =
      Backoff.attempts(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final WarehouseTarget target;
  private final String url;
  private final String user;
  private final char[] password;
  private final Backoff retry;
  private final Consumer<String> progress;
  private final EmbeddedWarehouse server;
  private volatile boolean closed;

  private WarehouseConnector(
      WarehouseTarget target,
      String url,
      Credentials credentials,
      Backoff retry,
      Consumer<String> progress,
      EmbeddedWarehouse server) {
    this.target = target;
    this.url = url;
    this.user = credentials.user();
    this.password = credentials.password().clone();
    this.retry = retry;
    this.progress = progress;
    this.server = server;
  }

  /**
   * The embedded PostgreSQL comes with {@code bin/medallion}'s class path, not in the job jar:
   * under spark-submit, {@code embedded} is a usage error, not a missing class.
   */
  private static void requireEmbeddedServer() {
    try {
      Class.forName(
          "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
          false,
          WarehouseConnector.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          WarehouseTarget.URL_KEY,
          "the embedded warehouse is not on this class path (it is bin/medallion's, not in the job"
              + " jar)",
          "under spark-submit or on Glue, pass a jdbc:postgresql:// or jdbc:redshift:// URL");
    }
  }

  /**
   * Gets the password (none for an embedded warehouse), starts the embedded server if the target is
   * one, and opens and closes a first connection, so that a warehouse that cannot be used fails
   * here, before the job reads anything.
   *
   * @throws WarehouseUnreachableException if the warehouse cannot be reached after every attempt
   * @throws WarehouseAuthenticationException if it refuses the user or password
   * @throws dev.medallion.config.ConfigException if there is no password, or the embedded directory
   *     cannot hold a warehouse
   */
  public static WarehouseConnector open(
      WarehouseTarget target, PasswordSource passwords, Backoff retry, Consumer<String> progress) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(passwords, "passwords");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(progress, "progress");
    WarehouseConnector connector;
    if (target.kind() == WarehouseTarget.Kind.EMBEDDED) {
      requireEmbeddedServer();
      EmbeddedWarehouse server = EmbeddedWarehouse.start(target.embeddedDir().orElseThrow());
      server
          .stoppedOrphan()
          .ifPresent(
              pid ->
                  progress.accept(
                      "warehouse: stopped PostgreSQL process "
                          + pid
                          + ", left running on "
                          + server.dataDir()
                          + " by an earlier process that ended without stopping it"));
      progress.accept(
          "warehouse: embedded PostgreSQL on port "
              + server.port()
              + ", its data in "
              + server.dataDir());
      connector =
          new WarehouseConnector(
              target,
              server.jdbcUrl(),
              Credentials.withoutPassword(WarehouseTarget.EMBEDDED_USER),
              retry,
              progress,
              server);
    } else {
      Credentials credentials = passwords.resolve(target);
      connector =
          new WarehouseConnector(
              target, driverUrl(target, credentials.user()), credentials, retry, progress, null);
    }
    try {
      connector.connect().close();
    } catch (RuntimeException | SQLException e) {
      connector.close();
      if (e instanceof SQLException sql) {
        throw new IllegalStateException(
            "cannot close the first connection to " + connector.url + ": " + describe(sql), sql);
      }
      throw (RuntimeException) e;
    }
    return connector;
  }

  /** A new connection, with auto-commit off. The caller closes it. */
  public Connection connect() {
    if (closed) {
      throw new IllegalStateException("this WarehouseConnector for " + url + " is closed");
    }
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return openOnce();
      } catch (SQLException e) {
        if (isAuthenticationFailure(e)) {
          throw new WarehouseAuthenticationException(url, user, e);
        }
        if (!isConnectionFailure(e)) {
          throw new IllegalStateException(
              "cannot connect to the warehouse at "
                  + url
                  + " as user '"
                  + user
                  + "': "
                  + describe(e)
                  + ". Check the database name and the parameters in "
                  + WarehouseTarget.URL_KEY,
              e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (attempt >= retry.attempts()) {
          throw new WarehouseUnreachableException(url, attempt, elapsed, e);
        }
        Duration delay = retry.ceiling(attempt);
        progress.accept(
            "warehouse: attempt "
                + attempt
                + " of "
                + retry.attempts()
                + " to reach "
                + url
                + " failed ("
                + describe(e)
                + "); retrying in "
                + seconds(delay));
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new WarehouseUnreachableException(
              url, attempt, Duration.ofNanos(System.nanoTime() - started), e);
        }
      }
    }
  }

  public WarehouseTarget.Kind kind() {
    return target.kind();
  }

  public WarehouseTarget target() {
    return target;
  }

  /**
   * The URL that connections are opened with, with the user and never a password: for an embedded
   * warehouse its running server's; for Redshift the {@code jdbc:postgresql:} form pgjdbc opens.
   */
  public String jdbcUrl() {
    return url;
  }

  /** Forgets the password and stops the embedded server, if this connector started one. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Arrays.fill(password, '\0');
    if (server != null) {
      server.close();
    }
  }

  private Connection openOnce() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password.length > 0) {
      properties.setProperty("password", new String(password));
    }
    // Defaults that the URL's own parameters override.
    properties.setProperty("ApplicationName", "medallion");
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = DRIVER.connect(url, properties);
    if (connection == null) {
      throw new IllegalStateException("pgjdbc does not take the URL " + url);
    }
    try {
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static String driverUrl(WarehouseTarget target, String user) {
    String url =
        target.kind() == WarehouseTarget.Kind.REDSHIFT
            ? "jdbc:postgresql:" + target.jdbcUrl().substring("jdbc:redshift:".length())
            : target.jdbcUrl();
    return url
        + (url.contains("?") ? "&" : "?")
        + "user="
        + URLEncoder.encode(user, StandardCharsets.UTF_8);
  }

  // 28xxx: invalid authorization (wrong password, no pg_hba.conf entry, no such role).
  // 08004: pgjdbc's "connection rejected" (the server asks for a password and there is none).
  static boolean isAuthenticationFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("28") || state.equals("08004"));
  }

  // 08xxx: connection exceptions; 57P03: the server is starting up or shutting down;
  // 53300: too many connections. Each may pass by waiting.
  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    if (state != null
        && (state.startsWith("08") || state.equals("57P03") || state.equals("53300"))) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** A one-line description of a connection failure: its message and SQLState. */
  static String describe(Throwable e) {
    if (e == null) {
      return "(no cause)";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SQLException sql && sql.getSQLState() != null) {
      return message + " (SQLState " + sql.getSQLState() + ")";
    }
    return message;
  }

  private static String seconds(Duration delay) {
    return delay.toMillis() < 1000
        ? delay.toMillis() + " ms"
        : String.format(Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
  }
}
