package dev.medallion.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anIngestRunGivesItsQuarantineRatioAsAnEmbeddedMetric() throws Exception {
    RunSummary summary =
        new RunSummary(
            "ingest",
            "000003-x",
            3,
            RunSummary.SUCCEEDED,
            "2026-11-21T10:00:00Z",
            1500,
            Map.of(),
            Map.of(
                "events", new RecordCounts(90, 80, 4, 6, 0, Map.of()),
                "users", new RecordCounts(10, 6, 0, 4, 0, Map.of())),
            Map.of(),
            null,
            null,
            null);

    JsonNode line = JSON.readTree(RunMetrics.emf(summary));

    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertThat(directive.get("Namespace").asText()).isEqualTo("Medallion");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Job");
    List<String> names = new ArrayList<>();
    directive.get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
    assertThat(names)
        .containsExactly(
            "RunFailed",
            "DurationMs",
            "RecordsRead",
            "RecordsCleansed",
            "RecordsQuarantined",
            "QuarantineRatio");
    // Every metric named in the directive is a top-level member, as CloudWatch requires.
    names.forEach(n -> assertThat(line.has(n)).as(n).isTrue());
    assertThat(line.get("Job").asText()).isEqualTo("ingest");
    assertThat(line.get("RecordsRead").asLong()).isEqualTo(100);
    assertThat(line.get("RecordsQuarantined").asLong()).isEqualTo(10);
    assertThat(line.get("QuarantineRatio").asDouble()).isEqualTo(0.1);
    assertThat(line.get("RunFailed").asInt()).isZero();
    assertThat(line.at("/_aws/Timestamp").asLong())
        .isEqualTo(java.time.Instant.parse("2026-11-21T10:00:01.500Z").toEpochMilli());
  }

  @Test
  void aFailedLoadSaysSo() throws Exception {
    RunSummary failed =
        new RunSummary(
            "load",
            "r",
            0,
            RunSummary.FAILED,
            null,
            10,
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            "x",
            null);

    JsonNode line = JSON.readTree(RunMetrics.emf(failed));

    assertThat(line.get("Job").asText()).isEqualTo("load");
    assertThat(line.get("RunFailed").asInt()).isEqualTo(1);
    assertThat(line.has("QuarantineRatio")).isFalse();
  }
}
