package dev.medallion.cli;

import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.config.CurateConfig;
import dev.medallion.curate.CurateJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "curate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Run only the curate job: the events cleansed since its last run -> curated.events_enriched,"
            + " and daily_event_metrics for the dates they touch.")
final class CurateCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Option(
      names = "--full-rebuild",
      description = "Rebuild the curated tables from all of cleansed.")
  boolean fullRebuild;

  @Option(
      names = BookmarkSettings.OPTION_FLAG,
      paramLabel = "OPTION",
      defaultValue = "job-bookmark-enable",
      description =
          "job-bookmark-enable: curate what is new since the last run; job-bookmark-disable:"
              + " curate everything again (as --full-rebuild). job-bookmark-pause is refused:"
              + " curate appends, so a paused run would append the same events again.")
  String bookmarkOption;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    var config = CurateConfig.of(lake.location(), fullRebuild, bookmarkOption);
    var summary =
        new CurateJob(spark.session("curate"), Progress.to(System.out, CurateJob.JOB)).run(config);
    System.out.print(RunSummaries.render(summary));
    return MedallionCli.OK;
  }
}
