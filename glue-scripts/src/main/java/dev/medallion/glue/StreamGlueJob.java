package dev.medallion.glue;

import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.run.PendingRun;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamJob;
import java.util.List;

/**
 * The AWS Glue entry point of the streaming ingest job (a Kinesis stream to raw, cleansed and
 * quarantine), run by the Glue script {@code StreamGlueScript} as a Glue streaming job.
 *
 * <p>Job parameters: {@code --stream} and {@code --lake} (required); optional {@code --endpoint},
 * {@code --region}, {@code --trigger} (e.g. {@code 10s}, or {@code available-now}), {@code
 * --watermark-delay}, {@code --late-policy}, {@code --source} ({@code medallion} or {@code
 * aws-kinesis}), {@code --starting-position}, {@code --checkpoint}, {@code --run-for}, {@code
 * --max-records-per-batch}, {@code --state-store}: the options of {@code medallion stream}. The
 * query's checkpoint, not Glue's bookmark, says where a run goes on. See docs/streaming.md.
 */
public final class StreamGlueJob {
  static final String STREAM = "stream";
  static final String LAKE = "lake";
  static final List<String> OPTIONAL =
      List.of(
          "endpoint",
          "region",
          "trigger",
          "watermark-delay",
          "late-policy",
          "source",
          "starting-position",
          "checkpoint",
          "run-for",
          "max-records-per-batch",
          "state-store");

  static final GlueEntryPoint<StreamConfig> ENTRY_POINT =
      new GlueEntryPoint<>(
          StreamJob.JOB,
          List.of(STREAM, LAKE),
          OPTIONAL,
          StreamGlueJob::config,
          (spark, progress, config) -> {
            StreamJob.Result result = new StreamJob(spark, progress, System.out).run(config);
            // Each micro-batch committed its own writes; the checkpoint holds the position.
            return new PendingRun(result.summary(), () -> {}, () -> {});
          });

  private StreamGlueJob() {}

  /** Runs the stream until it stops; throws (and Glue marks the run FAILED) if the query fails. */
  public static void main(String[] sysArgs) {
    ENTRY_POINT.run(sysArgs);
  }

  static StreamConfig config(GlueEntryPoint.Arguments args) {
    String maxRecords = args.optional("max-records-per-batch").orElse("0");
    long max;
    try {
      max = Long.parseLong(maxRecords.trim());
    } catch (NumberFormatException e) {
      throw new dev.medallion.config.ConfigException(
          GlueEntryPoint.option("max-records-per-batch"),
          "'" + maxRecords + "' is not a number",
          "give a whole number (0: no limit)");
    }
    return StreamConfig.of(
        args.get(STREAM),
        KinesisEndpoint.parse(
            args.optional("endpoint").orElse(null), args.optional("region").orElse(null)),
        args.get(LAKE),
        args.optional("source").orElse(null),
        args.optional("trigger").orElse(null),
        args.optional("watermark-delay").orElse(null),
        args.optional("late-policy").orElse(null),
        args.optional("starting-position").orElse(null),
        args.optional("checkpoint").orElse(null),
        args.optional("run-for").orElse(null),
        max,
        args.optional("state-store").orElse(null));
  }
}
