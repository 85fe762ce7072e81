package dev.medallion.glue;

import dev.medallion.config.LakeLocation;
import dev.medallion.config.MaintenanceConfig;
import dev.medallion.maintenance.MaintenanceJob;
import java.util.List;

/**
 * The AWS Glue entry point of the maintenance job (compaction and VACUUM of every table of the
 * lake, and the merge of the uuid index's segments), run by the Glue script {@code
 * MaintenanceGlueScript}, daily from the workflow's scheduled trigger.
 *
 * <p>Job parameters: {@code --lake} (required); optional {@code --retain DURATION} (default {@value
 * MaintenanceConfig#DEFAULT_RETAIN}), {@code --allow-short-retention true|false} and {@code
 * --dry-run true|false} (default false). The job keeps no bookmark; Glue's bookmark option does not
 * apply to it. See docs/maintenance.md.
 */
public final class MaintenanceGlueJob {
  static final String LAKE = "lake";
  static final String RETAIN = "retain";
  static final String ALLOW_SHORT_RETENTION = "allow-short-retention";
  static final String DRY_RUN = "dry-run";

  static final GlueEntryPoint<MaintenanceConfig> ENTRY_POINT =
      new GlueEntryPoint<>(
          MaintenanceJob.JOB,
          List.of(LAKE),
          List.of(RETAIN, ALLOW_SHORT_RETENTION, DRY_RUN),
          MaintenanceGlueJob::config,
          (spark, progress, config) -> new MaintenanceJob(spark, progress).prepare(config));

  private MaintenanceGlueJob() {}

  /** Runs one maintenance run; throws (and Glue marks the run FAILED) unless it succeeded. */
  public static void main(String[] sysArgs) {
    ENTRY_POINT.run(sysArgs);
  }

  static MaintenanceConfig config(GlueEntryPoint.Arguments args) {
    return MaintenanceConfig.of(
        LakeLocation.parse(GlueEntryPoint.option(LAKE), args.get(LAKE)),
        args.optional(RETAIN).orElse(null),
        args.booleanOption(ALLOW_SHORT_RETENTION),
        args.booleanOption(DRY_RUN));
  }
}
