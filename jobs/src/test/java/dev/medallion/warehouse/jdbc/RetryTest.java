package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTest {

  @Test
  void theDefaultsDoubleFromOneSecondForFiveAttempts() {
    Retry retry = Retry.defaults();

    assertThat(retry.attempts()).isEqualTo(5);
    assertThat(retry.delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(retry.delayBefore(4)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void theDelayStopsGrowingAtTheMaximum() {
    Retry retry = new Retry(100, Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(retry.delayBefore(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(retry.delayBefore(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(retry.delayBefore(99)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void refusesWhatCannotBeMeant() {
    assertThatThrownBy(() -> new Retry(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Retry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("initialDelay <= maxDelay");
    assertThatThrownBy(() -> new Retry(3, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("0 <= initialDelay");
  }
}
