package dev.medallion.cli;

import dev.medallion.config.LakeLocation;
import dev.medallion.load.LoadJob;
import dev.medallion.run.Progress;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Load curated.events_enriched and curated.daily_event_metrics into schema analytics of a",
      "warehouse (PostgreSQL, RDS, Redshift, or an embedded PostgreSQL): only what changed since",
      "the last load, merged on each table's key, with the loaded Delta version, in one",
      "transaction. A re-run with nothing new changes nothing."
    })
final class LoadCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Mixin WarehouseOptions warehouse;
  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    LakeLocation location = lake.location();
    Progress progress = Progress.to(System.out, LoadJob.JOB);
    try (WarehouseConnector connector = warehouse.open(progress)) {
      WarehouseOptions.load(
          spark.session("load"),
          warehouse.config(location, connector.kind()),
          connector,
          System.out);
    }
    return MedallionCli.OK;
  }
}
