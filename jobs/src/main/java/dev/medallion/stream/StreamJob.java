package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.contract.LakeTable;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.transform.EventCleansing;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming ingest job: the Kinesis stream to raw, cleansed and quarantine, with the batch
 * job's validation and cleansing steps and the same dedup rule.
 *
 * <p>One query reads the stream once. Its plan validates every record and has two branches over the
 * same rows: every record as read, and the valid events after {@code withWatermark(event_ts)} and
 * {@code dropDuplicatesWithinWatermark(event_uuid)}, whose state remembers each uuid for the
 * watermark delay. {@code foreachBatch} gets both, and {@link StreamBatch} writes the tables. The
 * query's checkpoint (offsets per shard, and the state) lives below the lake's state location.
 */
public final class StreamJob {
  public static final String JOB = "stream";

  /** The tables the job writes, made (empty) at the start of a run when they are missing. */
  public static final List<LakeTable> TABLES =
      List.of(
          LakeTable.RAW_EVENTS,
          LakeTable.CLEANSED_EVENTS,
          LakeTable.QUARANTINE_RECORDS,
          LakeTable.CURATED_EVENTS_ENRICHED,
          LakeTable.CURATED_DAILY_EVENT_METRICS);

  private static final String ROCKSDB =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
  private static final String STATE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";

  private final SparkSession spark;
  private final Progress progress;
  private final PrintStream emf;

  public StreamJob(SparkSession spark, Progress progress, PrintStream emf) {
    this.spark = spark;
    this.progress = progress;
    this.emf = emf;
  }

  /** What a run did: its summary, and the metrics of every micro-batch. */
  public record Result(RunSummary summary, StreamMetrics metrics) {}

  /**
   * The query's plan from the source's rows on: pure, so tests can feed it any stream of rows. Two
   * branches over the same records: every record as read, not parsed ({@value StreamBatch#ALL}: raw
   * needs no more), and the valid events the watermark dedup kept ({@value StreamBatch#KEPT}),
   * validated in that branch only. A record is validated once, but for the few the dedup did not
   * keep, which the micro-batch validates again to tell why.
   */
  public static Dataset<Row> plan(Dataset<Row> records, StreamConfig config) {
    Dataset<Row> lines = StreamLines.toLines(records, config.stream());
    Dataset<Row> kept =
        EventCleansing.filterValid(EventCleansing.withValidation(lines))
            .withWatermark(EVENT_TS, config.watermarkDelay().toMillis() + " milliseconds")
            .dropDuplicatesWithinWatermark(EVENT_UUID);
    return lines
        .withColumn(StreamBatch.KIND, lit(StreamBatch.ALL))
        .unionByName(kept.withColumn(StreamBatch.KIND, lit(StreamBatch.KEPT)), true);
  }

  /** Reads the configured source. */
  public Dataset<Row> read(StreamConfig config) {
    return spark
        .readStream()
        .format(config.source().format())
        .options(config.source().options(config))
        .load();
  }

  public Result run(StreamConfig config) {
    return run(config, read(config));
  }

  /** Runs the query over {@code records} (the source's rows) until it ends or is stopped. */
  public Result run(StreamConfig config, Dataset<Row> records) {
    return run(config, records, new StreamMetrics(emf, progress));
  }

  /**
   * As {@link #run(StreamConfig, Dataset)}, into {@code metrics}, which another thread may read
   * while the query runs (a benchmark waits on its totals and latencies).
   */
  public Result run(StreamConfig config, Dataset<Row> records, StreamMetrics metrics) {
    long started = System.currentTimeMillis();
    Lake lake = new Lake(spark, config.lake());
    lake.ensureAll(TABLES);
    StreamBatch batch = new StreamBatch(lake, config, metrics);
    String queryName = queryName(config.stream());
    StreamingQueryListener listener = new Listener(queryName, metrics);
    spark.streams().addListener(listener);
    Map<String, String> previous = new LinkedHashMap<>();
    StreamingQuery query;
    try {
      // Taken into the checkpoint at its first batch (a query started before keeps its own).
      queryConf(config).forEach((key, value) -> previous.put(key, swapConf(key, value)));
      query =
          plan(records, config)
              .writeStream()
              .queryName(queryName)
              .option("checkpointLocation", config.checkpoint())
              .trigger(
                  config.availableNow()
                      ? Trigger.AvailableNow()
                      : Trigger.ProcessingTime(config.trigger().toMillis()))
              .foreachBatch(batch)
              .start();
    } catch (TimeoutException e) {
      spark.streams().removeListener(listener);
      batch.close();
      throw new IllegalStateException("the streaming query did not start", e);
    } finally {
      previous.forEach(this::swapConf);
    }
    progress.step(
        String.format(
            "reading %s from %s (%s) into %s, %s; checkpoint %s",
            config.stream(),
            config.kinesis(),
            config.source(),
            config.lake(),
            config.availableNow()
                ? "until caught up (available-now)"
                : "a micro-batch every " + config.trigger().toMillis() + " ms",
            config.checkpoint()));
    Thread stopOnSignal = new Thread(() -> stopQuietly(query), "medallion-stream-stop");
    Runtime.getRuntime().addShutdownHook(stopOnSignal);
    String status = RunSummary.SUCCEEDED;
    String message = null;
    try {
      if (config.runFor() != null && !config.availableNow()) {
        query.awaitTermination(config.runFor().toMillis());
        query.stop();
      } else {
        query.awaitTermination();
      }
    } catch (StreamingQueryException e) {
      status = RunSummary.FAILED;
      message = "the streaming query failed: " + rootMessage(e);
    } catch (TimeoutException e) {
      status = RunSummary.FAILED;
      message = "the streaming query did not stop in time";
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnSignal);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is stopping: the hook is running
      }
      awaitListeners();
      spark.streams().removeListener(listener);
      batch.close();
    }
    BatchCounts totals = metrics.totals();
    List<StreamMetrics.BatchReport> batches = metrics.batches();
    String watermark = batches.isEmpty() ? null : batches.get(batches.size() - 1).watermark();
    RunSummary summary =
        new RunSummary(
            JOB,
            query.runId().toString(),
            STREAM_INGEST_RUN,
            status,
            Instant.ofEpochMilli(started).toString(),
            System.currentTimeMillis() - started,
            Map.of(),
            Map.of("events", totals.records()),
            Map.of("micro-batches with records", (long) countWithRecords(batches)),
            watermark,
            message,
            microBatches(batches));
    RunSummaries.write(
        new HadoopFiles(spark.sparkContext().hadoopConfiguration()), config.lake(), summary);
    if (status.equals(RunSummary.FAILED)) {
      throw new StreamFailedException(message, summary);
    }
    return new Result(summary, metrics);
  }

  /**
   * The settings the query starts with: the state in RocksDB with changelog checkpointing (a
   * micro-batch uploads what changed, not a snapshot), in as many partitions as the session has
   * cores (a state partition is a task and a store commit in every micro-batch). Micro-batches
   * without records stay on: one runs only when the watermark moved and no record came, and it is
   * what records the new watermark in the checkpoint for the next run to start from.
   */
  Map<String, String> queryConf(StreamConfig config) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (config.rocksDbState()) {
      conf.put(STATE_PROVIDER, ROCKSDB);
      conf.put("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    }
    int cores = Math.max(1, spark.sparkContext().defaultParallelism());
    conf.put("spark.sql.shuffle.partitions", Integer.toString(cores));
    return conf;
  }

  /** The session's setting of {@code key} set to {@code value} (null: unset); returns the old. */
  private String swapConf(String key, String value) {
    String old = spark.conf().getOption(key).getOrElse(() -> null);
    if (value == null) {
      spark.conf().unset(key);
    } else {
      spark.conf().set(key, value);
    }
    return old;
  }

  private static List<RunSummary.MicroBatch> microBatches(List<StreamMetrics.BatchReport> batches) {
    List<RunSummary.MicroBatch> withRecords =
        batches.stream()
            .filter(b -> b.counts().read() > 0)
            .map(
                b ->
                    new RunSummary.MicroBatch(
                        b.counts().batchId(),
                        b.counts().read(),
                        b.counts().cleansed(),
                        b.counts().duplicates(),
                        b.counts().quarantined(),
                        b.counts().late(),
                        b.durationMillis(),
                        Math.round(b.rowsPerSecond() * 10) / 10.0,
                        b.watermark(),
                        b.stateRows(),
                        b.latencyMedianMillis(),
                        b.latencyMaxMillis()))
            .toList();
    return withRecords.subList(
        Math.max(0, withRecords.size() - RunSummary.MAX_MICRO_BATCHES), withRecords.size());
  }

  /**
   * The name of the query that reads {@code stream}, as {@code spark.streams().active()} lists it.
   */
  public static String queryName(String stream) {
    return "medallion-stream-" + stream;
  }

  private static int countWithRecords(List<StreamMetrics.BatchReport> batches) {
    return (int) batches.stream().filter(b -> b.counts().read() > 0).count();
  }

  private void awaitListeners() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    } catch (RuntimeException | TimeoutException e) {
      // the last line may be missing; the totals include the batches without one
    }
  }

  private static void stopQuietly(StreamingQuery query) {
    try {
      query.stop();
    } catch (TimeoutException | RuntimeException e) {
      // the JVM is going down anyway; the checkpoint decides what the next run does
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** A run that ended with its query failed: the summary says how far it got. */
  public static final class StreamFailedException extends RuntimeException {
    private final RunSummary summary;

    StreamFailedException(String message, RunSummary summary) {
      super(message);
      this.summary = summary;
    }

    public RunSummary summary() {
      return summary;
    }
  }

  /** Hands the query's progress to the metrics. */
  private static final class Listener extends StreamingQueryListener {
    private final String queryName;
    private final StreamMetrics metrics;

    Listener(String queryName, StreamMetrics metrics) {
      this.queryName = queryName;
      this.metrics = metrics;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      if (queryName.equals(event.progress().name())) {
        metrics.progress(event.progress());
      }
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}
