package dev.medallion.bench;

import dev.medallion.kinesis.source.KinesisSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A Kinesis stream of the benchmark's own that keeps what is put on it as Parquet files of the
 * Kinesis source's rows ({@link KinesisSchema}), so that the stream job can be timed draining a
 * backlog without the emulator's speed in the way. The producer ({@code EventProducer}) puts on it
 * as on any stream: it answers PutRecords only.
 *
 * <p>Each record is placed as Kinesis places it: the MD5 of its partition key, a 128-bit number,
 * picks the shard whose equal share of the hash-key range holds it; sequence numbers increase per
 * shard; the arrival time is when it was put. Every {@code recordsPerFile × shards} records (and at
 * {@link #flush}), each shard's records go to a Parquet file of their own, and the files'
 * modification times follow the order they were written in. A file stream that reads {@code shards}
 * files per micro-batch therefore gets about {@code recordsPerFile × shards} records a batch, a
 * file (one partition) per shard, each shard's records in order, as Medallion's source gives them.
 *
 * <p>{@link #inMemory} makes one that writes nothing: its records are {@link #take}n by the caller,
 * which writes them itself (the steady-with-spikes phase, a set of files a second).
 */
final class BacklogStream implements KinesisClient {
  private final SparkSession spark;
  private final Path dir;
  private final String stream;
  private final int shards;
  private final int recordsPerChunk;
  private final List<List<Row>> pending = new ArrayList<>();
  private final long[] sequence;
  private final Set<Path> written = new HashSet<>();
  private final MessageDigest md5;
  private long buffered;
  private long records;
  private long lastModified;

  /**
   * @param dir where the Parquet files go (made if missing)
   * @param recordsPerFile about how many records each shard's file of a chunk holds
   */
  BacklogStream(SparkSession spark, Path dir, String stream, int shards, int recordsPerFile) {
    if (shards < 1 || recordsPerFile < 1) {
      throw new IllegalArgumentException(
          "shards and records per file must be positive: " + shards + ", " + recordsPerFile);
    }
    this.spark = spark;
    this.dir = dir;
    this.stream = stream;
    this.shards = shards;
    this.recordsPerChunk = (int) Math.min(Integer.MAX_VALUE, (long) recordsPerFile * shards);
    this.sequence = new long[shards];
    for (int i = 0; i < shards; i++) {
      pending.add(new ArrayList<>());
    }
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  /**
   * A stream that keeps what is put on it in memory until {@link #take}n, and writes no file: the
   * caller writes the rows where and when it wants ({@link SpikeFiles}).
   */
  static BacklogStream inMemory(String stream, int shards) {
    return new BacklogStream(null, null, stream, shards, Integer.MAX_VALUE);
  }

  /** The shard id of shard {@code index}, as Kinesis names it. */
  static String shardId(int index) {
    return String.format(Locale.ROOT, "shardId-%012d", index);
  }

  /** Which of {@code shards} equal hash-key ranges the MD5 of {@code partitionKey} falls in. */
  int shardOf(String partitionKey) {
    BigInteger hash = new BigInteger(1, md5.digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    return hash.multiply(BigInteger.valueOf(shards)).shiftRight(128).intValue();
  }

  @Override
  public synchronized PutRecordsResponse putRecords(PutRecordsRequest request) {
    if (!stream.equals(request.streamName())) {
      throw new IllegalArgumentException(
          "this backlog is stream " + stream + ", not " + request.streamName());
    }
    Timestamp arrival = new Timestamp(System.currentTimeMillis());
    List<PutRecordsResultEntry> results = new ArrayList<>(request.records().size());
    for (PutRecordsRequestEntry entry : request.records()) {
      int shard = shardOf(entry.partitionKey());
      // 56 digits, as Kinesis writes them; unique within the stream, increasing within a shard.
      String seq = String.format(Locale.ROOT, "49%04d%050d", shard, ++sequence[shard]);
      pending
          .get(shard)
          .add(
              RowFactory.create(
                  entry.data().asByteArray(),
                  stream,
                  entry.partitionKey(),
                  seq,
                  arrival,
                  shardId(shard),
                  null));
      results.add(
          PutRecordsResultEntry.builder().shardId(shardId(shard)).sequenceNumber(seq).build());
    }
    buffered += results.size();
    records += results.size();
    if (buffered >= recordsPerChunk) {
      flush();
    }
    return PutRecordsResponse.builder().failedRecordCount(0).records(results).build();
  }

  /** Writes every record not yet in a file: a file per shard that has any. */
  synchronized void flush() {
    for (List<Row> rows : pending) {
      if (rows.isEmpty()) {
        continue;
      }
      spark
          .createDataFrame(rows, KinesisSchema.SCHEMA)
          .coalesce(1)
          .write()
          .mode(SaveMode.Append)
          .parquet(dir.toString());
      orderNewFiles();
      rows.clear();
    }
    buffered = 0;
  }

  /** Gives the files just written modification times after those of every file before. */
  private void orderNewFiles() {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().endsWith(".parquet"))
              .filter(f -> !written.contains(f))
              .sorted()
              .toList()) {
        lastModified = Math.max(lastModified + 1000, System.currentTimeMillis());
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastModified));
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the backlog in " + dir, e);
    }
  }

  /**
   * The records put since the last call (or {@link #flush}), one list per shard (empty for a shard
   * that got none), in the order they were put; they are no longer pending.
   */
  synchronized List<List<Row>> take() {
    List<List<Row>> taken = new ArrayList<>(shards);
    for (List<Row> rows : pending) {
      taken.add(List.copyOf(rows));
      rows.clear();
    }
    buffered = 0;
    return taken;
  }

  /** Records put so far. */
  synchronized long records() {
    return records;
  }

  /** Parquet files written so far. */
  synchronized int files() {
    return written.size();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
