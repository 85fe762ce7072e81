package dev.medallion.kinesis.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The limiter's arithmetic on a fake clock: no wall-clock time is measured. */
class RateLimiterTest {
  private final FakeTicker clock = new FakeTicker();

  @Test
  void oneAtATimeTheRecordsAreSpacedByOneOverTheRate() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(100, clock);
    long start = clock.nanos();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.acquire(1)).isEqualTo(1);
    }
    // The first is due at once, the 1000th 999 intervals of 10 ms later.
    assertThat(clock.nanos() - start).isBetween(9_989_000_000L, 9_991_000_000L);
  }

  @Test
  void aCallerThatTakesTimeGetsWhatBecameDueMeanwhile() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(1000, clock);
    long start = clock.nanos();
    long granted = 0;
    while (clock.nanos() - start < 10_000_000_000L) {
      int n = limiter.acquire(500);
      assertThat(n).isBetween(1, 500);
      granted += n;
      clock.advanceMillis(50); // a put takes 50 ms
    }
    // 10 s at 1000/s, give or take one batch; at 50 ms a put, batches of about 50.
    assertThat(granted).isBetween(9_950L, 10_100L);
    assertThat(limiter.acquire(500)).isBetween(49, 51);
  }

  @Test
  void afterAStallItCatchesUpByAtMostOneSecondOfRecords() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(100, clock);
    limiter.acquire(1);
    clock.advanceMillis(5_000);
    int burst = limiter.acquire(500);
    assertThat(burst).isBetween(100, 101);
    // Then it is back on schedule: the next one waits about one interval.
    long before = clock.nanos();
    assertThat(limiter.acquire(500)).isEqualTo(1);
    assertThat(clock.nanos() - before).isBetween(9_000_000L, 10_000_001L);
  }

  @Test
  void maxBoundsWhatIsGranted() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(10_000, clock);
    limiter.acquire(1);
    clock.advanceMillis(500); // 5000 due
    assertThat(limiter.acquire(500)).isEqualTo(500);
  }

  @Test
  void rateZeroIsNoLimitAndNeverSleeps() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(0, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire(500)).isEqualTo(500);
    }
    assertThat(clock.sleeps).isZero();
    assertThat(limiter.unlimited()).isTrue();
  }

  @Test
  void aFractionalRateWaitsSeconds() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(0.5, clock);
    limiter.acquire(10);
    long before = clock.nanos();
    assertThat(limiter.acquire(10)).isEqualTo(1);
    assertThat(clock.nanos() - before).isEqualTo(2_000_000_000L);
  }

  @Test
  void aNegativeOrInfiniteRateIsRefused() {
    assertThatThrownBy(() -> new RateLimiter(-1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(Double.POSITIVE_INFINITY, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(Double.NaN, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
