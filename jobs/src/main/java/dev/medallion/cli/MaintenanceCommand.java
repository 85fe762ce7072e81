package dev.medallion.cli;

import dev.medallion.config.MaintenanceConfig;
import dev.medallion.maintenance.MaintenanceJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "maintenance",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run only the maintenance job, on every table of the lake: compact small files (Delta"
          + " OPTIMIZE), delete the files no version younger than the retention uses (VACUUM),"
          + " merge the uuid index's segments; print each table's files and bytes before and"
          + " after.",
      "Safe while the other jobs and the stream run. The retention is made longer for a table"
          + " whose change feed curate or the warehouse load has not read yet."
    })
final class MaintenanceCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Option(
      names = MaintenanceConfig.RETAIN,
      paramLabel = "DURATION",
      defaultValue = MaintenanceConfig.DEFAULT_RETAIN,
      description =
          "How long a file removed from a table (by compaction, an overwrite) is kept before"
              + " VACUUM deletes it, e.g. 168h, 14d: longer than any query, job or time travel"
              + " reads an old version. Shorter than 168h is refused unless "
              + MaintenanceConfig.ALLOW_SHORT_RETENTION
              + " is given.")
  String retain;

  @Option(
      names = MaintenanceConfig.ALLOW_SHORT_RETENTION,
      description =
          "Allow a retention shorter than Delta's 168h: only when nothing reads the lake that far"
              + " behind (a reader of an older version then fails).")
  boolean allowShortRetention;

  @Option(
      names = MaintenanceConfig.DRY_RUN,
      description = "Measure and print what a run would do; change nothing.")
  boolean dryRun;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    var config = MaintenanceConfig.of(lake.location(), retain, allowShortRetention, dryRun);
    var summary =
        new MaintenanceJob(
                spark.session(MaintenanceJob.JOB), Progress.to(System.out, MaintenanceJob.JOB))
            .run(config);
    System.out.print(RunSummaries.render(summary));
    return MedallionCli.OK;
  }
}
