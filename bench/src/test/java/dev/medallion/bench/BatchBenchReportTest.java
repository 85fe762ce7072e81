package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.bench.BatchBenchmark.Config;
import dev.medallion.bench.BatchBenchmark.Result;
import dev.medallion.bench.BatchBenchmark.Step;
import dev.medallion.run.RecordCounts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * How {@code bench batch} reports: the text it prints and the Markdown section it appends (tables,
 * ratios, the Mermaid chart, the check), and how it tells counts and metrics apart. Made-up
 * figures; no Spark, no process.
 */
class BatchBenchReportTest {
  private static final Path WORK = Path.of("/tmp/work");

  private static final RecordCounts EVENTS =
      new RecordCounts(20_003, 19_100, 400, 503, 380, Map.of("malformed_json", 40L));
  private static final RecordCounts USERS = new RecordCounts(57, 52, 1, 4, 0, Map.of());
  private static final RecordCounts TRANSACTIONS = new RecordCounts(154, 150, 0, 4, 0, Map.of());

  private static Map<String, RecordCounts> counts(RecordCounts events) {
    Map<String, RecordCounts> counts = new LinkedHashMap<>();
    counts.put("events", events);
    counts.put("users", USERS);
    counts.put("transactions", TRANSACTIONS);
    return counts;
  }

  private static Result result(List<String> countDifferences, List<String> metricsDifferences) {
    Machine machine =
        new Machine(
            2,
            Optional.of("Test CPU"),
            "Linux amd64",
            "OpenJDK 17.0.15",
            "3.5.4",
            "local[*]",
            8,
            2,
            1.25);
    List<Step> measured =
        List.of(
            new Step(BatchBenchmark.MEDALLION, 20_003, 40.0, OptionalLong.of(2L << 30), WORK),
            new Step(BatchBenchmark.DUCKDB, 20_003, 4.0, OptionalLong.of(1L << 29), WORK),
            new Step(BatchBenchmark.NAIVE, 20_003, 80.0, OptionalLong.empty(), WORK));
    List<Step> history =
        List.of(new Step(BatchBenchmark.MEDALLION, 10_003, 30.0, OptionalLong.empty(), WORK));
    Map<String, Map<String, RecordCounts>> counts = new LinkedHashMap<>();
    counts.put(BatchBenchmark.MEDALLION, counts(EVENTS));
    counts.put(BatchBenchmark.DUCKDB, counts(EVENTS));
    counts.put(
        BatchBenchmark.NAIVE, counts(new RecordCounts(20_003, 19_000, 400, 603, 0, Map.of())));
    counts.put(BatchBenchmark.EXPECTED, counts(EVENTS));
    return new Result(
        new Config(20_000, 10_000, 7, true),
        machine,
        "v1.5.6",
        List.of("-Xmx4g", "-XX:+UseParallelGC"),
        2.5,
        history,
        measured,
        counts,
        countDifferences,
        321,
        metricsDifferences,
        WORK);
  }

  @Test
  void theTextHasEveryStepItsRateTheRatiosAndTheCounts() {
    String text = BatchBenchReport.render(result(List.of(), List.of()));

    assertThat(text)
        .contains("20,003 event lines in the measured run")
        .contains("over a lake of 10,003 earlier event lines")
        .containsPattern("Medallion pipeline +20,003 +40\\.0 +500 +2\\.00 GiB")
        .containsPattern("DuckDB +20,003 +4\\.0 +5,001 +0\\.50 GiB")
        .containsPattern("naive Spark +20,003 +80\\.0 +250 +-")
        .contains("Medallion/DuckDB 0.10x, Medallion/naive Spark 2.00x")
        .contains("history run (not in the ratios)")
        .containsPattern("generator \\(expected.json\\) +20,003 +19,100 +400 +503 +380")
        .containsPattern("naive Spark +20,003 +19,000 +400 +603 +0")
        .contains("load average 1.25 at the start, 2.50 at the end")
        .contains("DuckDB v1.5.6")
        .contains("-Xmx4g -XX:+UseParallelGC")
        .contains("Medallion and DuckDB agree")
        .contains("the same 321 rows of curated.daily_event_metrics");
  }

  @Test
  void aDifferenceIsSaidLoudlyWithWhatDiffers() {
    Result r =
        result(
            List.of("events cleansed: Medallion 19,100, DuckDB 19,099"),
            List.of("2026-11-02 / click / PL: Medallion (...), DuckDB (...)"));

    assertThat(r.agree()).isFalse();
    assertThat(BatchBenchReport.render(r))
        .contains("MEDALLION AND DUCKDB DIFFER")
        .contains("counts:  events cleansed: Medallion 19,100, DuckDB 19,099")
        .contains("metrics: 2026-11-02 / click / PL");
    assertThat(BatchBenchReport.markdown(r, LocalDate.of(2026, 12, 7)))
        .contains("**Check:** MEDALLION AND DUCKDB DIFFER:\n\n- counts: events cleansed:")
        .contains("- metrics: 2026-11-02 / click / PL");
  }

  @Test
  void theMarkdownSectionHasTheTablesAndAMermaidBarChartOfEventsPerSecond() {
    String md = BatchBenchReport.markdown(result(List.of(), List.of()), LocalDate.of(2026, 12, 7));

    assertThat(md)
        .startsWith(
            "\n## Batch pipeline against DuckDB and a naive Spark job (2026-12-07, 20,000 events)")
        .contains("`bin/medallion bench batch --events 20000 --history 10000 --seed 7`")
        .contains(
            "| measured run | event lines | seconds | events/s | peak RSS |\n| --- | ---: | ---: | ---: | ---: |\n")
        .contains("| Medallion pipeline | 20,003 | 40.0 | 500 | 2.00 GiB |")
        .contains(
            "| events of the measured run | read | cleansed | duplicates | quarantined | late |")
        .contains(
            "```mermaid\n"
                + "xychart-beta\n"
                + "    title \"Measured run: events/s (higher is faster)\"\n"
                + "    x-axis [\"Medallion pipeline\", \"DuckDB\", \"naive Spark\"]\n"
                + "    y-axis \"events/s\"\n"
                + "    bar [500, 5001, 250]\n"
                + "```\n")
        .contains("**Check:** Medallion and DuckDB agree");
    assertThat(md.lines().filter(l -> !l.startsWith("|")))
        .as("prose wrapped at 100 characters, as the rest of the file")
        .allMatch(l -> l.length() <= 100);
  }

  @Test
  void countsAreComparedKindByKindWithEveryReason() {
    Map<String, RecordCounts> ours = counts(EVENTS);
    Map<String, RecordCounts> theirs = counts(EVENTS);
    assertThat(CountChecks.differences(ours, "A", theirs, "B")).isEmpty();

    theirs.put(
        "events", new RecordCounts(20_003, 19_101, 399, 503, 0, Map.of("malformed_json", 41L)));
    assertThat(CountChecks.differences(ours, "A", theirs, "B"))
        .containsExactly(
            "events cleansed: A 19,100, B 19,101",
            "events duplicates: A 400, B 399",
            "events quarantine reasons: A {malformed_json=40}, B {malformed_json=41}");
  }

  @Test
  void metricsRowsAreComparedByKeyWithValueSumsWithinRounding() {
    MetricsRows.Metric a =
        new MetricsRows.Metric(
            "2026-11-02", "click", "PL", 10, 4, 0.1 + 0.2, new BigDecimal("12.50"));
    MetricsRows.Metric sameButRounded =
        new MetricsRows.Metric("2026-11-02", "click", "PL", 10, 4, 0.3, new BigDecimal("12.50"));
    MetricsRows.Metric noCountry =
        new MetricsRows.Metric("2026-11-02", "click", null, 1, 0, 0, new BigDecimal("0.00"));
    MetricsRows.Metric moreRevenue =
        new MetricsRows.Metric("2026-11-02", "click", "PL", 10, 4, 0.3, new BigDecimal("12.51"));

    assertThat(
            MetricsRows.differences(
                List.of(a, noCountry), List.of(noCountry, sameButRounded), "B", 5))
        .isEmpty();
    assertThat(MetricsRows.differences(List.of(a), List.of(moreRevenue, noCountry), "B", 5))
        .containsExactly(
            "2026-11-02 / click / (no country): only in B (events 1, distinct_users 0, value_sum 0.0,"
                + " revenue 0.00)",
            "2026-11-02 / click / PL: Medallion (events 10, distinct_users 4, value_sum"
                + " 0.30000000000000004, revenue 12.50), B (events 10, distinct_users 4, value_sum"
                + " 0.3, revenue 12.51)");
    assertThat(MetricsRows.differences(List.of(a), List.of(moreRevenue, noCountry), "B", 1))
        .hasSize(2)
        .endsWith("... and 1 more");
  }
}
