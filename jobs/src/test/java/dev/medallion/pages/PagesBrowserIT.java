package dev.medallion.pages;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.dashboard.Answers;
import dev.medallion.dashboard.DashboardPage;
import dev.medallion.dashboard.DashboardServer;
import dev.medallion.dashboard.Questions;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.LocalTrees;
import dev.medallion.report.ReportPage;
import dev.medallion.report.RunReport;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamJob;
import dev.medallion.stream.StreamSource;
import dev.medallion.testing.Chromium;
import dev.medallion.testing.GeneratedLake;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.StreamRecords;
import dev.medallion.transform.LatePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The dashboard and the run report as a person sees them: rendered by a real headless Chromium over
 * a generated lake whose counts are known, their numbers read back from the drawn charts (the data
 * attributes of every bar, point and cell) and compared with the tables, and a screenshot of each
 * page left in {@code jobs/target/pages/} for a person to look at.
 */
@Tag("long")
class PagesBrowserIT {
  static final int RUNS = 2;
  static final Path SCREENSHOTS = Path.of("target", "pages");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static SparkSession spark;
  static LakeLocation location;
  static Lake lake;
  static JsonNode expected;
  static Chromium chromium;

  @BeforeAll
  static void buildALakeAndStartABrowser() throws Exception {
    assumeTrue(Chromium.find().isPresent(), Chromium.MISSING);
    spark = SharedSpark.get();
    GeneratedLake generated = GeneratedLake.build(tmp, 11L, 400, RUNS);
    expected = generated.expected();
    location = generated.location();
    lake = new Lake(spark, location);
    chromium = Chromium.start(Chromium.find().orElseThrow());
    chromium.watchErrors();
  }

  @AfterAll
  static void stopTheBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  // ---- reading a drawn page -------------------------------------------------------------------

  /** The marks of a chart: "category|series" to the value it draws. */
  static Map<String, BigDecimal> marks(String chart) {
    JsonNode found =
        chromium.eval(
            "[...document.querySelectorAll('[data-chart=\""
                + chart
                + "\"] .plot [data-series]')]"
                + ".map(e => [e.getAttribute('data-category') + '|' + e.getAttribute('data-series'),"
                + " e.getAttribute('data-value')])");
    Map<String, BigDecimal> marks = new TreeMap<>();
    for (JsonNode pair : found) {
      marks.merge(pair.get(0).asText(), new BigDecimal(pair.get(1).asText()), BigDecimal::add);
    }
    return marks;
  }

  static BigDecimal kpi(String name) {
    String value =
        chromium
            .eval("document.querySelector('[data-kpi=\"" + name + "\"]').dataset.value")
            .asText();
    return new BigDecimal(value);
  }

  static String text(String selector) {
    return chromium.eval("document.querySelector('" + selector + "').textContent").asText();
  }

  static void noScriptErrors() {
    assertThat(chromium.errors()).as("errors the page's scripts threw").isEmpty();
  }

  static Path shot(String name) throws IOException {
    return chromium.screenshot(SCREENSHOTS.resolve(name + ".png"), 1400);
  }

  static long expectedSum(String kind, String counter) {
    long total = 0;
    for (int run = 1; run <= RUNS; run++) {
      total += expected.get("run-" + run).get(kind).get(counter).asLong();
    }
    return total;
  }

  static Map<String, BigDecimal> counted(Dataset<Row> grouped) {
    Map<String, BigDecimal> out = new TreeMap<>();
    for (Row r : grouped.collectAsList()) {
      out.put(
          r.get(0) + "|" + r.getString(1),
          new BigDecimal(r.get(2).toString()).stripTrailingZeros());
    }
    return out;
  }

  static Map<String, BigDecimal> stripped(Map<String, BigDecimal> marks) {
    Map<String, BigDecimal> out = new TreeMap<>();
    marks.forEach((k, v) -> out.put(k, v.stripTrailingZeros()));
    return out;
  }

  static Path dashboardFile(LakeLocation of, String name) {
    return Pages.write(tmp.resolve(name), DashboardPage.html(new Answers(spark).of(of, 0)));
  }

  // ---- the dashboard --------------------------------------------------------------------------

  @Test
  void theDashboardDrawsTheNumbersOfTheLake() throws IOException {
    chromium.open(dashboardFile(location, "dashboard.html").toUri().toString());
    noScriptErrors();
    shot("dashboard");
    Dataset<Row> enriched = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);

    assertThat(kpi("events")).isEqualByComparingTo(BigDecimal.valueOf(enriched.count()));
    assertThat(kpi("events"))
        .isEqualByComparingTo(BigDecimal.valueOf(expectedSum("events", "cleansed")));
    assertThat(kpi("duplicates"))
        .isEqualByComparingTo(BigDecimal.valueOf(expectedSum("events", "duplicates")));
    assertThat(kpi("quarantined"))
        .isEqualByComparingTo(BigDecimal.valueOf(expectedSum("events", "quarantined")));
    BigDecimal revenue =
        (BigDecimal)
            lake.read(LakeTable.CURATED_DAILY_EVENT_METRICS)
                .agg(org.apache.spark.sql.functions.sum("revenue"))
                .first()
                .get(0);
    assertThat(kpi("revenue")).isEqualByComparingTo(revenue);
    assertThat(text("[data-kpi=\"events\"] .kpi-value"))
        .as("numbers are formatted for people")
        .isEqualTo(String.format(java.util.Locale.US, "%,d", enriched.count()));

    // Events per day by type: every (date, type) bar is the count of enriched events.
    Map<String, BigDecimal> perDay =
        counted(
            enriched
                .groupBy(col("event_date").cast("string"), col("event_type"))
                .agg(count(lit(1))));
    assertThat(stripped(marks("events-per-day"))).isEqualTo(perDay);

    // Daily active users: distinct known users per date.
    Map<String, BigDecimal> dau =
        counted(
            enriched
                .groupBy(col("event_date").cast("string"), lit("active users"))
                .agg(countDistinct(col("user_id"))));
    assertThat(stripped(marks("daily-active-users"))).isEqualTo(dau);

    // Revenue by country, unfiltered, is exactly revenue_by_country.sql's answer.
    Map<String, BigDecimal> byCountry = new TreeMap<>();
    for (Row r : spark.sql(Questions.sql("revenue_by_country")).collectAsList()) {
      byCountry.put(
          (r.isNullAt(0) ? "(unknown)" : r.getString(0)) + "|revenue",
          r.getDecimal(1).stripTrailingZeros());
    }
    assertThat(stripped(marks("revenue-by-country"))).isEqualTo(byCountry);

    // Top event types, unfiltered, are top_event_types.sql's types and events.
    Map<String, BigDecimal> top = new TreeMap<>();
    for (Row r : spark.sql(Questions.sql("top_event_types")).collectAsList()) {
      top.put(r.getString(0) + "|events", BigDecimal.valueOf(r.getLong(1)));
    }
    assertThat(stripped(marks("top-event-types"))).isEqualTo(stripped(top));

    // Quarantine reasons: every reason counted, as many as the generator put in.
    BigDecimal reasons =
        marks("quarantine-reasons").values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    long put = 0;
    for (String kind : List.of("events", "users", "transactions")) {
      for (int run = 1; run <= RUNS; run++) {
        for (JsonNode n : expected.get("run-" + run).get(kind).get("quarantinedByReason")) {
          put += n.asLong();
        }
      }
    }
    assertThat(reasons).isEqualByComparingTo(BigDecimal.valueOf(put));

    // Late events and duplicates per ingest date add up to the generator's.
    BigDecimal dups =
        marks("duplicates-per-day").entrySet().stream()
            .filter(e -> e.getKey().endsWith("|duplicates"))
            .map(Map.Entry::getValue)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(dups).isEqualByComparingTo(BigDecimal.valueOf(expectedSum("events", "duplicates")));
    assertThat(marks("late-share")).isNotEmpty();
    assertThat(kpi("late").doubleValue())
        .isCloseTo(
            (double) expectedSum("events", "late") / expectedSum("events", "cleansed"),
            org.assertj.core.data.Offset.offset(0.0001));

    // Freshness: a row per table with its records.
    JsonNode freshness =
        chromium.eval(
            "[...document.querySelectorAll('[data-chart=\"freshness\"] tbody tr')]"
                + ".map(tr => [tr.cells[0].textContent, tr.cells[4].dataset.value])");
    assertThat(freshness).hasSize(4);
    for (JsonNode row : freshness) {
      LakeTable table = LakeTable.valueOf(row.get(0).asText().replace('.', '_').toUpperCase());
      assertThat(row.get(1).asLong()).as(row.get(0).asText()).isEqualTo(lake.read(table).count());
    }
    // The SQL behind the charts is on the page, one entry per question.
    assertThat(chromium.eval("document.querySelectorAll('#questions details').length").asInt())
        .isEqualTo(Questions.NAMES.size());
  }

  @Test
  void filtersInTheAddressAndTheControlsNarrowTheCharts() throws IOException {
    Dataset<Row> enriched = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);
    Row busiest =
        enriched
            .where(col("country").isNotNull())
            .groupBy("event_type", "country")
            .count()
            .orderBy(col("count").desc(), col("event_type"), col("country"))
            .first();
    String type = busiest.getString(0);
    String country = busiest.getString(1);
    List<String> dates =
        enriched
            .select(col("event_date").cast("string"))
            .distinct()
            .orderBy(col("event_date"))
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    String from = dates.get(dates.size() / 2);
    String to = dates.get(dates.size() - 1);
    String url =
        dashboardFile(location, "filtered.html").toUri()
            + "#from="
            + from
            + "&to="
            + to
            + "&type="
            + type
            + "&country="
            + country;
    chromium.open(url);
    noScriptErrors();
    Dataset<Row> selected =
        enriched.where(
            col("event_type")
                .equalTo(type)
                .and(col("country").equalTo(country))
                .and(col("event_date").between(from, to)));
    assertThat(kpi("events")).isEqualByComparingTo(BigDecimal.valueOf(selected.count()));
    assertThat(marks("events-per-day").keySet())
        .allSatisfy(k -> assertThat(k).endsWith("|" + type))
        .allSatisfy(k -> assertThat(k.substring(0, 10)).isBetween(from, to));
    assertThat(marks("revenue-by-country").keySet()).containsExactly(country + "|revenue");
    assertThat(marks("daily-active-users").keySet())
        .allSatisfy(k -> assertThat(k.substring(0, 10)).isBetween(from, to));
    assertThat(text("#filter-note")).contains(type).contains(country);
    shot("dashboard-filtered");

    // The controls: choosing "All" types by hand widens the charts and updates the address.
    chromium.eval(
        "(() => { const s = document.getElementById('f-type'); s.value = '';"
            + " s.dispatchEvent(new Event('change')); return true; })()");
    assertThat(chromium.eval("location.hash").asText())
        .doesNotContain("type=")
        .contains("country=");
    Dataset<Row> anyType =
        enriched.where(col("country").equalTo(country).and(col("event_date").between(from, to)));
    assertThat(kpi("events")).isEqualByComparingTo(BigDecimal.valueOf(anyType.count()));
    noScriptErrors();
  }

  @Test
  void anEmptyLakeSaysThatThereIsNoDataYet() throws IOException {
    LakeLocation empty = LakeLocation.parse("--lake", tmp.resolve("empty-lake").toString());
    // The names of another lake's tables, registered in this session before, answer nothing.
    assertThat(lake.registerTables()).hasSize(LakeTable.values().length);
    chromium.open(dashboardFile(empty, "empty.html").toUri().toString());
    noScriptErrors();
    assertThat(kpi("events")).isZero();
    JsonNode notes =
        chromium.eval("[...document.querySelectorAll('.plot .empty')].map(p => p.textContent)");
    assertThat(notes).hasSize(8);
    assertThat(notes.get(0).asText()).startsWith("No data yet: the lake has no table");
    shot("dashboard-empty");
  }

  // ---- the served dashboard, with a stream writing ------------------------------------------

  @Test
  void theServedDashboardShowsStreamedEventsArrivingWithoutAReload() throws Exception {
    // A copy of the lake, so that the other tests' counts stay those of the generator.
    Path copy = tmp.resolve("served-lake");
    LocalTrees.copy(tmp.resolve("lake"), copy);
    LakeLocation served = LakeLocation.parse("--lake", copy.toString());
    try (DashboardServer server =
        DashboardServer.start(new Answers(spark), served, 0, Duration.ofSeconds(1), System.err)) {
      URI page = server.uri();
      chromium.open(page.toString());
      noScriptErrors();
      assertThat(text("#live")).isEqualTo("live");
      long before = kpi("events").longValueExact();
      chromium.eval("window.__sameDocument = true");
      // Nobody writes the lake: the served answers move their time on, and no question runs.
      Instant first = Instant.parse(server.latest().generatedAt());
      Chromium.waitUntil(
          () -> Instant.parse(server.latest().generatedAt()).isAfter(first.plusSeconds(1)),
          Duration.ofSeconds(30),
          "the served answers to be looked at again");
      assertThat(server.answered()).as("times the questions ran over an unchanged lake").isOne();

      int streamed = 40;
      streamEvents(served, streamed);
      Chromium.waitUntil(
          () -> kpi("events").longValueExact() == before + streamed,
          Duration.ofSeconds(60),
          "the open page to show " + (before + streamed) + " events");
      assertThat(chromium.eval("window.__sameDocument === true").asBoolean())
          .as("the page updated itself, it was not reloaded")
          .isTrue();
      assertThat(marks("events-per-day")).containsKey("2026-12-01|stream_demo");
      assertThat(server.answered()).as("times the questions ran").isGreaterThan(1);
      noScriptErrors();
      shot("dashboard-served");
    }
  }

  /** {@code n} events of a new type on 2026-12-01 through the streaming job, into the lake. */
  static void streamEvents(LakeLocation into, int n) {
    MemoryStream<Row> input =
        MemoryStream.apply(Encoders.row(StreamRecords.SCHEMA), spark.sqlContext());
    List<Row> rows = new ArrayList<>();
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 0; i < n; i++) {
      String event =
          "{\"event_uuid\":\"served-%d\",\"event_type\":\"stream_demo\",\"event_ts\":\"%s\"}"
              .formatted(i, t0.plusSeconds(i));
      rows.add(StreamRecords.of(event, i + 1, t0.plusSeconds(i)));
    }
    input.addData(JavaConverters.asScalaBuffer(rows).toSeq());
    StreamConfig config =
        new StreamConfig(
            "events",
            KinesisEndpoint.local(URI.create("http://127.0.0.1:1")),
            into,
            StreamSource.MEDALLION,
            null,
            Duration.ofMinutes(10),
            LatePolicy.KEEP,
            "TRIM_HORIZON",
            null,
            StreamConfig.defaultCheckpoint(into, "events"),
            null,
            0,
            true,
            Duration.ZERO);
    new StreamJob(
            spark,
            Progress.silent(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run(config, input.toDF());
  }

  // ---- the run report -------------------------------------------------------------------------

  @Test
  void theReportDrawsTheStreamsMicroBatchesAndTheWarehouseLoadsLag() throws IOException {
    // The generated runs, and a stream run and a load after them, as those jobs write them.
    RunReport.Report generated =
        RunReport.read(new HadoopFiles(spark.sparkContext().hadoopConfiguration()), location);
    RunReport.Run lastCurate =
        generated.runs().stream()
            .filter(r -> r.job().equals("curate"))
            .reduce((a, b) -> b)
            .orElseThrow();
    Instant curated = Instant.parse(lastCurate.endedAt());
    LakeLocation copy = LakeLocation.parse("--lake", tmp.resolve("report-lake").toString());
    LocalTrees.copy(tmp.resolve("lake/_runs"), tmp.resolve("report-lake/_runs"));
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    List<RunSummary.MicroBatch> batches = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      batches.add(
          new RunSummary.MicroBatch(
              b, 100, 98, 1, 1, 0, 900 + 100 * b, 111.1, null, 98, 1_000L + b, 2_000L + b));
    }
    RunSummaries.write(
        files,
        copy,
        new RunSummary(
            "stream",
            "stream-1",
            0,
            RunSummary.SUCCEEDED,
            curated.plusSeconds(10).toString(),
            5_000,
            Map.of(),
            Map.of("events", new RecordCounts(300, 294, 3, 3, 0, Map.of("malformed_json", 3L))),
            Map.of(),
            null,
            null,
            batches));
    RunSummaries.write(
        files,
        copy,
        new RunSummary(
            "load",
            "load-1",
            1,
            RunSummary.SUCCEEDED,
            curated.plusSeconds(30).toString(),
            12_000,
            Map.of(),
            Map.of(),
            Map.of("events_enriched rows upserted", 757L),
            null,
            null,
            null));
    Path file =
        Pages.write(
            tmp.resolve("report-stream.html"), ReportPage.html(RunReport.read(files, copy)));
    chromium.open(file.toUri().toString());
    noScriptErrors();
    Map<String, BigDecimal> points = marks("micro-batches");
    assertThat(points)
        .containsEntry("0/2|duration", new BigDecimal("1100"))
        .containsEntry("0/1|latency, median", new BigDecimal("1001"))
        .containsEntry("0/0|latency, longest (lag)", new BigDecimal("2000"))
        .hasSize(9);
    // The load began 30 s after the curate run ended and took 12 s: 42 s.
    assertThat(marks("load-lag")).containsExactly(Map.entry("load 1|lag", new BigDecimal("42")));
    assertThat(marks("records-per-run")).containsEntry("stream 0|cleansed", new BigDecimal("294"));
    shot("report-stream");
  }

  @Test
  void theReportDrawsEveryRunWithItsCounts() throws IOException {
    RunReport.Report report =
        RunReport.read(new HadoopFiles(spark.sparkContext().hadoopConfiguration()), location);
    Path file = Pages.write(tmp.resolve("report.html"), ReportPage.html(report));
    chromium.open(file.toUri().toString());
    noScriptErrors();
    shot("report");
    Map<String, BigDecimal> perRun = marks("records-per-run");
    for (int run = 1; run <= RUNS; run++) {
      JsonNode events = expected.get("run-" + run).get("events");
      for (String counter : List.of("cleansed", "duplicates", "quarantined")) {
        assertThat(perRun.get("ingest " + run + "|" + counter))
            .as("run %d %s", run, counter)
            .isEqualByComparingTo(BigDecimal.valueOf(events.get(counter).asLong()));
      }
    }
    assertThat(kpi("read")).isEqualByComparingTo(BigDecimal.valueOf(expectedSum("events", "read")));
    long rows =
        chromium
            .eval("document.querySelectorAll('[data-chart=\"runs\"] tbody tr').length")
            .asLong();
    assertThat(rows).isEqualTo(report.runs().size()).isGreaterThanOrEqualTo(2L * RUNS);
    assertThat(marks("duration")).hasSize(report.runs().size());
    BigDecimal quarantinedReasons =
        marks("quarantine-by-reason").values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(quarantinedReasons).isPositive();
  }
}
