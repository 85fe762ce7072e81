package dev.medallion.retry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a call that failed in a way that may pass is tried again: at most {@code maxRetries} retries
 * after the first attempt; before the n-th retry a wait of at most {@code min(maxDelay, baseDelay *
 * 2^(n-1))} ({@link #ceiling}). A caller waits the whole ceiling (the warehouse connection) or a
 * random part of it ({@link #delay}, "full jitter", so that the Kinesis readers throttled together
 * do not retry together), or half of it and a random part of the rest (the producer).
 */
public record Backoff(int maxRetries, Duration baseDelay, Duration maxDelay)
    implements Serializable {

  public Backoff {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, not " + maxRetries);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= baseDelay <= maxDelay, not " + baseDelay + " and " + maxDelay);
    }
  }

  /**
   * {@code attempts} attempts in all: the first and {@code attempts - 1} retries, the first retry
   * after {@code baseDelay}.
   */
  public static Backoff attempts(int attempts, Duration baseDelay, Duration maxDelay) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
    }
    return new Backoff(attempts - 1, baseDelay, maxDelay);
  }

  /** How many attempts in all, the first included. */
  public int attempts() {
    return maxRetries + 1;
  }

  /**
   * The longest wait before retry {@code retry} (1 for the first retry, after the first attempt).
   */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, not " + retry);
    }
    Duration delay = baseDelay;
    for (int i = 1; i < retry && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  /** The jittered wait before retry {@code retry}, for a uniform {@code random} in [0, 1). */
  public Duration delay(int retry, double random) {
    return Duration.ofNanos((long) (ceiling(retry).toNanos() * random));
  }
}
