package dev.medallion.bench;

import static org.apache.spark.sql.functions.*;

import dev.medallion.landing.LandingKind;
import dev.medallion.run.RecordCounts;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The naive peer of {@code medallion bench batch}: the batch pipeline as a Spark job written the
 * obvious way, with Spark's defaults (200 shuffle partitions, no broadcast joins: {@code
 * spark.sql.autoBroadcastJoinThreshold=-1}), in a JVM of its own, on the same landing files. One
 * call is one run:
 *
 * <ul>
 *   <li>the new event lines read as text and parsed with {@code from_json} against the contract's
 *       schema; a line is valid when its uuid and type are there and not blank, its type matches
 *       the contract's pattern, its timestamp parses ({@code to_timestamp}, Spark's own rules) and
 *       its value is finite; the others are quarantined with one reason, {@code invalid};
 *   <li>the first of each uuid kept (a window ordered by file and position), and none that the
 *       peer's cleansed table already holds (an anti-join against all of it);
 *   <li>users and transactions read with Spark's CSV reader, checked the obvious way, the latest
 *       row per key merged over the table of the earlier runs;
 *   <li>the new events left-joined to users and transactions and appended; the daily metrics
 *       computed again from every curated event.
 * </ul>
 *
 * Every table is Delta, under {@code --out}, partitioned as Medallion's. Its counts may differ
 * slightly from Medallion's, whose rules are stricter; they go to {@code _runs/run-<n>.json}.
 *
 * <p>Usage: {@code NaiveSparkPipeline --landing DIR --out DIR}.
 */
public final class NaiveSparkPipeline {
  private static final Duration LATE_THRESHOLD = DuckDbEvents.LATE_THRESHOLD;

  private static final StructType EVENT =
      new StructType()
          .add("event_uuid", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("event_subtype", DataTypes.StringType)
          .add("event_ts", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("transaction_id", DataTypes.StringType)
          .add("device_id", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private final SparkSession spark;
  private final Path out;
  private final NaiveLake lake;

  NaiveSparkPipeline(SparkSession spark, Path out) {
    this.spark = spark;
    this.out = out.toAbsolutePath().normalize();
    this.lake = new NaiveLake(spark, this.out);
  }

  public static void main(String[] args) {
    Map<String, String> options = PeerArguments.parse(args, "--landing", "--out");
    long started = System.nanoTime();
    SparkSession spark =
        SparkSession.builder()
            .appName("naive batch pipeline")
            .master("local[*]")
            .config("spark.sql.autoBroadcastJoinThreshold", "-1")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Correctness, not speed: event dates in UTC; dates before 1582 (an event of the year
            // 1000) written as they are; no web UI on a shared machine.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
            .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
            .config("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
            .config("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    try {
      Map<String, RecordCounts> counts =
          new NaiveSparkPipeline(spark, Path.of(options.get("--out")))
              .run(Path.of(options.get("--landing")));
      System.out.printf(
          "naive: run done in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, counts);
    } finally {
      spark.stop();
    }
  }

  /** Does one run and returns its counts per kind. */
  Map<String, RecordCounts> run(Path landing) {
    PeerLanding state = PeerLanding.open(landing.toAbsolutePath().normalize(), out);
    long run = state.run();
    Instant started = Instant.now();
    List<Path> users = state.newFiles(LandingKind.USERS);
    List<Path> transactions = state.newFiles(LandingKind.TRANSACTIONS);
    List<Path> events = state.newFiles(LandingKind.EVENTS);
    Column lineage = lit(Timestamp.from(started));
    Column ingestDate = lit(java.sql.Date.valueOf(started.atOffset(ZoneOffset.UTC).toLocalDate()));

    Map<String, RecordCounts> counts = new LinkedHashMap<>();
    NaiveSparkReferences references = new NaiveSparkReferences(lake);
    counts.put(
        "users",
        references.ingest(
            users, "users", "user_id", NaiveSparkReferences.userChecks(), run, lineage));
    counts.put(
        "transactions",
        references.ingest(
            transactions,
            "transactions",
            "transaction_id",
            NaiveSparkReferences.transactionChecks(),
            run,
            lineage));
    EventsOutcome outcome = events(events, run, lineage, ingestDate, state.newestEventMicros());
    counts.put("events", outcome.counts());
    new NaiveSparkCurate(lake).run(outcome.cleansed());
    outcome.cleansed().unpersist();

    List<Path> read = new ArrayList<>(users);
    read.addAll(transactions);
    read.addAll(events);
    PeerRuns.write(out, run, counts);
    state.commit(read, outcome.newestMicros());
    return counts;
  }

  private record EventsOutcome(RecordCounts counts, Dataset<Row> cleansed, Long newestMicros) {}

  private EventsOutcome events(
      List<Path> files, long run, Column ingestedAt, Column ingestDate, Long historyNewest) {
    if (files.isEmpty()) {
      return new EventsOutcome(
          new RecordCounts(0, 0, 0, 0, 0, Map.of()), spark.emptyDataFrame(), historyNewest);
    }
    Dataset<Row> lines =
        spark
            .read()
            .text(files.stream().map(Path::toString).toArray(String[]::new))
            .withColumn("_source", input_file_name())
            .withColumn("_position", monotonically_increasing_id())
            .where(trim(col("value")).notEqual(""));
    Column ts = to_timestamp(col("e.event_ts"));
    Dataset<Row> parsed =
        lines
            .withColumn("_file", fileIndex(files))
            .withColumn("e", from_json(col("value"), EVENT))
            .withColumn(
                "_valid",
                coalesce(
                    col("e.event_uuid")
                        .isNotNull()
                        .and(trim(col("e.event_uuid")).notEqual(""))
                        .and(col("e.event_type").rlike("^[a-z][a-z0-9_]*$"))
                        .and(ts.isNotNull())
                        .and(
                            col("e.value")
                                .isNull()
                                .or(
                                    not(isnan(col("e.value")))
                                        .and(abs(col("e.value")).lt(Double.MAX_VALUE)))),
                    lit(false)))
            .withColumn("event_ts", ts)
            .cache();
    parsed
        .select(
            col("value").as("record"),
            col("_source"),
            lit(run).as("_ingest_run"),
            ingestedAt.as("_ingested_at"),
            ingestDate.as("ingest_date"))
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("ingest_date")
        .save(lake.path("raw/events"));
    parsed
        .where(not(col("_valid")))
        .select(
            lit("event").as("record_type"),
            col("value").as("record"),
            array(lit("invalid")).as("reasons"),
            col("_source"),
            lit(run).as("_ingest_run"),
            ingestedAt.as("_ingested_at"),
            ingestDate.as("ingest_date"))
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("ingest_date")
        .save(lake.path("quarantine/records"));

    Dataset<Row> valid =
        parsed
            .where(col("_valid"))
            .select(
                col("e.*"),
                col("event_ts").as("_ts"),
                col("_source"),
                col("_file"),
                col("_position"));
    Dataset<Row> first =
        valid
            .withColumn(
                "_rank",
                row_number()
                    .over(Window.partitionBy("event_uuid").orderBy(col("_file"), col("_position"))))
            .where(col("_rank").equalTo(1))
            .drop("_rank");
    Dataset<Row> unique = first;
    if (lake.exists("cleansed/events")) {
      Dataset<Row> seen = lake.read("cleansed/events").select("event_uuid");
      unique =
          first.join(seen, first.col("event_uuid").equalTo(seen.col("event_uuid")), "left_anti");
    }
    unique = unique.cache();
    Row max = unique.agg(max(col("_ts"))).head();
    Long batchNewest =
        max.isNullAt(0)
            ? null
            : Math.min(micros(max.getTimestamp(0).toInstant()), micros(Instant.now()));
    Long newest =
        historyNewest == null
            ? batchNewest
            : batchNewest == null ? historyNewest : Math.max(historyNewest, batchNewest);
    Column late =
        newest == null
            ? lit(false)
            : col("_ts")
                .lt(
                    lit(
                        Timestamp.from(
                            Instant.EPOCH
                                .plus(newest, java.time.temporal.ChronoUnit.MICROS)
                                .minus(LATE_THRESHOLD))));
    Dataset<Row> cleansed =
        unique
            .select(
                col("event_uuid"),
                col("event_type"),
                col("event_subtype"),
                col("_ts").as("event_ts"),
                col("user_id"),
                col("transaction_id"),
                col("device_id"),
                col("value"),
                col("attributes"),
                late.as("is_late"),
                col("_source"),
                ingestedAt.as("_ingested_at"),
                lit(run).as("_ingest_run"),
                to_date(col("_ts")).as("event_date"))
            // Computed now, once: its lineage reads cleansed, which the write below changes.
            .localCheckpoint();
    long read = parsed.count();
    long validCount = parsed.where(col("_valid")).count();
    long cleansedCount = cleansed.count();
    long lateCount = cleansed.where(col("is_late")).count();
    cleansed
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("event_date")
        .save(lake.path("cleansed/events"));

    parsed.unpersist();
    unique.unpersist();
    Map<String, Long> reasons = new TreeMap<>();
    if (read > validCount) {
      reasons.put("invalid", read - validCount);
    }
    return new EventsOutcome(
        new RecordCounts(
            read, cleansedCount, validCount - cleansedCount, read - validCount, lateCount, reasons),
        cleansed,
        newest);
  }

  /** Each file's position in the run's ingest order, by the path Spark reads it as. */
  static Column fileIndex(List<Path> files) {
    Column index = lit(files.size());
    for (int i = files.size() - 1; i >= 0; i--) {
      index =
          when(col("_source").equalTo(files.get(i).toUri().toString()), lit(i)).otherwise(index);
    }
    return index;
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
