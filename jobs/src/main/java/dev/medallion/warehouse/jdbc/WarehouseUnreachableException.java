package dev.medallion.warehouse.jdbc;

import java.time.Duration;
import java.util.Locale;

/**
 * The warehouse could not be reached after every attempt the {@link WarehouseConnector}'s back-off
 * allows: the server is down, the host or port is wrong, or the network does not let this machine
 * reach it.
 */
public final class WarehouseUnreachableException extends RuntimeException {
  private final String url;
  private final int attempts;

  WarehouseUnreachableException(String url, int attempts, Duration elapsed, Throwable lastCause) {
    super(
        "cannot reach the warehouse at "
            + url
            + " after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " in "
            + String.format(Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0)
            + " s; the last one failed with: "
            + WarehouseConnector.describe(lastCause)
            + ". Check that the server is running and listens on that host and port, that the"
            + " host and port in "
            + WarehouseTarget.URL_KEY
            + " are right, and that this machine may reach it (VPC, subnet and security group;"
            + " on Glue, the job's connection)",
        lastCause);
    this.url = url;
    this.attempts = attempts;
  }

  /** The warehouse URL, without credentials. */
  public String url() {
    return url;
  }

  /** How many times a connection was tried. */
  public int attempts() {
    return attempts;
  }
}
