package dev.medallion.query;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.testing.Cli;
import dev.medallion.testing.GeneratedLake;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of {@code athena/queries/} on a small lake that the pipeline builds from generated
 * data, run by the {@code query} command (QueryRunner, JSON output) as a user runs it: each must
 * run and return rows, and the answers of most are compared with values computed independently,
 * from the generator's {@code expected.json} or with the Dataset API over other tables, so that a
 * wrong query fails here.
 */
@Tag("integration")
// Two pipeline runs to build its lake (about a minute): with the long suites, before the same
// queries run on Trino in .ci/trino-check.
@Tag("long")
class AthenaQueriesIT {
  private static final int RUNS = 2;
  private static final String[] SMALL = {
    "--conf",
    "spark.sql.shuffle.partitions=2",
    "--conf",
    "spark.databricks.delta.snapshotPartitions=1"
  };
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir static Path tmp;
  static SparkSession spark;
  static Lake lake;
  static JsonNode expected;
  static final Map<String, List<String>> columns = new LinkedHashMap<>();
  static final Map<String, List<List<String>>> results = new LinkedHashMap<>();

  @BeforeAll
  static void buildALakeAndRunEveryQuery() throws IOException {
    spark = SharedSpark.get();
    GeneratedLake generated = GeneratedLake.build(tmp, 5L, 300, RUNS);
    expected = generated.expected();
    LakeLocation location = generated.location();
    lake = new Lake(spark, location);
    for (Path file : queryFiles()) {
      List<String> args = new ArrayList<>(List.of("query", "--lake", location.toString()));
      args.addAll(Arrays.asList(SMALL));
      args.addAll(List.of("--format", "json", "--file", file.toString()));
      Cli.Result result = Cli.run(args.toArray(String[]::new));
      assertThat(result.exit()).as(file + "\n" + result.both()).isZero();
      List<String> names = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (String line : result.out().lines().filter(l -> !l.isBlank()).toList()) {
        JsonNode row = JSON.readTree(line);
        List<String> cells = new ArrayList<>();
        List<String> rowNames = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> cell = it.next();
          rowNames.add(cell.getKey());
          cells.add(text(cell.getValue()));
        }
        names = rowNames;
        rows.add(cells);
      }
      String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
      columns.put(name, names);
      results.put(name, rows);
    }
  }

  /** {@code athena/queries/*.sql} of this checkout, by name. */
  static List<Path> queryFiles() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("athena/queries"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("athena/queries above " + Path.of("").toAbsolutePath()).isNotNull();
    try (Stream<Path> files = Files.list(dir.resolve("athena/queries"))) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }

  /** A JSON value as text: numbers in plain notation without trailing zeros, null as null. */
  static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return plain(value.decimalValue());
    }
    return value.asText();
  }

  static String plain(BigDecimal number) {
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }

  static List<String> row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(
          cell == null
              ? null
              : cell instanceof BigDecimal d
                  ? plain(d)
                  : cell instanceof Number n
                      ? plain(new BigDecimal(n.toString()))
                      : cell.toString());
    }
    return row;
  }

  /** The rows of a Dataset, every column as {@link #row} makes it. */
  static List<List<String>> rows(Dataset<Row> data) {
    List<List<String>> rows = new ArrayList<>();
    for (Row r : data.collectAsList()) {
      Object[] cells = new Object[r.length()];
      for (int i = 0; i < r.length(); i++) {
        cells[i] = r.get(i);
      }
      rows.add(row(cells));
    }
    return rows;
  }

  private static long sumOverRuns(String kind, String counter) {
    long total = 0;
    for (int run = 1; run <= RUNS; run++) {
      total += expected.get("run-" + run).get(kind).get(counter).asLong();
    }
    return total;
  }

  /** The ingest date of each ingest run, from raw.events. */
  private static Map<Long, String> runDates() {
    Map<Long, String> dates = new TreeMap<>();
    for (Row r :
        lake.read(LakeTable.RAW_EVENTS)
            .select(col("_ingest_run"), col("ingest_date").cast("string"))
            .distinct()
            .collectAsList()) {
      dates.put(r.getLong(0), r.getString(1));
    }
    assertThat(dates).hasSize(RUNS);
    return dates;
  }

  @Test
  void everyQueryRunsAndReturnsRows() throws IOException {
    assertThat(results.keySet())
        .contains(
            "daily_active_users",
            "revenue_by_country",
            "top_event_types",
            "quarantine_reasons",
            "late_event_share",
            "duplicates_per_day",
            "events_per_day_by_type",
            "freshness");
    assertThat(results).hasSameSizeAs(queryFiles());
    results.forEach((name, rows) -> assertThat(rows).as(name).isNotEmpty());
  }

  @Test
  void everyQueryHasAHeaderThatNamesItsTablesAndADeterministicOrder() throws IOException {
    for (Path file : queryFiles()) {
      String sql = Files.readString(file);
      assertThat(sql).as(file.toString()).startsWith("-- ").contains("-- Reads: ");
      String reads = sql.lines().filter(l -> l.startsWith("-- Reads: ")).findFirst().orElseThrow();
      for (LakeTable table : LakeTable.values()) {
        boolean used = sql.replaceAll("(?m)^--.*$", "").contains(table.qualifiedName());
        assertThat(reads.contains(table.qualifiedName()))
            .as(file + ": the header names " + table.qualifiedName() + " iff the query reads it")
            .isEqualTo(used);
      }
      assertThat(sql.replaceAll("(?m)^--.*$", "")).as(file.toString()).contains("ORDER BY");
    }
  }

  @Test
  void dailyActiveUsersAreTheDistinctUsersOfCleansedEventsPerDay() {
    Dataset<Row> want =
        lake.read(LakeTable.CLEANSED_EVENTS)
            .groupBy(col("event_date"))
            .agg(countDistinct(col("user_id")).as("active_users"), count(lit(1)).as("events"))
            .orderBy(col("event_date"))
            .select(col("event_date").cast("string"), col("active_users"), col("events"));
    assertThat(columns.get("daily_active_users"))
        .containsExactly("event_date", "active_users", "events");
    assertThat(results.get("daily_active_users")).isEqualTo(rows(want));
  }

  @Test
  void topEventTypesAreCountedFromCleansedEvents() {
    Dataset<Row> want =
        lake.read(LakeTable.CLEANSED_EVENTS)
            .groupBy(col("event_type"))
            .agg(
                count(lit(1)).as("events"),
                countDistinct(col("user_id")).as("users"),
                countDistinct(col("event_date")).as("days"))
            .orderBy(col("events").desc(), col("event_type"))
            .limit(10);
    assertThat(results.get("top_event_types")).isEqualTo(rows(want));
    assertThat(results.get("top_event_types")).hasSizeGreaterThan(2);
  }

  @Test
  void eventsPerDayByTypeAreTheEnrichedEventsAndTheirCompletedTransactionsPerKey() {
    // From the enriched events, not from the metrics table the query reads.
    Dataset<Row> enriched = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);
    Dataset<Row> revenue =
        enriched
            .where(col("transaction_status").equalTo("completed"))
            .select("event_date", "event_type", "country", "transaction_id", "amount")
            .distinct()
            .groupBy("event_date", "event_type", "country")
            .agg(sum(col("amount")).as("revenue"));
    Dataset<Row> events =
        enriched.groupBy("event_date", "event_type", "country").agg(count(lit(1)).as("events"));
    Dataset<Row> want =
        events
            .join(
                revenue,
                events
                    .col("event_date")
                    .equalTo(revenue.col("event_date"))
                    .and(events.col("event_type").equalTo(revenue.col("event_type")))
                    .and(events.col("country").eqNullSafe(revenue.col("country"))),
                "left")
            .orderBy(
                events.col("event_date"),
                events.col("event_type"),
                events.col("country").asc_nulls_last())
            .select(
                events.col("event_date").cast("string"),
                events.col("event_type"),
                events.col("country"),
                col("events"),
                coalesce(col("revenue"), lit(BigDecimal.ZERO)));
    assertThat(columns.get("events_per_day_by_type"))
        .containsExactly("event_date", "event_type", "country", "events", "revenue");
    assertThat(results.get("events_per_day_by_type")).isEqualTo(rows(want));
    assertThat(results.get("events_per_day_by_type")).anyMatch(r -> r.get(2) == null);
  }

  /** The rows with their third cell, an instant, written one way. */
  static List<List<String>> sameInstants(List<List<String>> rows) {
    List<List<String>> same = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> copy = new ArrayList<>(row);
      copy.set(2, java.time.Instant.parse(row.get(2)).toString());
      same.add(copy);
    }
    return same;
  }

  @Test
  void freshnessIsTheNewestTimeAndTheRecordsOfEachTable() {
    List<List<String>> want = new ArrayList<>();
    Map<LakeTable, String> newestBy = new LinkedHashMap<>();
    newestBy.put(LakeTable.CLEANSED_EVENTS, "event_ts");
    newestBy.put(LakeTable.CURATED_EVENTS_ENRICHED, "event_ts");
    newestBy.put(LakeTable.QUARANTINE_RECORDS, "_ingested_at");
    newestBy.put(LakeTable.RAW_EVENTS, "_ingested_at");
    for (var table : newestBy.entrySet()) {
      Dataset<Row> newest =
          lake.read(table.getKey())
              .agg(
                  lit(table.getKey().qualifiedName()),
                  lit(table.getValue().equals("event_ts") ? "event time" : "arrival"),
                  max(col(table.getValue())),
                  count(lit(1)));
      want.addAll(rows(QueryRunner.asText(newest)));
    }
    assertThat(columns.get("freshness"))
        .containsExactly("table_name", "measured_by", "newest_time", "records");
    // The same instants, however many zeros of a fraction each printer writes.
    assertThat(sameInstants(results.get("freshness"))).isEqualTo(sameInstants(want));
  }

  @Test
  void revenueByCountryCountsEachCompletedTransactionOncePerMetricsRow() {
    // From the enriched events, not from the metrics table the query reads.
    Dataset<Row> enriched = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);
    Map<String, BigDecimal> revenue = new LinkedHashMap<>();
    for (Row r :
        enriched
            .where(col("transaction_status").equalTo("completed"))
            .select("event_date", "event_type", "country", "transaction_id", "amount")
            .distinct()
            .groupBy("country")
            .agg(sum(col("amount")))
            .collectAsList()) {
      revenue.put(r.getString(0), r.getDecimal(1));
    }
    List<List<String>> want = new ArrayList<>();
    List<Row> events = enriched.groupBy("country").agg(count(lit(1))).collectAsList();
    List<Row> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.<Row, BigDecimal>comparing(
                r -> revenue.getOrDefault(r.getString(0), BigDecimal.ZERO),
                Comparator.reverseOrder())
            .thenComparing(r -> r.getString(0), Comparator.nullsLast(Comparator.naturalOrder())));
    for (Row r : sorted) {
      want.add(
          row(r.getString(0), revenue.getOrDefault(r.getString(0), BigDecimal.ZERO), r.get(1)));
    }
    assertThat(results.get("revenue_by_country")).isEqualTo(want);
    // Unknown users' events are a group of their own, NULL, sorted by its revenue.
    assertThat(results.get("revenue_by_country")).anyMatch(r -> r.get(0) == null);
  }

  @Test
  void quarantineReasonsCountEveryReasonTheGeneratorPutIn() {
    Map<String, String> recordType =
        Map.of("events", "event", "users", "user", "transactions", "transaction");
    Map<List<String>, Long> want = new TreeMap<>(Comparator.comparing(Object::toString));
    for (int run = 1; run <= RUNS; run++) {
      JsonNode counts = expected.get("run-" + run);
      for (Map.Entry<String, String> kind : recordType.entrySet()) {
        counts
            .get(kind.getKey())
            .get("quarantinedByReason")
            .fields()
            .forEachRemaining(
                e ->
                    want.merge(
                        List.of(kind.getValue(), e.getKey()), e.getValue().asLong(), Long::sum));
      }
    }
    Map<List<String>, Long> got = new TreeMap<>(Comparator.comparing(Object::toString));
    for (List<String> r : results.get("quarantine_reasons")) {
      assertThat(r.get(2)).as("reason_code is the reason up to ':'").startsWith(r.get(1));
      assertThat(r.get(2).split(":")[0]).isEqualTo(r.get(1));
      assertThat(got.put(List.of(r.get(0), r.get(2)), Long.parseLong(r.get(3)))).isNull();
    }
    assertThat(got).isEqualTo(want);
    // Some records have two reasons: each counts.
    assertThat(got.values().stream().mapToLong(Long::longValue).sum())
        .isGreaterThan(sumOverRuns("events", "quarantined"));
    List<List<String>> ordered = new ArrayList<>(results.get("quarantine_reasons"));
    ordered.sort(
        Comparator.<List<String>, Long>comparing(r -> Long.parseLong(r.get(3)))
            .reversed()
            .thenComparing(r -> r.get(0))
            .thenComparing(r -> r.get(2)));
    assertThat(results.get("quarantine_reasons")).isEqualTo(ordered);
  }

  @Test
  void duplicatesPerDayAreWhatTheGeneratorRetried() {
    Map<String, long[]> perDay = new TreeMap<>();
    runDates()
        .forEach(
            (run, date) -> {
              JsonNode events = expected.get("run-" + run).get("events");
              long[] day = perDay.computeIfAbsent(date, d -> new long[5]);
              day[0]++;
              day[1] += events.get("read").asLong();
              day[2] += events.get("cleansed").asLong();
              day[3] += events.get("quarantined").asLong();
              day[4] += events.get("duplicates").asLong();
            });
    List<List<String>> want = new ArrayList<>();
    perDay.forEach((date, d) -> want.add(row(date, d[0], d[1], d[2], d[3], d[4])));
    assertThat(columns.get("duplicates_per_day"))
        .containsExactly(
            "ingest_date", "runs", "raw_records", "cleansed", "quarantined", "duplicates");
    assertThat(results.get("duplicates_per_day")).isEqualTo(want);
    assertThat(sumOverRuns("events", "duplicates")).isPositive();
  }

  @Test
  void lateEventShareIsTheGeneratorsLateEventsOverTheCleansedOnes() {
    Map<String, long[]> perDay = new TreeMap<>();
    runDates()
        .forEach(
            (run, date) -> {
              JsonNode events = expected.get("run-" + run).get("events");
              long[] day = perDay.computeIfAbsent(date, d -> new long[2]);
              day[0] += events.get("cleansed").asLong();
              day[1] += events.get("late").asLong();
            });
    List<List<String>> want = new ArrayList<>();
    perDay.forEach(
        (date, d) ->
            want.add(
                row(
                    date,
                    d[0],
                    d[1],
                    BigDecimal.valueOf(d[1])
                        .divide(BigDecimal.valueOf(d[0]), 4, RoundingMode.HALF_UP))));
    assertThat(results.get("late_event_share")).isEqualTo(want);
    assertThat(sumOverRuns("events", "late")).isPositive();
  }
}
