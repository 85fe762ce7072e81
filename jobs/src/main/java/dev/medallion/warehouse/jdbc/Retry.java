package dev.medallion.warehouse.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How often, and how patiently, {@link WarehouseConnector} tries to connect when the warehouse
 * cannot be reached: {@code attempts} in all, the n-th retry after {@code initialDelay * 2^(n-1)},
 * at most {@code maxDelay}.
 */
public record Retry(int attempts, Duration initialDelay, Duration maxDelay) {

  public Retry {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= initialDelay <= maxDelay, not "
              + initialDelay
              + " and "
              + maxDelay);
    }
  }

  /**
   * 5 attempts, 1 s before the first retry, doubling, at most 30 s: about 15 s in all, enough for
   * an RDS instance that is restarting or a warehouse that has just been created.
   */
  public static Retry defaults() {
    return new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /** The wait before retry {@code retry} (1 for the first retry, after the first attempt). */
  public Duration delayBefore(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, not " + retry);
    }
    Duration delay = initialDelay;
    for (int i = 1; i < retry && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
