package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.run.Progress;
import dev.medallion.testing.CleansedRows;
import dev.medallion.testing.SharedSpark;
import dev.medallion.testing.StreamRecords;
import dev.medallion.transform.LatePolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.collection.JavaConverters;

/**
 * The streaming job's rules on an in-memory stream of Kinesis-shaped rows: duplicates within and
 * across micro-batches and beyond the state, late events (kept or quarantined), malformed records,
 * and counts that balance. The Kinesis path itself is tested in {@code StreamKinesisIT}.
 */
@Tag("integration")
class StreamJobIT {
  static final StructType RECORDS = StreamRecords.SCHEMA;

  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir Path dir;
  SparkSession spark;
  MemoryStream<Row> input;
  long sequence;
  ByteArrayOutputStream emf;

  @BeforeEach
  void setUp() {
    spark = SharedSpark.get();
    input = MemoryStream.apply(Encoders.row(RECORDS), spark.sqlContext());
    emf = new ByteArrayOutputStream();
  }

  StreamConfig config(LatePolicy policy) {
    LakeLocation lake = LakeLocation.parse("--lake", dir.resolve("lake").toString());
    return new StreamConfig(
        "events",
        KinesisEndpoint.local(java.net.URI.create("http://127.0.0.1:1")),
        lake,
        StreamSource.MEDALLION,
        null,
        Duration.ofMinutes(10),
        policy,
        "TRIM_HORIZON",
        null,
        StreamConfig.defaultCheckpoint(lake, "events"),
        null,
        0,
        true,
        Duration.ZERO);
  }

  static String event(String uuid, Instant ts) {
    return "{\"event_uuid\":\"%s\",\"event_type\":\"click\",\"event_ts\":\"%s\",\"user_id\":\"u1\"}"
        .formatted(uuid, ts);
  }

  void put(String... texts) {
    List<Row> rows = new ArrayList<>();
    for (String text : texts) {
      sequence++;
      rows.add(StreamRecords.of(text, sequence, T0.plusSeconds(sequence)));
    }
    input.addData(JavaConverters.asScalaBuffer(rows).toSeq());
  }

  StreamJob.Result drain(StreamConfig config) {
    return new StreamJob(
            spark, Progress.silent(), new PrintStream(emf, true, StandardCharsets.UTF_8))
        .run(config, input.toDF());
  }

  Dataset<Row> table(StreamConfig config, LakeTable table) {
    return new Lake(spark, config.lake()).read(table);
  }

  static Set<String> uuids(Dataset<Row> rows) {
    return rows.select(EVENT_UUID).collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  @Test
  void duplicatesMalformedAndLateEventsLandAsTheRulesSay() {
    StreamConfig config = config(LatePolicy.KEEP);
    put(
        event("a", T0),
        event("b", T0.plusSeconds(60)),
        event("a", T0), // a retry in the same batch
        "{not json",
        event("c", T0.plusSeconds(3 * 3600))); // moves the watermark to 12:50
    StreamJob.Result first = drain(config);
    put(
        event("b", T0.plusSeconds(60)), // behind the watermark, and already in cleansed
        event("d", T0.plusSeconds(5)), // late, new
        event("d", T0.plusSeconds(5)), // late, and a retry of it
        event("c", T0.plusSeconds(3 * 3600)), // a retry the state still holds
        "{\"event_uuid\":\"e\"}"); // missing fields
    StreamJob.Result second = drain(config);

    Dataset<Row> cleansed = table(config, LakeTable.CLEANSED_EVENTS);
    assertThat(cleansed.count()).isEqualTo(4);
    assertThat(uuids(cleansed)).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(uuids(cleansed.where(col(IS_LATE)))).containsExactly("d");
    assertThat(table(config, LakeTable.RAW_EVENTS).count()).isEqualTo(10);
    assertThat(table(config, LakeTable.QUARANTINE_RECORDS).count()).isEqualTo(2);

    var one = first.summary().records().get("events");
    assertThat(one.read()).isEqualTo(5);
    assertThat(one.cleansed()).isEqualTo(3);
    assertThat(one.duplicates()).isEqualTo(1);
    assertThat(one.quarantined()).isEqualTo(1);
    var two = second.summary().records().get("events");
    assertThat(two.read()).isEqualTo(5);
    assertThat(two.cleansed()).isEqualTo(1);
    assertThat(two.duplicates()).isEqualTo(3);
    assertThat(two.quarantined()).isEqualTo(1);
    assertThat(two.late()).isEqualTo(1);
    assertThat(two.balanced()).isTrue();

    Row raw =
        table(config, LakeTable.RAW_EVENTS)
            .where(col(SEQUENCE_NUMBER).equalTo(String.format("%020d", 1)))
            .select(SHARD_ID, PARTITION_KEY, INGESTED_AT, RUN_ID, SOURCE)
            .head();
    assertThat(raw.getString(0)).isEqualTo("shardId-000000000000");
    assertThat(raw.getString(1)).isEqualTo("pk-1");
    assertThat(raw.getTimestamp(2).toInstant()).isEqualTo(T0.plusSeconds(1));
    assertThat(raw.getString(3)).startsWith("stream:events:");
    assertThat(raw.getString(4)).isEqualTo("kinesis:events/shardId-000000000000");

    String lines = emf.toString(StandardCharsets.UTF_8);
    assertThat(lines)
        .contains("\"Namespace\":\"Medallion\"")
        .contains("\"Job\":\"stream\"")
        .contains("\"LateRows\":1")
        .contains("\"Duplicates\":3");
  }

  static Row user(String id, String country) {
    return RowFactory.create(
        id,
        "name " + id,
        id + "@example.com",
        country,
        java.sql.Date.valueOf("2026-01-01"),
        "gold",
        "users.csv",
        1L,
        Timestamp.from(T0),
        "ingest:1",
        1L);
  }

  /**
   * The stream curates the events it cleanses, with the batch curate job's code and rules (the
   * users cleansed holds now, read again when the table changes; the daily metrics of the dates
   * touched), and the batch curate job leaves them alone: curated holds each event once.
   */
  @Test
  void streamedEventsReachCuratedOnceWithTheRulesOfTheBatchCurateJob() {
    StreamConfig config = config(LatePolicy.KEEP);
    Lake lake = new Lake(spark, config.lake());
    lake.ensure(LakeTable.CLEANSED_USERS);
    lake.append(
        LakeTable.CLEANSED_USERS,
        spark.createDataFrame(
            List.of(user("u1", "DE")), dev.medallion.contract.Schemas.CLEANSED_USERS),
        new Txn("users", 1));
    put(event("a", T0), event("b", T0.plusSeconds(60)), event("a", T0), "{broken");
    drain(config);
    // A new user version: the next micro-batch joins to it.
    lake.append(
        LakeTable.CLEANSED_USERS,
        spark.createDataFrame(
            List.of(user("u2", "FR")), dev.medallion.contract.Schemas.CLEANSED_USERS),
        new Txn("users", 2));
    put(
        "{\"event_uuid\":\"c\",\"event_type\":\"purchase\",\"event_ts\":\"%s\",\"user_id\":\"u2\"}"
            .formatted(T0.plusSeconds(86_400)));
    drain(config);

    Dataset<Row> enriched = table(config, LakeTable.CURATED_EVENTS_ENRICHED);
    assertThat(enriched.count()).isEqualTo(3);
    assertThat(uuids(enriched)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(enriched.where(col(EVENT_UUID).equalTo("c")).select(COUNTRY).head().getString(0))
        .isEqualTo("FR");
    assertThat(enriched.where(col(EVENT_UUID).equalTo("a")).select(COUNTRY).head().getString(0))
        .isEqualTo("DE");
    List<String> metrics =
        table(config, LakeTable.CURATED_DAILY_EVENT_METRICS)
            .orderBy(EVENT_DATE, EVENT_TYPE)
            .select(EVENT_DATE, EVENT_TYPE, COUNTRY, EVENTS, DISTINCT_USERS)
            .collectAsList()
            .stream()
            .map(Row::toString)
            .toList();
    assertThat(metrics)
        .containsExactly("[2026-11-21,click,DE,2,1]", "[2026-11-22,purchase,FR,1,1]");
    List<String> expected =
        dev.medallion.transform.DailyMetrics.compute(enriched).collectAsList().stream()
            .map(Row::toString)
            .sorted()
            .toList();
    assertThat(
            table(config, LakeTable.CURATED_DAILY_EVENT_METRICS).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList())
        .as("the batch curate job's metrics of the same events")
        .isEqualTo(expected);

    // The batch curate job, incremental and in full, leaves the streamed events to the stream.
    dev.medallion.config.CurateConfig curate =
        new dev.medallion.config.CurateConfig(config.lake(), false);
    new dev.medallion.curate.CurateJob(spark, Progress.silent()).run(curate);
    new dev.medallion.curate.CurateJob(spark, Progress.silent())
        .run(new dev.medallion.config.CurateConfig(config.lake(), true));
    Dataset<Row> after = table(config, LakeTable.CURATED_EVENTS_ENRICHED);
    assertThat(after.count()).isEqualTo(3);
    assertThat(after.select(EVENT_UUID).distinct().count()).isEqualTo(3);
    assertThat(table(config, LakeTable.CURATED_DAILY_EVENT_METRICS).count()).isEqualTo(2);
  }

  @Test
  void lateEventsGoToQuarantineWhenThePolicySaysSo() {
    StreamConfig config = config(LatePolicy.QUARANTINE);
    put(event("a", T0.plusSeconds(3 * 3600)));
    drain(config);
    put(event("late", T0), event("late", T0));
    var counts = drain(config).summary().records().get("events");

    assertThat(counts.quarantined()).isEqualTo(1);
    assertThat(counts.duplicates()).isEqualTo(1);
    assertThat(counts.late()).isEqualTo(1);
    assertThat(counts.quarantinedByReason()).containsEntry("late", 1L);
    assertThat(uuids(table(config, LakeTable.CLEANSED_EVENTS))).containsExactly("a");
  }

  @Test
  void aDuplicateTheStateHasForgottenIsStillADuplicate() {
    StreamConfig config = config(LatePolicy.KEEP);
    put(event("x", T0));
    drain(config);
    put(event("y", T0.plusSeconds(7200))); // the state forgets x
    drain(config);
    put(event("x", T0.plusSeconds(7200))); // same uuid, a new event time: not late
    var counts = drain(config).summary().records().get("events");

    assertThat(counts.duplicates()).isEqualTo(1);
    assertThat(counts.cleansed()).isZero();
    assertThat(table(config, LakeTable.CLEANSED_EVENTS).count()).isEqualTo(2);
  }

  @Test
  void aRunFillsTheMetricsItIsGivenWhichOthersMayReadMeanwhile() {
    StreamConfig config = config(LatePolicy.KEEP);
    String produced = Long.toString(System.currentTimeMillis() - 1000);
    put(
        "{\"event_uuid\":\"m1\",\"event_type\":\"click\",\"event_ts\":\"%s\",\"user_id\":\"u1\",\"attributes\":{\"produced_at_ms\":\"%s\"}}"
            .formatted(T0, produced),
        "{broken");
    StreamMetrics metrics = new StreamMetrics(new PrintStream(emf), Progress.silent());
    StreamJob.Result result =
        new StreamJob(spark, Progress.silent(), new PrintStream(emf))
            .run(config, input.toDF(), metrics);

    assertThat(result.metrics()).isSameAs(metrics);
    assertThat(metrics.totals().read()).isEqualTo(2);
    assertThat(metrics.totals().cleansed()).isEqualTo(1);
    assertThat(metrics.latencyCount()).isEqualTo(1);
    assertThat(metrics.latencies()[0]).isGreaterThanOrEqualTo(1000);
    assertThat(spark.streams().active())
        .as("the query %s stopped", StreamJob.queryName(config.stream()))
        .noneMatch(q -> q.name().equals(StreamJob.queryName(config.stream())));
  }

  @Test
  void uuidsAnotherWriterCommitsBetweenTheBatchChecksAndItsWriteAreDuplicatesOfTheBatch() {
    StreamConfig config = config(LatePolicy.KEEP);
    Lake lake = new Lake(spark, config.lake());
    put(
        event("s1", T0),
        event("s2", T0),
        event("s3", T0),
        event("s4", T0.plusSeconds(60)),
        event("s5", T0.plusSeconds(60)),
        "{broken");
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    StreamJob.Result result;
    // The batch ingest job, say, commits s2, s3 and b1 after the micro-batch checked its uuids.
    try (Faults.Hook hook =
        Faults.onPoint(
            UniqueAppend.BEFORE_COMMIT,
            () -> {
              if (calls.getAndIncrement() == 0) {
                UniqueAppend.Pending other = new UniqueAppend(lake).begin(new Txn("ingest", 1));
                other.commit(CleansedRows.of(spark, "ingest:1", List.of("s2", "s3", "b1")));
              }
            })) {
      result = drain(config);
    }

    Dataset<Row> cleansed = table(config, LakeTable.CLEANSED_EVENTS);
    assertThat(cleansed.count()).isEqualTo(6);
    assertThat(uuids(cleansed)).containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "s5", "b1");
    assertThat(uuids(cleansed.where(col(RUN_ID).equalTo("ingest:1"))))
        .containsExactlyInAnyOrder("s2", "s3", "b1");
    var counts = result.summary().records().get("events");
    assertThat(counts.read()).isEqualTo(6);
    assertThat(counts.cleansed()).isEqualTo(3);
    assertThat(counts.duplicates()).isEqualTo(2);
    assertThat(counts.quarantined()).isEqualTo(1);
    assertThat(counts.balanced()).isTrue();

    // The next micro-batch knows the other writer's rows (its filter catches up on them).
    put(event("s3", T0.plusSeconds(7200)), event("b1", T0.plusSeconds(7200)), event("s6", T0));
    var next = drain(config).summary().records().get("events");
    assertThat(next.cleansed()).isEqualTo(1);
    assertThat(next.duplicates()).isEqualTo(2);
    assertThat(table(config, LakeTable.CLEANSED_EVENTS).count()).isEqualTo(7);
  }

  /**
   * The same events arriving through the stream and as a landing file (Firehose copying the stream
   * to the landing bucket, say) while both jobs run: whichever commits first keeps each shared
   * uuid, the other counts it as a duplicate, and cleansed holds each uuid once. Forced both ways
   * round at the point between a writer's uuid check and its commit.
   */
  @ParameterizedTest(name = "{0} commits first")
  @ValueSource(strings = {"stream", "batch"})
  void aBatchRunAndAMicroBatchWritingTheSameUuidsAtOnceLeaveEachUuidOnce(String first)
      throws Exception {
    StreamConfig config = config(LatePolicy.KEEP);
    Path landing = dir.resolve("landing");
    Path events = landing.resolve("events");
    java.nio.file.Files.createDirectories(events);
    List<String> batchUuids = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      batchUuids.add("x" + i);
      file.append(event("x" + i, T0)).append('\n');
    }
    java.nio.file.Files.writeString(events.resolve("part-1.jsonl"), file);
    List<String> streamed = new ArrayList<>();
    for (int i = 20; i < 60; i++) {
      streamed.add(event("x" + i, T0)); // x20..x39 in both
    }
    put(streamed.toArray(String[]::new));
    dev.medallion.config.IngestConfig ingest =
        new dev.medallion.config.IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            config.lake(),
            false,
            LatePolicy.KEEP,
            Duration.ofDays(3650));
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<dev.medallion.run.RunSummary> batch =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<StreamJob.Result> stream =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable runBatch =
        () -> batch.set(new dev.medallion.ingest.IngestJob(spark, Progress.silent()).run(ingest));
    Runnable runStream = () -> stream.set(drain(config));
    // The job that reaches its commit first waits there while the other runs to its end.
    try (Faults.Hook hook =
        Faults.onPoint(
            UniqueAppend.BEFORE_COMMIT,
            () -> {
              if (calls.getAndIncrement() == 0) {
                (first.equals("stream") ? runStream : runBatch).run();
              }
            })) {
      (first.equals("stream") ? runBatch : runStream).run();
    }

    Dataset<Row> cleansed = table(config, LakeTable.CLEANSED_EVENTS);
    assertThat(cleansed.count()).isEqualTo(60);
    assertThat(cleansed.select(EVENT_UUID).distinct().count()).isEqualTo(60);
    var batchCounts = batch.get().records().get("events");
    var streamCounts = stream.get().summary().records().get("events");
    var winner = first.equals("stream") ? streamCounts : batchCounts;
    var loser = first.equals("stream") ? batchCounts : streamCounts;
    assertThat(winner.cleansed()).isEqualTo(40);
    assertThat(winner.duplicates()).isZero();
    assertThat(loser.cleansed()).isEqualTo(20);
    assertThat(loser.duplicates()).isEqualTo(20);
    assertThat(batchCounts.balanced()).isTrue();
    assertThat(streamCounts.balanced()).isTrue();
    assertThat(calls.get())
        .as("commits tried: the first writer's, then the other's twice")
        .isEqualTo(3);
  }
}
