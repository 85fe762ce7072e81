package dev.medallion.bench;

import static org.apache.spark.sql.functions.*;

import dev.medallion.landing.LandingKind;
import dev.medallion.run.RecordCounts;
import java.nio.file.Files;
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

  NaiveSparkPipeline(SparkSession spark, Path out) {
    this.spark = spark;
    this.out = out.toAbsolutePath().normalize();
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
    counts.put("users", reference(users, "users", "user_id", userChecks(), run, lineage));
    counts.put(
        "transactions",
        reference(
            transactions, "transactions", "transaction_id", transactionChecks(), run, lineage));
    EventsOutcome outcome = events(events, run, lineage, ingestDate, state.newestEventMicros());
    counts.put("events", outcome.counts());
    curate(outcome.cleansed());
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
        .save(table("raw/events"));
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
        .save(table("quarantine/records"));

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
    if (exists("cleansed/events")) {
      Dataset<Row> seen =
          spark.read().format("delta").load(table("cleansed/events")).select("event_uuid");
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
        .save(table("cleansed/events"));

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
  private static Column fileIndex(List<Path> files) {
    Column index = lit(files.size());
    for (int i = files.size() - 1; i >= 0; i--) {
      index =
          when(col("_source").equalTo(files.get(i).toUri().toString()), lit(i)).otherwise(index);
    }
    return index;
  }

  /** A reference kind: read, checked, the latest row per key merged over the earlier table. */
  private RecordCounts reference(
      List<Path> files,
      String name,
      String key,
      Map<String, Column> checks,
      long run,
      Column ingestedAt) {
    if (files.isEmpty()) {
      return new RecordCounts(0, 0, 0, 0, 0, Map.of());
    }
    StructType schema = new StructType();
    for (String column : checks.keySet()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    schema = schema.add("_corrupt", DataTypes.StringType);
    Dataset<Row> rows =
        spark
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt")
            .schema(schema)
            .csv(files.stream().map(Path::toString).toArray(String[]::new))
            .withColumn("_source", input_file_name())
            .withColumn("_position", monotonically_increasing_id());
    Column valid = col("_corrupt").isNull();
    for (Column check : checks.values()) {
      valid = valid.and(coalesce(check, lit(false)));
    }
    Dataset<Row> checked =
        rows.withColumn("_file", fileIndex(files)).withColumn("_valid", valid).cache();
    Dataset<Row> latest =
        checked
            .where(col("_valid"))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy(key)
                            .orderBy(col("_file").desc(), col("_position").desc())))
            .where(col("_rank").equalTo(1))
            .select(typed(name))
            .withColumn("_ingested_at", ingestedAt)
            .withColumn("_ingest_run", lit(run));
    Dataset<Row> merged = latest;
    if (exists("cleansed/" + name)) {
      Dataset<Row> earlier = spark.read().format("delta").load(table("cleansed/" + name));
      merged =
          latest.unionByName(
              earlier.join(
                  latest.select(key), earlier.col(key).equalTo(latest.col(key)), "left_anti"));
    }
    merged = merged.localCheckpoint();
    merged.write().format("delta").mode(SaveMode.Overwrite).save(table("cleansed/" + name));

    long read = checked.count();
    long validCount = checked.where(col("_valid")).count();
    long latestCount = latest.count();
    checked.unpersist();
    return new RecordCounts(
        read,
        latestCount,
        validCount - latestCount,
        read - validCount,
        0,
        read > validCount ? Map.of("invalid", read - validCount) : Map.of());
  }

  private static Map<String, Column> userChecks() {
    Map<String, Column> checks = new LinkedHashMap<>();
    checks.put("user_id", col("user_id").isNotNull().and(trim(col("user_id")).notEqual("")));
    checks.put("name", lit(true));
    checks.put("email", lit(true));
    checks.put("country", lit(true));
    checks.put(
        "signup_date",
        col("signup_date").isNull().or(to_date(col("signup_date"), "yyyy-MM-dd").isNotNull()));
    checks.put("segment", lit(true));
    return checks;
  }

  private static Map<String, Column> transactionChecks() {
    Map<String, Column> checks = new LinkedHashMap<>();
    checks.put(
        "transaction_id",
        col("transaction_id").isNotNull().and(trim(col("transaction_id")).notEqual("")));
    checks.put("user_id", lit(true));
    checks.put("amount", col("amount").rlike("^[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?$"));
    checks.put("currency", col("currency").rlike("^[A-Z]{3}$"));
    checks.put("status", col("status").isin("completed", "pending", "failed", "refunded"));
    checks.put("transaction_ts", to_timestamp(col("transaction_ts")).isNotNull());
    return checks;
  }

  private static Column[] typed(String name) {
    if (name.equals("users")) {
      return new Column[] {
        col("user_id"),
        col("name"),
        col("email"),
        col("country"),
        to_date(col("signup_date"), "yyyy-MM-dd").as("signup_date"),
        col("segment"),
        col("_source")
      };
    }
    return new Column[] {
      col("transaction_id"),
      col("user_id"),
      col("amount").cast(DataTypes.createDecimalType(18, 2)).as("amount"),
      col("currency"),
      col("status"),
      to_timestamp(col("transaction_ts")).as("transaction_ts"),
      col("_source")
    };
  }

  /** Left joins of the run's events to users and transactions; the metrics computed again. */
  private void curate(Dataset<Row> cleansed) {
    if (cleansed.isEmpty()) {
      return;
    }
    Dataset<Row> users =
        exists("cleansed/users")
            ? spark.read().format("delta").load(table("cleansed/users"))
            : spark.createDataFrame(
                List.of(),
                new StructType()
                    .add("user_id", DataTypes.StringType)
                    .add("name", DataTypes.StringType)
                    .add("email", DataTypes.StringType)
                    .add("country", DataTypes.StringType)
                    .add("signup_date", DataTypes.DateType)
                    .add("segment", DataTypes.StringType));
    Dataset<Row> transactions =
        exists("cleansed/transactions")
            ? spark.read().format("delta").load(table("cleansed/transactions"))
            : spark.createDataFrame(
                List.of(),
                new StructType()
                    .add("transaction_id", DataTypes.StringType)
                    .add("amount", DataTypes.createDecimalType(18, 2))
                    .add("currency", DataTypes.StringType)
                    .add("status", DataTypes.StringType)
                    .add("transaction_ts", DataTypes.TimestampType));
    Dataset<Row> u =
        users.select(
            col("user_id").as("_u"),
            col("name").as("user_name"),
            col("email").as("user_email"),
            col("country"),
            col("signup_date"),
            col("segment"));
    Dataset<Row> t =
        transactions.select(
            col("transaction_id").as("_t"),
            col("amount"),
            col("currency"),
            col("status").as("transaction_status"),
            col("transaction_ts"));
    Dataset<Row> enriched =
        cleansed
            .drop("_source", "_ingested_at")
            .join(u, cleansed.col("user_id").equalTo(u.col("_u")), "left")
            .join(t, cleansed.col("transaction_id").equalTo(t.col("_t")), "left")
            .drop("_u", "_t")
            .withColumn("_curated_at", current_timestamp());
    enriched
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("event_date", "event_type")
        .save(table("curated/events_enriched"));

    Dataset<Row> all = spark.read().format("delta").load(table("curated/events_enriched"));
    Dataset<Row> counts =
        all.groupBy("event_date", "event_type", "country")
            .agg(
                count(lit(1)).as("events"),
                countDistinct(col("user_id")).as("distinct_users"),
                sum(coalesce(col("value"), lit(0.0))).as("value_sum"));
    Dataset<Row> revenue =
        all.where(col("transaction_status").equalTo("completed"))
            .dropDuplicates("event_date", "event_type", "country", "transaction_id")
            .groupBy(
                col("event_date").as("_d"), col("event_type").as("_e"), col("country").as("_c"))
            .agg(sum("amount").as("revenue"));
    counts
        .join(
            revenue,
            counts
                .col("event_date")
                .equalTo(revenue.col("_d"))
                .and(counts.col("event_type").equalTo(revenue.col("_e")))
                .and(counts.col("country").eqNullSafe(revenue.col("_c"))),
            "left")
        .select(
            col("event_type"),
            col("country"),
            col("events"),
            col("distinct_users"),
            col("value_sum"),
            coalesce(col("revenue"), lit(0)).cast(DataTypes.createDecimalType(38, 2)).as("revenue"),
            col("event_date"))
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .partitionBy("event_date")
        .save(table("curated/daily_event_metrics"));
  }

  private String table(String name) {
    return out.resolve(name).toString();
  }

  private boolean exists(String name) {
    return Files.isDirectory(out.resolve(name).resolve("_delta_log"));
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
