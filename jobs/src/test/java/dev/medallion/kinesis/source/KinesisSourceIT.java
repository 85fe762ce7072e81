package dev.medallion.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.source.reading.KplAggregate;
import dev.medallion.testing.LocalKinesis;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The medallion-kinesis source against the local emulator, through Structured Streaming. */
@Tag("integration")
@Tag("long")
@ExtendWith(LocalKinesis.Diagnose.class)
class KinesisSourceIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static SparkSession spark;
  private KinesisEndpoint endpoint;
  private KinesisClient client;

  @TempDir Path tmp;

  /** One record as it was put: the data, its key, and where Kinesis put it. */
  record Put(String data, String partitionKey, String shardId, String sequenceNumber) {}

  @BeforeAll
  static void startSpark() {
    spark = SharedSpark.get();
  }

  /** Per test: the shared emulator is started again if it stopped. */
  @BeforeEach
  void connect() {
    endpoint = LocalKinesis.endpoint();
    client = endpoint.client();
  }

  @AfterEach
  void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  private String newStream(int shards) {
    String stream = "src-" + UUID.randomUUID().toString().substring(0, 8);
    KinesisStreams.ensure(client, stream, shards);
    return stream;
  }

  private List<Put> put(String stream, List<String> keys, String prefix) {
    List<Put> puts = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += 500) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      List<String> data = new ArrayList<>();
      for (int i = from; i < Math.min(keys.size(), from + 500); i++) {
        String value = prefix + "-" + i;
        data.add(value);
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(keys.get(i))
                .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                .build());
      }
      List<PutRecordsResultEntry> results =
          client.putRecords(b -> b.streamName(stream).records(entries)).records();
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).errorCode()).isNull();
        puts.add(
            new Put(
                data.get(i),
                entries.get(i).partitionKey(),
                results.get(i).shardId(),
                results.get(i).sequenceNumber()));
      }
    }
    return puts;
  }

  private static List<String> keys(int count, int distinct) {
    return IntStream.range(0, count).mapToObj(i -> "k" + (i % distinct)).toList();
  }

  private StreamingQuery run(
      String stream, Map<String, String> options, Trigger trigger, Path checkpoint, Batches sink)
      throws TimeoutException {
    return spark
        .readStream()
        .format(KinesisSourceOptions.FORMAT)
        .options(KinesisSourceOptions.options(endpoint, stream))
        .options(options)
        .load()
        .writeStream()
        .trigger(trigger)
        .option("checkpointLocation", checkpoint.toString())
        .foreachBatch(sink.sink())
        .start();
  }

  /** Runs an AvailableNow query to its end; fails if it does not end by itself. */
  private StreamingQuery runToEnd(
      String stream, Map<String, String> options, Path checkpoint, Batches sink)
      throws TimeoutException, StreamingQueryException {
    StreamingQuery query = run(stream, options, Trigger.AvailableNow(), checkpoint, sink);
    boolean ended = query.awaitTermination(WAIT.toMillis());
    if (!ended) {
      query.stop();
    }
    assertThat(ended).as("the AvailableNow query ended by itself").isTrue();
    return query;
  }

  static String data(Row row) {
    return new String((byte[]) row.getAs("data"), StandardCharsets.UTF_8);
  }

  private static Map<String, String> trimHorizon(String... more) {
    Map<String, String> options = new HashMap<>();
    options.put(KinesisSourceOptions.STARTING_POSITION, "TRIM_HORIZON");
    for (int i = 0; i < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    return options;
  }

  @Test
  void trimHorizonReadsEveryRecordOncePerShardInOrderWithItsColumns() throws Exception {
    String stream = newStream(2);
    Instant before = Instant.now().minusSeconds(1);
    List<Put> puts = put(stream, keys(40, 13), "a");
    Instant after = Instant.now().plusSeconds(1);
    Batches sink = new Batches();

    StreamingQuery query = runToEnd(stream, trimHorizon(), tmp.resolve("cp"), sink);

    List<Row> rows = sink.rows();
    assertThat(rows.get(0).schema().fieldNames())
        .containsExactly(
            "data",
            "streamName",
            "partitionKey",
            "sequenceNumber",
            "approximateArrivalTimestamp",
            "shardId",
            "subSequenceNumber");
    Map<String, Put> bySeq = new HashMap<>();
    puts.forEach(p -> bySeq.put(p.sequenceNumber(), p));
    assertThat(rows).hasSize(40);
    assertThat(puts.stream().map(Put::shardId).distinct()).hasSize(2);
    Map<String, String> lastSeqOfShard = new HashMap<>();
    for (Row row : rows) {
      Put put = bySeq.get(row.<String>getAs("sequenceNumber"));
      assertThat(put).as("a record that was put").isNotNull();
      assertThat(data(row)).isEqualTo(put.data());
      assertThat(row.<String>getAs("partitionKey")).isEqualTo(put.partitionKey());
      assertThat(row.<String>getAs("shardId")).isEqualTo(put.shardId());
      assertThat(row.<String>getAs("streamName")).isEqualTo(stream);
      assertThat(row.<Object>getAs("subSequenceNumber")).isNull();
      Instant arrival = row.<Timestamp>getAs("approximateArrivalTimestamp").toInstant();
      assertThat(arrival).isBetween(before, after);
      String previous = lastSeqOfShard.put(put.shardId(), put.sequenceNumber());
      if (previous != null) {
        assertThat(new BigInteger(put.sequenceNumber())).isGreaterThan(new BigInteger(previous));
      }
    }
    assertThat(sink.data())
        .containsExactlyInAnyOrderElementsOf(puts.stream().map(Put::data).toList());
    Map<String, String> metrics = query.lastProgress().sources()[0].metrics();
    assertThat(metrics.get("cacheMisses")).as("no range read twice from Kinesis").isEqualTo("0");
    assertThat(Long.parseLong(metrics.get("cacheHits"))).isPositive();
  }

  @Test
  void aKplAggregateIsReadAsItsUserRecords() throws Exception {
    String stream = newStream(1);
    byte[] aggregate =
        new KplAggregate().add("u1", "one").add("u2", "two").add("u1", "three").bytes();
    String aggregateSeq =
        client
            .putRecord(
                b ->
                    b.streamName(stream)
                        .partitionKey("outer")
                        .data(SdkBytes.fromByteArray(aggregate)))
            .sequenceNumber();
    put(stream, List.of("plain"), "p");
    Batches sink = new Batches();

    runToEnd(stream, trimHorizon(), tmp.resolve("cp"), sink);

    List<Row> rows = sink.rows();
    assertThat(sink.data()).containsExactly("one", "two", "three", "p-0");
    assertThat(rows)
        .extracting(r -> r.<String>getAs("partitionKey"))
        .containsExactly("u1", "u2", "u1", "plain");
    assertThat(rows.subList(0, 3))
        .allSatisfy(r -> assertThat(r.<String>getAs("sequenceNumber")).isEqualTo(aggregateSeq));
    assertThat(rows)
        .extracting(r -> r.<Object>getAs("subSequenceNumber"))
        .containsExactly(0L, 1L, 2L, null);
  }

  @Test
  void latestReadsOnlyWhatArrivesAfterTheQueryStarted() throws Exception {
    String stream = newStream(2);
    put(stream, keys(10, 10), "before");
    Batches sink = new Batches();
    StreamingQuery query =
        run(
            stream,
            Map.of(KinesisSourceOptions.STARTING_POSITION, "LATEST"),
            Trigger.ProcessingTime(100),
            tmp.resolve("cp"),
            sink);
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (query.recentProgress().length == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      List<Put> later = put(stream, keys(10, 10), "after");

      assertThat(sink.await(10, WAIT)).isTrue();
      Thread.sleep(500);
      assertThat(sink.data())
          .containsExactlyInAnyOrderElementsOf(later.stream().map(Put::data).toList());
    } finally {
      query.stop();
    }
  }

  @Test
  void atTimestampStartsAtTheTimestampAlsoWithAShardThatHasNothingThatRecent() throws Exception {
    String stream = newStream(2);
    put(stream, keys(10, 10), "old");
    Thread.sleep(100);
    Instant from = Instant.now();
    Thread.sleep(100);
    // one key: every new record lands in one shard; the other has no record that recent
    List<Put> recent = put(stream, keys(5, 1), "new");
    Batches sink = new Batches();

    runToEnd(
        stream,
        Map.of(
            KinesisSourceOptions.STARTING_POSITION, "AT_TIMESTAMP",
            KinesisSourceOptions.STARTING_TIMESTAMP, from.toString(),
            KinesisSourceOptions.LOCAL_AT_TIMESTAMP_TIMEOUT_MS, "500"),
        tmp.resolve("cp"),
        sink);

    assertThat(sink.data()).containsExactlyElementsOf(recent.stream().map(Put::data).toList());
  }

  @Test
  void availableNowEndsByItselfHavingReadWhatWasThereWithinTheBatchLimit() throws Exception {
    String stream = newStream(2);
    List<Put> puts = put(stream, keys(25, 7), "a");
    Batches sink = new Batches();

    runToEnd(
        stream,
        trimHorizon(KinesisSourceOptions.MAX_RECORDS_PER_BATCH, "10"),
        tmp.resolve("cp"),
        sink);

    assertThat(sink.data())
        .containsExactlyInAnyOrderElementsOf(puts.stream().map(Put::data).toList());
    assertThat(sink.byBatch()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(sink.byBatch().values())
        .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
  }

  @Test
  void aRestartedQueryLosesAndRepeatsNothingAlsoOfWhatArrivedWhileItWasStopped() throws Exception {
    String stream = newStream(2);
    Path checkpoint = tmp.resolve("cp");
    Batches sink = new Batches();
    Map<String, String> options = trimHorizon(KinesisSourceOptions.MAX_RECORDS_PER_BATCH, "7");
    List<Put> puts = new ArrayList<>(put(stream, keys(20, 5), "first"));

    StreamingQuery running = run(stream, options, Trigger.ProcessingTime(100), checkpoint, sink);
    try {
      assertThat(sink.await(20, WAIT)).isTrue();
      // stopped while records keep coming
      puts.addAll(put(stream, keys(15, 5), "second"));
    } finally {
      running.stop();
    }
    assertThat(running.exception().isEmpty())
        .as("stopped, not failed: %s", running.exception())
        .isTrue();
    puts.addAll(put(stream, keys(15, 5), "third"));
    runToEnd(stream, options, checkpoint, sink);
    puts.addAll(put(stream, keys(5, 5), "fourth"));
    runToEnd(stream, options, checkpoint, sink);

    assertThat(sink.data()).doesNotHaveDuplicates();
    assertThat(sink.data())
        .containsExactlyInAnyOrderElementsOf(puts.stream().map(Put::data).toList());
  }

  @Test
  void aSplitAndAMergeMidStreamKeepEachKeysRecordsInOrderAndReadOnce() throws Exception {
    String stream = newStream(1);
    Batches sink = new Batches();
    StreamingQuery query =
        run(
            stream,
            trimHorizon(
                KinesisSourceOptions.MAX_RECORDS_PER_BATCH, "7",
                KinesisSourceOptions.SHARD_DISCOVERY_INTERVAL_MS, "200"),
            Trigger.ProcessingTime(100),
            tmp.resolve("cp"),
            sink);
    List<Put> puts = new ArrayList<>();
    try {
      puts.addAll(put(stream, keys(30, 6), "one"));
      client.splitShard(
          b ->
              b.streamName(stream)
                  .shardToSplit("shardId-000000000000")
                  .newStartingHashKey(BigInteger.ONE.shiftLeft(127).toString()));
      KinesisStreams.awaitActive(client, stream, WAIT);
      puts.addAll(put(stream, keys(30, 6), "two"));
      List<Shard> children =
          KinesisStreams.shards(client, stream).stream()
              .filter(s -> "shardId-000000000000".equals(s.parentShardId()))
              .toList();
      assertThat(children).hasSize(2);
      client.mergeShards(
          b ->
              b.streamName(stream)
                  .shardToMerge(children.get(0).shardId())
                  .adjacentShardToMerge(children.get(1).shardId()));
      KinesisStreams.awaitActive(client, stream, WAIT);
      puts.addAll(put(stream, keys(30, 6), "three"));

      assertThat(sink.await(90, WAIT)).isTrue();
      Thread.sleep(300);
    } finally {
      query.stop();
    }

    assertThat(puts.stream().map(Put::shardId).distinct()).hasSize(4);
    assertThat(sink.data()).doesNotHaveDuplicates();
    assertThat(sink.data())
        .containsExactlyInAnyOrderElementsOf(puts.stream().map(Put::data).toList());
    // for each key, the records in the order they were put come in batches that never go back
    Map<String, Long> batchOf = new HashMap<>();
    Map<String, Integer> positionOf = new HashMap<>();
    sink.byBatch()
        .forEach(
            (batch, rows) -> {
              for (int i = 0; i < rows.size(); i++) {
                batchOf.put(data(rows.get(i)), batch);
                positionOf.put(data(rows.get(i)), i);
              }
            });
    Map<String, Put> previousOfKey = new HashMap<>();
    Set<String> crossedShards = new HashSet<>();
    for (Put put : puts) {
      Put previous = previousOfKey.put(put.partitionKey(), put);
      if (previous == null) {
        continue;
      }
      long before = batchOf.get(previous.data());
      long now = batchOf.get(put.data());
      assertThat(now).as("batch of %s after %s", put, previous).isGreaterThanOrEqualTo(before);
      if (!previous.shardId().equals(put.shardId())) {
        crossedShards.add(put.partitionKey());
        assertThat(now)
            .as("a child's record in a later batch than its parent's")
            .isGreaterThan(before);
      } else if (now == before) {
        assertThat(positionOf.get(put.data())).isGreaterThan(positionOf.get(previous.data()));
      }
    }
    assertThat(crossedShards).as("keys that moved to a child shard").isNotEmpty();
  }

  @Test
  void aBatchRunAgainAfterARestartReadsExactlyTheSameRecords() throws Exception {
    String stream = newStream(2);
    Path checkpoint = tmp.resolve("cp");
    Batches first = new Batches();
    Map<String, String> options =
        Map.of(
            KinesisSourceOptions.STARTING_POSITION, "LATEST",
            KinesisSourceOptions.MAX_RECORDS_PER_BATCH, "10");
    StreamingQuery query = run(stream, options, Trigger.ProcessingTime(100), checkpoint, first);
    List<Put> puts;
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (query.recentProgress().length == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      puts = put(stream, keys(30, 9), "a");
      assertThat(first.await(30, WAIT)).isTrue();
    } finally {
      query.stop();
    }
    long last = ((java.util.NavigableMap<Long, List<Row>>) first.byBatch()).lastKey();
    assertThat(last).isPositive();

    // the sink did not commit the last batch: Spark runs it again from the logged offsets
    forget(checkpoint, "commits", last);
    Batches second = new Batches();
    StreamingQuery replay = runToEnd(stream, options, checkpoint, second);

    assertThat(second.byBatch()).containsOnlyKeys(last);
    assertThat(rowsAsText(second.byBatch().get(last)))
        .isEqualTo(rowsAsText(first.byBatch().get(last)));
    assertThat(Long.parseLong(replay.recentProgress()[0].sources()[0].metrics().get("cacheMisses")))
        .as("the replayed ranges were read from Kinesis")
        .isPositive();

    // nothing committed or logged after the first batch: it runs again from the initial offset
    for (long batch = 0; batch <= last; batch++) {
      forget(checkpoint, "commits", batch);
      if (batch > 0) {
        forget(checkpoint, "offsets", batch);
      }
    }
    Batches third = new Batches();
    runToEnd(stream, options, checkpoint, third);

    assertThat(rowsAsText(third.byBatch().get(0L))).isEqualTo(rowsAsText(first.byBatch().get(0L)));
    assertThat(third.data()).doesNotHaveDuplicates();
    assertThat(third.data())
        .containsExactlyInAnyOrderElementsOf(puts.stream().map(Put::data).toList());
  }

  private static List<String> rowsAsText(List<Row> rows) {
    return rows.stream()
        .map(r -> r.getAs("shardId") + "/" + r.getAs("sequenceNumber") + "/" + data(r))
        .toList();
  }

  private static void forget(Path checkpoint, String log, long batch) throws IOException {
    Files.deleteIfExists(checkpoint.resolve(log).resolve(Long.toString(batch)));
    Files.deleteIfExists(checkpoint.resolve(log).resolve("." + batch + ".crc"));
  }

  /** A few small queries, so that a measurement does not count Spark's warm-up. */
  private void warmUp() throws Exception {
    for (int i = 0; i < 3; i++) {
      String stream = newStream(2);
      put(stream, keys(100, 10), "w");
      runToEnd(stream, trimHorizon(), tmp.resolve("warm-up-" + i), new Batches());
    }
  }

  /**
   * The rate of reading a backlog, measured when asked for: {@code
   * -Dmedallion.kinesis.backlog=50000}. A small query runs first so that Spark's warm-up is not
   * counted; the measured query counts its rows instead of collecting them.
   */
  @Test
  void backlogReadRate() throws Exception {
    int count = Integer.getInteger("medallion.kinesis.backlog", 0);
    org.junit.jupiter.api.Assumptions.assumeTrue(count > 0, "set -Dmedallion.kinesis.backlog=N");
    warmUp();

    String stream = newStream(2);
    String payload = "x".repeat(100);
    long putStart = System.nanoTime();
    put(stream, keys(count, 1000), payload);
    double putSeconds = (System.nanoTime() - putStart) / 1e9;
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger batches =
        new java.util.concurrent.atomic.AtomicInteger();

    long readStart = System.nanoTime();
    StreamingQuery query =
        spark
            .readStream()
            .format(KinesisSourceOptions.FORMAT)
            .options(KinesisSourceOptions.options(endpoint, stream))
            .options(trimHorizon())
            .load()
            .writeStream()
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .foreachBatch(
                (org.apache.spark.api.java.function.VoidFunction2<
                        org.apache.spark.sql.Dataset<Row>, Long>)
                    (batch, id) -> {
                      rows.addAndGet(batch.count());
                      batches.incrementAndGet();
                    })
            .start();
    assertThat(query.awaitTermination(WAIT.toMillis() * 3)).isTrue();
    double readSeconds = (System.nanoTime() - readStart) / 1e9;

    assertThat(rows.get()).isEqualTo(count);
    long fetchMs = 0;
    for (var progress : query.recentProgress()) {
      fetchMs += Long.parseLong(progress.sources()[0].metrics().get("lastFetchMs"));
    }
    System.out.printf(
        Locale.ROOT,
        "backlog of %d records: put %.1f s (%.0f/s); AvailableNow query %.1f s (%.0f/s),"
            + " of which fetching in latestOffset %.1f s (%.0f/s), %d batches%n",
        count,
        putSeconds,
        count / putSeconds,
        readSeconds,
        count / readSeconds,
        fetchMs / 1000.0,
        count / (fetchMs / 1000.0),
        batches.get());
  }

  /**
   * Produce-to-visible latency with 1 s triggers, measured when asked for: {@code
   * -Dmedallion.kinesis.latencySeconds=20} puts 20 records a second for that long and prints the
   * percentiles of (time the batch sees a row - the row's arrival time at Kinesis).
   */
  @Test
  void steadyLatencyWithOneSecondTriggers() throws Exception {
    int seconds = Integer.getInteger("medallion.kinesis.latencySeconds", 0);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        seconds > 0, "set -Dmedallion.kinesis.latencySeconds=N");
    warmUp();
    String stream = newStream(2);
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    StreamingQuery query =
        spark
            .readStream()
            .format(KinesisSourceOptions.FORMAT)
            .options(KinesisSourceOptions.options(endpoint, stream))
            .load()
            .writeStream()
            .trigger(Trigger.ProcessingTime(1000))
            .option("checkpointLocation", tmp.resolve("cp").toString())
            .foreachBatch(
                (org.apache.spark.api.java.function.VoidFunction2<
                        org.apache.spark.sql.Dataset<Row>, Long>)
                    (batch, id) -> {
                      List<Row> rows = batch.collectAsList();
                      long now = System.currentTimeMillis();
                      for (Row row : rows) {
                        latencies.add(
                            now - row.<Timestamp>getAs("approximateArrivalTimestamp").getTime());
                      }
                    })
            .start();
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (query.recentProgress().length == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      int sent = 0;
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      while (System.nanoTime() < end) {
        put(stream, List.of("k" + sent), "l");
        sent++;
        Thread.sleep(50);
      }
      Thread.sleep(3000);
      assertThat(latencies).hasSize(sent);
    } finally {
      query.stop();
    }
    List<Long> sorted = latencies.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "latency of %d records with 1 s triggers: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) (sorted.size() * 0.9)),
        sorted.get((int) (sorted.size() * 0.99)),
        sorted.get(sorted.size() - 1));
  }
}
