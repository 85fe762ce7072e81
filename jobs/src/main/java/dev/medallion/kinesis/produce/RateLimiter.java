package dev.medallion.kinesis.produce;

/**
 * Spaces records out at a rate per second. Record {@code k} is due {@code k / rate} seconds after
 * the first; a caller that falls behind (a slow put, a back-off) catches up with larger batches,
 * but by at most one second's worth of records, so that a long stall is not followed by an
 * unbounded burst. A rate of 0 means no limit. Not thread-safe: one producer loop uses it.
 */
public final class RateLimiter {
  /** The most a caller that fell behind may catch up by, in nanoseconds. */
  static final long MAX_BACKLOG_NANOS = 1_000_000_000L;

  private final double perSecond;
  private final double intervalNanos;
  private final Ticker ticker;
  private boolean started;
  private long origin;

  /** When the next record is due, in nanoseconds after {@link #origin}. */
  private double next;

  public RateLimiter(double perSecond, Ticker ticker) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("a rate must be a finite number >= 0, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.intervalNanos = perSecond == 0 ? 0 : 1e9 / perSecond;
    this.ticker = ticker;
  }

  public boolean unlimited() {
    return perSecond == 0;
  }

  public double perSecond() {
    return perSecond;
  }

  /**
   * Waits until at least one record is due and returns how many are, from 1 to {@code max}; the
   * caller sends that many (or fewer, when it has fewer left). Without a limit: {@code max} at
   * once.
   */
  public int acquire(int max) throws InterruptedException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    if (unlimited()) {
      return max;
    }
    if (!started) {
      started = true;
      origin = ticker.nanos();
      next = 0;
    }
    double now = ticker.nanos() - origin;
    if (now - next > MAX_BACKLOG_NANOS) {
      next = now - MAX_BACKLOG_NANOS;
    }
    if (now < next) {
      ticker.sleepNanos((long) Math.ceil(next - now));
      now = Math.max(next, ticker.nanos() - origin);
    }
    long due = (long) Math.floor((now - next) / intervalNanos) + 1;
    int granted = (int) Math.min(max, due);
    next += granted * intervalNanos;
    return granted;
  }
}
