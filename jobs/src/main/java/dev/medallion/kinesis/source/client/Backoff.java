package dev.medallion.kinesis.source.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Kinesis call that was throttled or failed is retried: at most {@code maxRetries} retries;
 * the n-th after a random wait between 0 and {@code min(maxDelay, baseDelay * 2^(n-1))} ("full
 * jitter", so that readers throttled together do not retry together).
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

  /** The longest wait before retry {@code retry} (1 for the first retry). */
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

  /** The wait before retry {@code retry}, for a uniform {@code random} in [0, 1). */
  public Duration delay(int retry, double random) {
    return Duration.ofNanos((long) (ceiling(retry).toNanos() * random));
  }
}
