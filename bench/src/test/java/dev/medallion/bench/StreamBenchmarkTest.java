package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import dev.medallion.stream.BatchCounts;
import dev.medallion.stream.StreamMetrics.BatchReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamBenchmarkTest {
  private static BatchReport batch(String watermark) {
    return new BatchReport(new BatchCounts(0, 10, 10, 0, 0, 0, Map.of(), 5), 5, 2000, watermark, 7);
  }

  @Test
  void theSpanOfAMicroBatchIsHowFarTheWatermarkMovedPerBatchIgnoringNoWatermarkYet() {
    List<BatchReport> batches =
        List.of(
            batch("1970-01-01T00:00:00.000Z"),
            batch("2026-11-21T10:00:00.000Z"),
            batch("2026-11-21T10:00:20.000Z"),
            batch(null),
            batch("2026-11-21T10:01:00.000Z"));
    assertThat(StreamBenchmark.meanSpanSeconds(batches)).isEqualTo(30.0);
    assertThat(StreamBenchmark.meanSpanSeconds(batches.subList(0, 2))).isZero();
  }

  @Test
  void sizesAreCheckedNamingTheirOption() {
    assertThatThrownBy(() -> config(List.of(2000.0), List.of("rocksdb", "disk")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--state-store");
    assertThatThrownBy(() -> config(List.of(), List.of("rocksdb")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--rates");
    assertThat(config(List.of(2000.0, 5000.0), List.of("rocksdb", "memory")).stateStore())
        .isEqualTo("rocksdb");
  }

  @Test
  void spikesAreEvenlyPlacedInTheSteadyRun() {
    SteadySpikes.Plan plan = new SteadySpikes.Plan(10_000, 20_000, 300, 60, 2);
    assertThat(plan.windows())
        .containsExactly(new SteadySpikes.Window(60, 120), new SteadySpikes.Window(180, 240));
    assertThat(plan.rateAt(59)).isEqualTo(10_000);
    assertThat(plan.rateAt(60)).isEqualTo(20_000);
    assertThat(plan.rateAt(119)).isEqualTo(20_000);
    assertThat(plan.rateAt(120)).isEqualTo(10_000);
    assertThat(plan.headSeconds()).isEqualTo(60);
    assertThat(new SteadySpikes.Plan(2000, 4000, 40, 10, 1).windows())
        .containsExactly(new SteadySpikes.Window(15, 25));
    assertThat(new SteadySpikes.Plan(2000, 4000, 40, 10, 0).windows()).isEmpty();
  }

  @Test
  void spikesMustLeaveSteadyTime() {
    assertThatThrownBy(
            () ->
                new StreamBenchmark.Config(
                    1000,
                    100,
                    4,
                    0,
                    List.of(2000.0),
                    0,
                    10,
                    List.of(Duration.ofSeconds(1)),
                    2000,
                    0,
                    10_000,
                    20_000,
                    100,
                    60,
                    2,
                    Duration.ofSeconds(30),
                    List.of("rocksdb")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--spike-seconds");
  }

  private static StreamBenchmark.Config config(List<Double> rates, List<String> stores) {
    return new StreamBenchmark.Config(
        1000,
        100,
        4,
        0,
        rates,
        60,
        10,
        List.of(Duration.ofSeconds(1)),
        2000,
        300,
        10_000,
        20_000,
        300,
        60,
        2,
        Duration.ofSeconds(30),
        stores);
  }
}
