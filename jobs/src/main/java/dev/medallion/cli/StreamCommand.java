package dev.medallion.cli;

import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the streaming ingest job: a Kinesis stream -> raw.events, cleansed.events and"
          + " quarantine.records, with the batch job's validation and dedup rules, exactly once"
          + " across restarts (the checkpoint is under the lake).",
      "With --trigger available-now it reads what the stream holds, then stops (a Glue-style"
          + " incremental run); otherwise it runs until stopped (Ctrl-C stops it cleanly) or"
          + " --run-for has passed. Each micro-batch prints a CloudWatch Embedded Metric Format"
          + " line."
    })
final class StreamCommand implements Callable<Integer> {
  @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The stream.")
  String stream;

  @Mixin KinesisOptions kinesis;

  @Mixin LakeOption lake;

  @Option(
      names = "--trigger",
      paramLabel = "EVERY",
      defaultValue = "1s",
      description = "How often a micro-batch starts (e.g. 1s, 500ms, 1m), or available-now.")
  String trigger;

  @Option(
      names = "--watermark-delay",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description =
          "How far behind the newest event time an event may be and still be deduplicated in"
              + " the state; events further behind are late. Also how long the state keeps"
              + " each event_uuid.")
  String watermarkDelay;

  @Option(
      names = "--late-policy",
      paramLabel = "POLICY",
      defaultValue = "keep",
      description =
          "Where events behind the watermark go: keep (cleansed, flagged is_late) or"
              + " quarantine (reason 'late'). Either way they are counted.")
  String latePolicy;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      defaultValue = "medallion",
      description =
          "medallion (Medallion's own Kinesis source) or aws-kinesis (the awslabs connector,"
              + " which must be on the class path). See docs/streaming.md.")
  String source;

  @Option(
      names = "--starting-position",
      paramLabel = "POSITION",
      defaultValue = "trim-horizon",
      description =
          "Where a new checkpoint starts: trim-horizon, latest or at-timestamp:<ISO-8601>. A"
              + " checkpoint that exists goes on from its offsets.")
  String startingPosition;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description = "The query's checkpoint (default: <lake>/_checkpoints/stream/<stream>).")
  String checkpoint;

  @Option(
      names = "--run-for",
      paramLabel = "DURATION",
      description = "Stop after this long (default: run until stopped).")
  String runFor;

  @Option(
      names = "--max-records-per-batch",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most N records per micro-batch (0: the source's default).")
  long maxRecordsPerBatch;

  @Option(
      names = "--state-store",
      paramLabel = "STORE",
      defaultValue = "rocksdb",
      description = "Where the dedup state lives: rocksdb (off-heap, bounded) or memory.")
  String stateStore;

  @Option(
      names = "--metrics-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "How often at most curated.daily_event_metrics is recomputed for the dates the"
              + " micro-batches touched (0s: every micro-batch). The events reach"
              + " curated.events_enriched in every micro-batch.")
  String metricsInterval;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    StreamConfig config =
        StreamConfig.of(
                stream,
                kinesis.endpoint(),
                lake.text,
                source,
                trigger,
                watermarkDelay,
                latePolicy,
                startingPosition,
                checkpoint,
                runFor,
                maxRecordsPerBatch,
                stateStore)
            .withMetricsInterval(
                dev.medallion.config.DurationParser.parse("--metrics-interval", metricsInterval));
    StreamJob job =
        new StreamJob(
            spark.session(StreamJob.JOB), Progress.to(System.err, StreamJob.JOB), System.out);
    try {
      System.out.print(RunSummaries.render(job.run(config).summary()));
      return MedallionCli.OK;
    } catch (StreamJob.StreamFailedException e) {
      System.out.print(RunSummaries.render(e.summary()));
      throw e;
    }
  }
}
