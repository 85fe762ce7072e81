package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.map_entries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.lake.Lake;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.testing.ChildJvm;
import dev.medallion.testing.LocalKinesis;
import dev.medallion.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The streaming job through the Kinesis path: the emulator, Medallion's source, the job, Delta. A
 * stream with retries, late and malformed records is read by an uninterrupted run; then by runs
 * killed between the writes of a micro-batch and after them (a halt, as SIGKILL does) and by a real
 * SIGKILL at a moment the test does not choose, each restarted from its checkpoint: every table
 * must equal the uninterrupted run's. And a shard split while the stream is read loses and repeats
 * nothing.
 */
@Tag("integration")
@Tag("long")
@ExtendWith(LocalKinesis.Diagnose.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamKinesisIT {
  static final int BATCH = 300;
  static final String STREAM = "kill-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir static Path dir;
  static KinesisEndpoint kinesis;
  static ProduceSummary produced;
  static Map<LakeTable, List<String>> reference;

  @BeforeAll
  static void produce() {
    kinesis = LocalKinesis.endpoint();
    try (KinesisClient client = kinesis.client()) {
      KinesisStreams.ensure(client, STREAM, 2);
      produced =
          new EventProducer(
                  client,
                  STREAM,
                  ProduceOptions.of(1500)
                      .withDuplicates(0.05)
                      .withLate(0.05)
                      .withMalformed(0.03)
                      .withSeed(42))
              .run();
    }
  }

  static StreamConfig config(String lake, String stream) {
    return StreamConfig.of(
        stream,
        kinesis,
        dir.resolve(lake).toString(),
        null,
        "available-now",
        "10m",
        "keep",
        null,
        null,
        null,
        BATCH,
        null);
  }

  static StreamJob.Result drain(StreamConfig config) {
    return drain(config, new StreamMetrics(discarded(), Progress.silent()));
  }

  /** As {@link #drain(StreamConfig)}, into {@code metrics}, which the test may read meanwhile. */
  static StreamJob.Result drain(StreamConfig config, StreamMetrics metrics) {
    StreamJob job = new StreamJob(SharedSpark.get(), Progress.silent(), discarded());
    return job.run(config, job.read(config), metrics);
  }

  /** Where the metric lines go when nobody reads them. */
  static PrintStream discarded() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Every row of the table, every column, as sorted text: tables equal when these are. */
  static List<String> rows(String lake, LakeTable table) {
    Dataset<Row> rows =
        new Lake(SharedSpark.get(), LakeLocation.parse("--lake", dir.resolve(lake).toString()))
            .read(table);
    List<String> text = new ArrayList<>();
    for (Row r : canonical(rows, Schemas.of(table)).collectAsList()) {
      text.add(r.mkString("|"));
    }
    text.sort(null);
    return text;
  }

  /** Every column of the schema as text; a map as its entries sorted by key. */
  static Dataset<Row> canonical(Dataset<Row> rows, StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equals(CURATED_AT)) {
        continue; // when the row was curated: a run's own clock
      }
      Column c = col(f.name());
      if (f.dataType() instanceof MapType) {
        c = array_sort(map_entries(c));
      } else if (f.dataType() instanceof DoubleType) {
        // A sum of doubles (value_sum) depends on the order it was added in, which depends on
        // the files it was read from: equal to 9 significant digits is equal.
        c = format_number(c, 9);
      }
      columns.add(c.cast("string").as(f.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  static Map<LakeTable, List<String>> tables(String lake) {
    Map<LakeTable, List<String>> tables = new java.util.EnumMap<>(LakeTable.class);
    for (LakeTable table : StreamJob.TABLES) {
      tables.put(table, rows(lake, table));
    }
    return tables;
  }

  @Test
  @Order(1)
  void anUninterruptedRunLandsEveryRecordAsTheRulesSay() {
    RecordCounts counts = drain(config("reference", STREAM)).summary().records().get("events");

    assertThat(counts.read()).isEqualTo(produced.recordsPut());
    assertThat(counts.cleansed()).isEqualTo(produced.distinctValidUuids());
    assertThat(counts.quarantined()).isEqualTo(produced.malformed());
    assertThat(counts.balanced()).isTrue();
    assertThat(counts.late()).as("late events behind the watermark of later batches").isPositive();
    reference = tables("reference");
    assertThat(reference.get(LakeTable.CLEANSED_EVENTS))
        .hasSize((int) produced.distinctValidUuids());
    assertThat(reference.get(LakeTable.RAW_EVENTS)).hasSize((int) produced.recordsPut());
    assertThat(reference.get(LakeTable.CURATED_EVENTS_ENRICHED))
        .as("the stream curates every event it cleanses")
        .hasSize((int) produced.distinctValidUuids());
    assertThat(reference.get(LakeTable.CURATED_DAILY_EVENT_METRICS)).isNotEmpty();

    // A second run finds nothing new and writes nothing.
    assertThat(drain(config("reference", STREAM)).summary().records().get("events").read())
        .isZero();
    assertThat(tables("reference")).isEqualTo(reference);
  }

  @ParameterizedTest
  @Order(2)
  @ValueSource(
      strings = {
        // after raw, before quarantine and cleansed: the replay must skip raw and write the rest
        "stream.raw-written:halt:3",
        // after every write, before the checkpoint commit: the replay must write nothing
        "stream.cleansed-written:halt:4"
      })
  void aRunKilledInAMicroBatchAndRestartedEndsWithTheSameTables(String fault) throws Exception {
    String lake = "killed-" + fault.replaceAll("[^a-z0-9]", "-");
    Process child =
        ChildJvm.start(
            commandLine(lake),
            Map.of("MEDALLION_FAULT", fault),
            Map.of(),
            dir.resolve(lake + ".out"));
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(dir.resolve(lake + ".out"))).isEqualTo(137);

    drain(config(lake, STREAM));

    assertThat(tables(lake)).isEqualTo(reference);
  }

  @Test
  @Order(3)
  void aRunKilledBySigkillWhileItWritesAndRestartedEndsWithTheSameTables() throws Exception {
    String lake = "sigkilled";
    Process child =
        ChildJvm.start(commandLine(lake), Map.of(), Map.of(), dir.resolve(lake + ".out"));
    Path rawLog = dir.resolve(lake).resolve("raw/events/_delta_log");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    // Kill it once it has committed its second micro-batch to raw (version 0 creates the table).
    while (child.isAlive() && System.nanoTime() < deadline && commits(rawLog) < 3) {
      Thread.sleep(50);
    }
    assertThat(child.isAlive()).as(Files.readString(dir.resolve(lake + ".out"))).isTrue();
    child.destroyForcibly().waitFor();

    drain(config(lake, STREAM));

    assertThat(tables(lake)).isEqualTo(reference);
  }

  @Test
  @Order(4)
  void aShardSplitWhileTheStreamIsReadLosesAndRepeatsNothing() throws Exception {
    String stream = "split-" + UUID.randomUUID().toString().substring(0, 8);
    Lake lake =
        new Lake(SharedSpark.get(), LakeLocation.parse("--lake", dir.resolve("split").toString()));
    ProduceSummary before;
    ProduceSummary after;
    StreamConfig config =
        StreamConfig.of(
            stream,
            kinesis,
            dir.resolve("split").toString(),
            null,
            "300ms",
            "10m",
            "keep",
            null,
            null,
            "5m",
            0,
            null);
    java.util.concurrent.CompletableFuture<StreamJob.Result> running;
    StreamMetrics metrics = new StreamMetrics(discarded(), Progress.silent());
    try (KinesisClient client = kinesis.client()) {
      KinesisStreams.ensure(client, stream, 1);
      before = new EventProducer(client, stream, ProduceOptions.of(400).withSeed(1)).run();
      running = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(config, metrics));
      awaitCleansed(lake, before.distinctValidUuids(), running);
      client.splitShard(
          b ->
              b.streamName(stream)
                  .shardToSplit("shardId-000000000000")
                  .newStartingHashKey(java.math.BigInteger.ONE.shiftLeft(127).toString()));
      KinesisStreams.awaitActive(client, stream, java.time.Duration.ofSeconds(30));
      assertThat(KinesisStreams.shards(client, stream)).hasSize(3);
      after =
          new EventProducer(client, stream, ProduceOptions.of(400).withSeed(2).withDuplicates(0.1))
              .run();
    }
    awaitCleansed(lake, before.distinctValidUuids() + after.distinctValidUuids(), running);
    // Cleansed is written before a micro-batch ends: stopping now could interrupt the batch, which
    // the next run would then replay and count. This run is to count every record it wrote.
    awaitRead(metrics, before.recordsPut() + after.recordsPut(), running);
    SharedSpark.get().streams().active()[0].stop();
    RecordCounts counts = running.get().summary().records().get("events");

    Dataset<Row> cleansed = lake.read(LakeTable.CLEANSED_EVENTS);
    assertThat(cleansed.count())
        .isEqualTo(before.distinctValidUuids() + after.distinctValidUuids());
    assertThat(cleansed.select(EVENT_UUID).distinct().count()).isEqualTo(cleansed.count());
    Dataset<Row> raw = lake.read(LakeTable.RAW_EVENTS);
    assertThat(raw.count()).isEqualTo(before.recordsPut() + after.recordsPut());
    assertThat(raw.select(SHARD_ID).distinct().count()).isEqualTo(3);
    assertThat(counts.read()).isEqualTo(raw.count());
    assertThat(counts.balanced()).isTrue();
  }

  /** Waits (at most a minute) until the run's finished micro-batches read {@code records}. */
  static void awaitRead(
      StreamMetrics metrics, long records, java.util.concurrent.CompletableFuture<?> running)
      throws InterruptedException {
    await(
        () -> metrics.totals().read() >= records,
        TimeUnit.MINUTES.toNanos(1),
        100,
        running,
        () ->
            "the run's micro-batches read "
                + metrics.totals().read()
                + " of "
                + records
                + " records");
  }

  /** Waits (at most two minutes) until cleansed holds {@code rows}, or the query ended. */
  static void awaitCleansed(Lake lake, long rows, java.util.concurrent.CompletableFuture<?> running)
      throws InterruptedException {
    await(
        () ->
            lake.exists(LakeTable.CLEANSED_EVENTS)
                && lake.read(LakeTable.CLEANSED_EVENTS).count() >= rows,
        TimeUnit.MINUTES.toNanos(2),
        500,
        running,
        () -> "cleansed did not reach " + rows + " rows in two minutes");
  }

  /**
   * Polls {@code done} every {@code pollMillis} until it holds; throws the query's failure if the
   * query ended first, and {@code failure} if {@code timeoutNanos} passed.
   */
  static void await(
      java.util.function.BooleanSupplier done,
      long timeoutNanos,
      long pollMillis,
      java.util.concurrent.CompletableFuture<?> running,
      java.util.function.Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline && !running.isDone()) {
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(pollMillis);
    }
    if (running.isDone()) {
      running.join(); // throws the query's failure
    }
    throw new AssertionError(failure.get());
  }

  static List<String> commandLine(String lake) {
    return Arrays.asList(
        "stream",
        "--stream",
        STREAM,
        "--endpoint",
        kinesis.endpoint(),
        "--lake",
        dir.resolve(lake).toString(),
        "--trigger",
        "available-now",
        "--max-records-per-batch",
        Integer.toString(BATCH),
        "--conf",
        "spark.sql.shuffle.partitions=8");
  }

  static long commits(Path log) {
    try (var files = Files.list(log)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
