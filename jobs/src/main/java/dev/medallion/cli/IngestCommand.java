package dev.medallion.cli;

import dev.medallion.ingest.IngestJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Run only the ingest/cleanse job: landing -> raw, cleansed, quarantine.")
final class IngestCommand implements Callable<Integer> {
  @Mixin IngestOptions ingest;
  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    var config = ingest.toConfig();
    var summary =
        new IngestJob(spark.session("ingest"), Progress.to(System.out, IngestJob.JOB)).run(config);
    System.out.print(RunSummaries.render(summary));
    return MedallionCli.OK;
  }
}
