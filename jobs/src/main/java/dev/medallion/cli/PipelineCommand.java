package dev.medallion.cli;

import dev.medallion.config.IngestConfig;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.run.Progress;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
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
      "Files processed by an earlier run are skipped; a file rewritten since is read again.",
      "With --warehouse-url, then load (curated -> the warehouse's analytics schema)."
    })
final class PipelineCommand implements Callable<Integer> {
  @Mixin IngestOptions ingest;
  @Mixin WarehouseOptions warehouse;
  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    IngestConfig config = ingest.toConfig();
    if (!warehouse.given()) {
      new Pipeline(spark.session("pipeline"), System.out).run(config);
    } else {
      // The warehouse is reached first: a wrong URL or password fails before any Spark work.
      try (WarehouseConnector connector = warehouse.open(Progress.to(System.out, LoadJob.JOB))) {
        LoadConfig load = warehouse.config(config.lake(), connector.kind());
        SparkSession session = spark.session("pipeline");
        new Pipeline(session, System.out).run(config);
        WarehouseOptions.load(session, load, connector, System.out);
      }
    }
    System.out.println(
        "lake: " + config.lake() + "   summaries: " + config.lake().resolve("_runs/"));
    return MedallionCli.OK;
  }
}
