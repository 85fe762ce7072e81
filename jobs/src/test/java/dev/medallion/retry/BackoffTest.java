package dev.medallion.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void theCeilingDoublesFromTheBaseDelay() {
    Backoff backoff = Backoff.attempts(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.attempts()).isEqualTo(5);
    assertThat(backoff.maxRetries()).isEqualTo(4);
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void theCeilingStopsGrowingAtTheMaximum() {
    Backoff backoff = Backoff.attempts(100, Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.ceiling(99)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theJitteredDelayIsAPartOfTheCeiling() {
    Backoff backoff = new Backoff(4, Duration.ofMillis(100), Duration.ofMillis(1_000));

    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1_000));
    assertThat(backoff.delay(3, 0.25)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesWhatCannotBeMeant() {
    assertThatThrownBy(() -> Backoff.attempts(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Backoff(-1, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("0 or more");
    assertThatThrownBy(() -> Backoff.attempts(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("baseDelay <= maxDelay");
    assertThatThrownBy(() -> Backoff.attempts(3, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= baseDelay");
    assertThatThrownBy(() -> Backoff.attempts(3, Duration.ZERO, Duration.ZERO).ceiling(0))
        .hasMessageContaining("count from 1");
  }
}
