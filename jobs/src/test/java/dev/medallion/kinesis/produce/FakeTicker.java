package dev.medallion.kinesis.produce;

/** A clock that moves only when the code under test sleeps or the test advances it. */
final class FakeTicker implements Ticker {
  long nanos = 1_000_000_000L;
  long slept;
  int sleeps;

  @Override
  public long nanos() {
    return nanos;
  }

  @Override
  public long epochMillis() {
    return 1_790_000_000_000L + nanos / 1_000_000L;
  }

  @Override
  public void sleepNanos(long n) {
    nanos += n;
    slept += n;
    sleeps++;
  }

  void advanceMillis(long millis) {
    nanos += millis * 1_000_000L;
  }
}
