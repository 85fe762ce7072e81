package dev.medallion.cli;

import dev.medallion.config.IngestConfig;
import dev.medallion.pipeline.Pipeline;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the batch flow: ingest/cleanse (landing -> raw, cleansed, quarantine), then curate"
          + " (cleansed -> curated).",
      "Files processed by an earlier run are skipped; a file rewritten since is read again."
    })
final class PipelineCommand implements Callable<Integer> {
  @Mixin IngestOptions ingest;
  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    IngestConfig config = ingest.toConfig();
    SparkSession session = spark.session("pipeline");
    new Pipeline(session, System.out).run(config);
    System.out.println(
        "lake: " + config.lake() + "   summaries: " + config.lake().resolve("_runs/"));
    return MedallionCli.OK;
  }
}
