package dev.medallion.glue;

import dev.medallion.config.CurateConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.curate.CurateJob;
import java.util.List;

/**
 * The AWS Glue entry point of the curate job (the events cleansed since its last run to the curated
 * tables), run by the Glue script {@code CurateGlueScript}.
 *
 * <p>Job parameters: {@code --lake} (required); {@code --job-bookmark-option} (Glue's; {@code
 * job-bookmark-enable} curates what is new, {@code job-bookmark-disable}, the default when absent,
 * rebuilds curated, {@code job-bookmark-pause} is refused); optional {@code --full-rebuild
 * true|false} (default false). See docs/glue.md.
 */
public final class CurateGlueJob {
  static final String LAKE = "lake";
  static final String FULL_REBUILD = "full-rebuild";

  static final GlueEntryPoint<CurateConfig> ENTRY_POINT =
      new GlueEntryPoint<>(
          CurateJob.JOB,
          List.of(LAKE),
          List.of(FULL_REBUILD),
          CurateGlueJob::config,
          (spark, progress, config) -> new CurateJob(spark, progress).prepare(config));

  private CurateGlueJob() {}

  /** Runs one curate run; throws (and Glue marks the run FAILED) unless it was committed. */
  public static void main(String[] sysArgs) {
    ENTRY_POINT.run(sysArgs);
  }

  static CurateConfig config(GlueEntryPoint.Arguments args) {
    // A bookmark range needs job-bookmark-pause, which curate refuses: the option says it all.
    return CurateConfig.of(
        LakeLocation.parse(GlueEntryPoint.option(LAKE), args.get(LAKE)),
        args.booleanOption(FULL_REBUILD),
        args.bookmark().option().value());
  }
}
