package dev.medallion.glue;

import dev.medallion.config.ConfigException;
import dev.medallion.config.DurationParser;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.ingest.IngestJob;
import dev.medallion.transform.LatePolicy;
import java.util.List;

/**
 * The AWS Glue entry point of the batch ingest/cleanse job (landing files to raw, cleansed and
 * quarantine), run by the Glue script {@code IngestGlueScript}.
 *
 * <p>Job parameters: {@code --lake} and {@code --landing} (required; a URI such as {@code
 * s3a://bucket/lake}); {@code --job-bookmark-option} (Glue's; {@code job-bookmark-disable} when
 * absent) with {@code --job-bookmark-from}/{@code --job-bookmark-to} for a paused range; optional
 * {@code --late-policy keep|quarantine} (default keep), {@code --late-threshold} (e.g. {@code 6h},
 * default 3d) and {@code --reprocess-all true|false} (default false). See docs/glue.md.
 */
public final class IngestGlueJob {
  static final String LAKE = "lake";
  static final String LANDING = "landing";
  static final String LATE_POLICY = "late-policy";
  static final String LATE_THRESHOLD = "late-threshold";
  static final String REPROCESS_ALL = "reprocess-all";

  static final GlueEntryPoint<IngestConfig> ENTRY_POINT =
      new GlueEntryPoint<>(
          IngestJob.JOB,
          List.of(LAKE, LANDING),
          List.of(LATE_POLICY, LATE_THRESHOLD, REPROCESS_ALL),
          IngestGlueJob::config,
          (spark, progress, config) -> new IngestJob(spark, progress).prepare(config));

  private IngestGlueJob() {}

  /** Runs one ingest run; throws (and Glue marks the run FAILED) unless it was committed. */
  public static void main(String[] sysArgs) {
    ENTRY_POINT.run(sysArgs);
  }

  static IngestConfig config(GlueEntryPoint.Arguments args) {
    return new IngestConfig(
        LakeLocation.parse(GlueEntryPoint.option(LANDING), args.get(LANDING)),
        LakeLocation.parse(GlueEntryPoint.option(LAKE), args.get(LAKE)),
        args.booleanOption(REPROCESS_ALL),
        args.optional(LATE_POLICY)
            .map(IngestGlueJob::latePolicy)
            .orElse(IngestConfig.DEFAULT_LATE_POLICY),
        args.optional(LATE_THRESHOLD)
            .map(text -> DurationParser.parse(GlueEntryPoint.option(LATE_THRESHOLD), text))
            .orElse(IngestConfig.DEFAULT_LATE_THRESHOLD),
        args.bookmark());
  }

  private static LatePolicy latePolicy(String text) {
    try {
      return LatePolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          GlueEntryPoint.option(LATE_POLICY),
          "'" + text + "' is not a late policy",
          "use one of " + LatePolicy.allowed());
    }
  }
}
