package dev.medallion.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.run.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamMetricsTest {
  private final StreamMetrics metrics =
      new StreamMetrics(new PrintStream(OutputStream.nullOutputStream()), Progress.silent());

  @Test
  void latenciesFromAMarkAreThoseRecordedSinceSorted() {
    metrics.visible(List.of(900L, 500L), 1000); // 100 ms, 500 ms
    int mark = metrics.latencyCount();
    metrics.visible(Arrays.asList(1700L, null, 1990L, 1200L), 2000); // 300, 10, 800 ms

    assertThat(mark).isEqualTo(2);
    assertThat(metrics.latencyCount()).isEqualTo(5);
    assertThat(metrics.latenciesFrom(mark)).containsExactly(10, 300, 800);
    assertThat(metrics.latenciesFrom(metrics.latencyCount())).isEmpty();
    assertThat(metrics.latencies()).containsExactly(10, 100, 300, 500, 800);
  }

  @Test
  void aMarkBeyondWhatWasRecordedIsRefused() {
    metrics.visible(List.of(1L), 2);
    assertThatThrownBy(() -> metrics.latenciesFrom(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.latenciesFrom(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void percentilesOfSortedLatencies() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(StreamMetrics.percentile(sorted, 0.5)).isEqualTo(50);
    assertThat(StreamMetrics.percentile(sorted, 0.95)).isEqualTo(100);
    assertThat(StreamMetrics.percentile(sorted, 1.0)).isEqualTo(100);
    assertThat(StreamMetrics.percentile(new long[0], 0.5)).isEqualTo(-1);
  }
}
