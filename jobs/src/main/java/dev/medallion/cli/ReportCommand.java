package dev.medallion.cli;

import dev.medallion.lake.HadoopFiles;
import dev.medallion.pages.Pages;
import dev.medallion.report.ReportPage;
import dev.medallion.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "The run report for operators, from the run summaries under <lake>/_runs/: every run with"
          + " its status and duration, records per zone, duplicates and quarantine by reason,"
          + " late events, records per second per job, the stream's micro-batches (duration,"
          + " latency from the producer to curated, lag) and how long curated data waited for"
          + " the warehouse load.",
      "Writes one self-contained HTML page; needs no Spark."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "Where to write the page.")
  Path out;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    RunReport.Report report = RunReport.read(new HadoopFiles(spark.hadoopConf()), lake.location());
    Path written = Pages.write(out, ReportPage.html(report));
    int runs = report.runs().size();
    System.out.println("report: " + written + " (" + runs + (runs == 1 ? " run)" : " runs)"));
    return MedallionCli.OK;
  }
}
