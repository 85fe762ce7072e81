package dev.medallion.glue;

import dev.medallion.config.LakeLocation;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.run.PendingRun;
import dev.medallion.run.RunSummary;
import dev.medallion.warehouse.jdbc.PasswordSources;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
import dev.medallion.warehouse.jdbc.WarehouseTarget;
import java.util.List;

/**
 * The AWS Glue entry point of the warehouse load job (curated to the warehouse's {@code analytics}
 * schema), run by the Glue script {@code LoadGlueScript}.
 *
 * <p>Job parameters: {@code --lake} and {@code --warehouse-url} (required); optional {@code
 * --warehouse-user}, {@code --warehouse-secret} (the Secrets Manager secret holding the password;
 * without it, {@code MEDALLION_WAREHOUSE_PASSWORD}), {@code --aws-region}, {@code --full-reload
 * true|false}, and for Redshift {@code --redshift-staging} and {@code --redshift-iam-role}. The
 * load's exactly-once state is in the warehouse, committed with the rows in one transaction; Glue's
 * bookmark option does not apply to it. See docs/glue.md and docs/warehouse.md.
 */
public final class LoadGlueJob {
  static final String LAKE = "lake";
  static final String URL = "warehouse-url";
  static final String USER = "warehouse-user";
  static final String SECRET = "warehouse-secret";
  static final String REGION = "aws-region";
  static final String FULL_RELOAD = "full-reload";
  static final String STAGING = "redshift-staging";
  static final String ROLE = "redshift-iam-role";

  /** The load's settings, read from the job's arguments before Spark starts. */
  record Settings(LoadConfig config, WarehouseTarget target, String secret, String region) {}

  static final GlueEntryPoint<Settings> ENTRY_POINT =
      new GlueEntryPoint<>(
          LoadJob.JOB,
          List.of(LAKE, URL),
          List.of(USER, SECRET, REGION, FULL_RELOAD, STAGING, ROLE),
          LoadGlueJob::settings,
          (spark, progress, settings) -> {
            try (WarehouseConnector warehouse =
                WarehouseConnector.open(
                    settings.target(),
                    PasswordSources.of(settings.secret(), null, settings.region(), System.getenv()),
                    WarehouseConnector.DEFAULT_RETRY,
                    progress::step)) {
              RunSummary summary = new LoadJob(spark, progress).run(settings.config(), warehouse);
              // The load committed its rows and its state in one warehouse transaction.
              return new PendingRun(summary, () -> {}, () -> {});
            }
          });

  private LoadGlueJob() {}

  /** Runs one load; throws (and Glue marks the run FAILED) unless it was committed. */
  public static void main(String[] sysArgs) {
    ENTRY_POINT.run(sysArgs);
  }

  static Settings settings(GlueEntryPoint.Arguments args) {
    WarehouseTarget target = WarehouseTarget.parse(args.get(URL), args.optional(USER).orElse(null));
    LoadConfig config =
        LoadConfig.of(
            LakeLocation.parse(GlueEntryPoint.option(LAKE), args.get(LAKE)),
            target.kind(),
            args.booleanOption(FULL_RELOAD),
            args.optional(STAGING).orElse(null),
            args.optional(ROLE).orElse(null));
    return new Settings(
        config, target, args.optional(SECRET).orElse(null), args.optional(REGION).orElse(null));
  }
}
