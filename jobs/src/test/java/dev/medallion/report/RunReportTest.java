package dev.medallion.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
  static RunSummary run(String job, long n, String started, long millis, String status) {
    Map<String, RecordCounts> records =
        job.equals("ingest")
            ? Map.of(
                "events", new RecordCounts(1000, 950, 30, 20, 5, Map.of("missing_field:x", 20L)))
            : Map.of();
    Map<String, Long> curated =
        switch (job) {
          case "curate" -> Map.of("events_enriched rows added", 950L);
          case "load" -> Map.of("events_enriched rows upserted", 950L);
          default -> Map.of();
        };
    return new RunSummary(
        job,
        "%06d".formatted(n),
        n,
        status,
        started,
        millis,
        Map.of(),
        records,
        curated,
        null,
        null,
        null);
  }

  @Test
  void runsAreInTheOrderTheyStartedWithTheirRecordsPerSecond() {
    RunReport.Report report =
        RunReport.of(
            "file:/lake",
            List.of(
                run("curate", 1, "2026-12-01T10:01:00Z", 5_000, RunSummary.SUCCEEDED),
                run("ingest", 1, "2026-12-01T10:00:00Z", 4_000, RunSummary.SUCCEEDED)),
            List.of("ingest/broken.json"),
            Instant.parse("2026-12-01T11:00:00Z"));
    assertThat(report.runs()).extracting(RunReport.Run::job).containsExactly("ingest", "curate");
    assertThat(report.runs().get(0).records()).isEqualTo(1000L);
    assertThat(report.runs().get(0).recordsPerSecond()).isEqualTo(250.0);
    assertThat(report.runs().get(0).endedAt()).isEqualTo("2026-12-01T10:00:04Z");
    assertThat(report.runs().get(1).records()).isEqualTo(950L);
    assertThat(report.runs().get(1).recordsPerSecond()).isEqualTo(190.0);
    assertThat(report.unreadable()).containsExactly("ingest/broken.json");
  }

  @Test
  void aLoadsLagRunsFromTheEndOfTheNewestCurateBeforeItToItsOwnEnd() {
    RunReport.Report report =
        RunReport.of(
            "file:/lake",
            List.of(
                run("curate", 1, "2026-12-01T10:00:00Z", 10_000, RunSummary.SUCCEEDED),
                run("curate", 2, "2026-12-01T10:05:00Z", 10_000, RunSummary.SUCCEEDED),
                // failed and still running curate runs are not what the warehouse waits for
                run("curate", 3, "2026-12-01T10:06:00Z", 1_000, RunSummary.FAILED),
                run("curate", 4, "2026-12-01T10:09:00Z", 120_000, RunSummary.SUCCEEDED),
                run("load", 1, "2026-12-01T10:10:00Z", 30_000, RunSummary.SUCCEEDED),
                run("load", 2, "2026-12-01T09:00:00Z", 1_000, RunSummary.SUCCEEDED)),
            List.of(),
            Instant.now());
    RunReport.Run first =
        report.runs().stream()
            .filter(r -> r.runId().equals("000001") && r.job().equals("load"))
            .findFirst()
            .orElseThrow();
    // curate 2 ended at 10:05:10; the load ended at 10:10:30
    assertThat(first.loadLagMillis()).isEqualTo(320_000L);
    RunReport.Run early = report.runs().get(0);
    assertThat(early.job()).isEqualTo("load");
    assertThat(early.loadLagMillis()).as("no curate before it").isNull();
    assertThat(report.runs())
        .filteredOn(r -> !r.job().equals("load"))
        .allSatisfy(r -> assertThat(r.loadLagMillis()).isNull());
  }
}
