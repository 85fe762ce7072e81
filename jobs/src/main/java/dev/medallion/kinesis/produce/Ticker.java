package dev.medallion.kinesis.produce;

import java.util.concurrent.TimeUnit;

/**
 * The producer's clocks and its way to wait: a monotonic one for rates and back-off, the wall clock
 * for the times written into events. Tests give one that only moves when told to.
 */
public interface Ticker {
  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanos();

  /** Milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long epochMillis();

  /** Waits about {@code nanos} nanoseconds. */
  void sleepNanos(long nanos) throws InterruptedException;

  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public long epochMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };
}
