package dev.medallion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import dev.medallion.testing.GeneratedLake;
import dev.medallion.testing.Landing;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the pipeline three times on generated data (files arriving between runs) and checks every
 * rule of DESIGN section 3 on the resulting tables, against counts the generator knows from how it
 * made each record, not from running the pipeline.
 */
@Tag("integration")
class PipelineIT {
  private static final int RUNS = 3;

  @TempDir static Path tmp;
  static SparkSession spark;
  static LakeLocation lake;
  static JsonNode expected;
  static final List<List<RunSummary>> summaries = new ArrayList<>();
  static long cleansedVersionAfterRuns;
  static List<RunSummary> rerun;

  @BeforeAll
  static void runThePipelineOncePerArrival() throws Exception {
    spark = SharedSpark.get();
    GeneratedLake generated = GeneratedLake.build(tmp, 7L, 700, RUNS);
    expected = generated.expected();
    lake = generated.location();
    summaries.addAll(generated.summaries());
    Lake tables = new Lake(spark, lake);
    tables.registerTables();
    cleansedVersionAfterRuns = tables.version(LakeTable.CLEANSED_EVENTS);
    rerun = new Pipeline(spark, Landing.quiet()).run(generated.config());
  }

  private static long count(String sql) {
    return spark.sql(sql).head().getLong(0);
  }

  private static RunSummary ingest(int run) {
    return summaries.get(run - 1).get(0);
  }

  @Test
  void everyRunCountsWhatTheRulesImply() {
    for (int run = 1; run <= RUNS; run++) {
      JsonNode want = expected.get("run-" + run);
      for (Iterator<String> kinds = want.fieldNames(); kinds.hasNext(); ) {
        String kind = kinds.next();
        JsonNode w = want.get(kind);
        RecordCounts got = ingest(run).records().get(kind);
        Map<String, Long> reasons = new TreeMap<>();
        w.get("quarantinedByReason")
            .fields()
            .forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
        assertThat(got)
            .as("run %d, %s", run, kind)
            .isEqualTo(
                new RecordCounts(
                    w.get("read").asLong(),
                    w.get("cleansed").asLong(),
                    w.get("duplicates").asLong(),
                    w.get("quarantined").asLong(),
                    w.get("late").asLong(),
                    reasons));
      }
    }
  }

  @Test
  void everyRunBalances() {
    for (List<RunSummary> run : summaries) {
      run.get(0).records().values().forEach(c -> assertThat(c.balanced()).isTrue());
    }
  }

  @Test
  void tablesHoldExactlyWhatEachRunSummaryCounted() {
    for (int run = 1; run <= RUNS; run++) {
      RecordCounts events = ingest(run).records().get("events");
      assertThat(count("SELECT count(*) FROM raw.events WHERE _ingest_run = " + run))
          .isEqualTo(events.read());
      assertThat(count("SELECT count(*) FROM cleansed.events WHERE _ingest_run = " + run))
          .isEqualTo(events.cleansed());
      assertThat(
              count(
                  "SELECT count(*) FROM quarantine.records WHERE record_type = 'event' AND _ingest_run = "
                      + run))
          .isEqualTo(events.quarantined());
    }
  }

  @Test
  void noEventUuidIsEverInCleansedOrCuratedTwice() {
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT event_uuid FROM cleansed.events GROUP BY 1 HAVING count(*) > 1)"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT event_uuid FROM curated.events_enriched GROUP BY 1 HAVING count(*) > 1)"))
        .isZero();
    assertThat(count("SELECT count(*) FROM curated.events_enriched"))
        .isEqualTo(count("SELECT count(*) FROM cleansed.events"))
        .isPositive();
  }

  @Test
  void theFirstIngestedCopyWinsAcrossRuns() {
    // The generator retries events of earlier runs with an added attribute "retry".
    long retriesInRaw =
        count("SELECT count(*) FROM raw.events WHERE record LIKE '%\"retry\":\"1\"%'");
    assertThat(retriesInRaw).isPositive();
    assertThat(count("SELECT count(*) FROM cleansed.events WHERE attributes['retry'] IS NOT NULL"))
        .isZero();
    // Every retried uuid is in cleansed, from an earlier run than the retry.
    assertThat(
            count(
                "SELECT count(*) FROM raw.events r JOIN cleansed.events c"
                    + " ON get_json_object(r.record, '$.event_uuid') = c.event_uuid"
                    + " WHERE r.record LIKE '%\"retry\":\"1\"%' AND c._ingest_run < r._ingest_run"))
        .isEqualTo(retriesInRaw);
  }

  @Test
  void quarantineKeepsTheOriginalTextAndEveryReason() {
    assertThat(
            count(
                "SELECT count(*) FROM quarantine.records WHERE record IS NULL OR size(reasons) = 0"))
        .isZero();
    assertThat(count("SELECT count(*) FROM quarantine.records WHERE size(reasons) > 1"))
        .isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM quarantine.records WHERE array_contains(reasons, 'invalid_utf8')"))
        .isEqualTo(RUNS);
    assertThat(count("SELECT count(*) FROM quarantine.records WHERE reason_detail IS NULL"))
        .isZero();
    // Every quarantined record's text is in raw, at the same source and line.
    assertThat(
            count(
                "SELECT count(*) FROM quarantine.records q LEFT ANTI JOIN raw.events r"
                    + " ON q._source = r._source AND q._line = r._line AND q.record = r.record"
                    + " WHERE q.record_type = 'event'"))
        .isZero();
  }

  @Test
  void eventDateIsTheUtcDateWhateverTheOffset() {
    assertThat(count("SELECT count(*) FROM cleansed.events WHERE event_date <> to_date(event_ts)"))
        .isZero();
    // Events whose local date (as written, before the offset) differs from their UTC date.
    long crossing =
        count(
            "SELECT count(*) FROM raw.events r JOIN cleansed.events c"
                + " ON r._source = c._source AND r._line = c._line"
                + " WHERE substr(get_json_object(r.record, '$.event_ts'), 1, 10) <> cast(c.event_date AS STRING)");
    assertThat(crossing).isPositive();
  }

  @Test
  void eventsOfUnknownUsersReachCuratedWithNulls() {
    long unknown = count("SELECT count(*) FROM curated.events_enriched WHERE user_id LIKE 'u99%x'");
    assertThat(unknown).isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM curated.events_enriched WHERE user_id LIKE 'u99%x'"
                    + " AND user_name IS NULL AND country IS NULL AND segment IS NULL"))
        .isEqualTo(unknown);
    assertThat(count("SELECT count(*) FROM curated.daily_event_metrics WHERE country IS NULL"))
        .isPositive();
  }

  @Test
  void dailyMetricsEqualAnIndependentComputation() {
    String expectedMetrics =
        "SELECT e.event_date, e.event_type, e.country, count(*) AS events,"
            + " count(DISTINCT e.user_id) AS distinct_users,"
            + " sum(coalesce(e.value, 0)) AS value_sum,"
            + " coalesce(max(r.revenue), 0) AS revenue"
            + " FROM curated.events_enriched e LEFT JOIN ("
            + "   SELECT event_date, event_type, country, sum(amount) AS revenue FROM ("
            + "     SELECT DISTINCT event_date, event_type, country, transaction_id, amount"
            + "     FROM curated.events_enriched WHERE transaction_status = 'completed')"
            + "   GROUP BY event_date, event_type, country) r"
            + " ON e.event_date = r.event_date AND e.event_type = r.event_type AND e.country <=> r.country"
            + " GROUP BY e.event_date, e.event_type, e.country";
    String actual =
        "SELECT event_date, event_type, country, events, distinct_users, value_sum, revenue"
            + " FROM curated.daily_event_metrics";
    String rounded =
        "SELECT event_date, event_type, country, events, distinct_users, round(value_sum, 6), cast(revenue AS DECIMAL(38,2)) FROM (%s)";
    long rows = count("SELECT count(*) FROM curated.daily_event_metrics");
    assertThat(rows).isPositive();
    assertThat(
            spark
                .sql(String.format(rounded, expectedMetrics))
                .exceptAll(spark.sql(String.format(rounded, actual)))
                .count())
        .isZero();
    assertThat(
            spark
                .sql(String.format(rounded, actual))
                .exceptAll(spark.sql(String.format(rounded, expectedMetrics)))
                .count())
        .isZero();
    assertThat(count("SELECT count(*) FROM curated.daily_event_metrics WHERE revenue > 0"))
        .isPositive();
  }

  @Test
  void laterRunsReadOnlyTheFilesThatArrivedSince() {
    for (int run = 1; run <= RUNS; run++) {
      assertThat(ingest(run).files().get("events").read()).as("run %d", run).isEqualTo(3);
      assertThat(ingest(run).files().get("users").read()).isEqualTo(1);
      assertThat(ingest(run).files().get("transactions").read()).isEqualTo(1);
    }
  }

  @Test
  void aRunWithNothingNewReadsAndChangesNothing() {
    RunSummary ingest = rerun.get(0);
    ingest.files().values().forEach(f -> assertThat(f.read()).isZero());
    ingest.records().values().forEach(c -> assertThat(c.read()).isZero());
    assertThat(new Lake(spark, lake).version(LakeTable.CLEANSED_EVENTS))
        .isEqualTo(cleansedVersionAfterRuns);
    assertThat(rerun.get(1).curated().get("events_enriched rows added")).isZero();
  }

  @Test
  void aLaterUsersFileReplacesEarlierRowsOfTheSameKey() {
    // The generator rewrites every third of the first users in run 2 with country PL, enterprise.
    Row replaced =
        spark
            .sql("SELECT country, segment, email FROM cleansed.users WHERE user_id = 'u0004'")
            .head();
    assertThat(replaced.getString(0)).isEqualTo("PL");
    assertThat(replaced.getString(1)).isEqualTo("enterprise");
    assertThat(replaced.getString(2)).isEqualTo("u0004@example.org");
    // Twice in one file: the later row wins.
    assertThat(
            spark
                .sql("SELECT name FROM cleansed.users WHERE user_id = 'u0002'")
                .head()
                .getString(0))
        .isEqualTo("Second Write");
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT user_id FROM cleansed.users GROUP BY 1 HAVING count(*) > 1)"))
        .isZero();
  }

  @Test
  void everyTableIsDeltaAndQueryableByItsDesignName() {
    for (LakeTable table : LakeTable.values()) {
      assertThat(new Lake(spark, lake).exists(table)).as(table.qualifiedName()).isTrue();
      assertThat(count("SELECT count(*) FROM " + table.qualifiedName()))
          .as(table.qualifiedName())
          .isPositive();
    }
  }
}
