package dev.medallion.bench.cli;

import dev.medallion.bench.LoadBenchReport;
import dev.medallion.bench.LoadBenchmark;
import dev.medallion.cli.MedallionCli;
import dev.medallion.cli.SparkOptions;
import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.lake.LocalTrees;
import dev.medallion.load.LoadJob;
import dev.medallion.run.Progress;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import dev.medallion.warehouse.jdbc.WarehouseTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Time the warehouse load job (first load; COPY + MERGE of changed rows) against Spark's JDBC writer.",
      "",
      "N synthetic rows of curated.events_enriched are written to a lake of the",
      "benchmark's own, then, into the same embedded PostgreSQL: loaded by the load job",
      "(COPY FROM STDIN into a staging table, then MERGE) into empty tables; written by",
      "df.write().jdbc(...) (batched INSERTs) into a table of the same DDL, with",
      "pgjdbc's defaults, then with reWriteBatchedInserts=true; loaded again by the",
      "load job with nothing new; and, for reference, loaded by PostgreSQL alone from a",
      "server-side CSV file. Every step runs once untimed on a few rows first, so both",
      "paths are timed in a warm JVM. Prints progress, then rows/s, seconds, the",
      "speed-up, where the load job's time went, peak heap and the machine's facts.",
      "At a million rows it takes minutes.",
      ""
    })
final class BenchLoadCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "" + LoadBenchmark.Config.DEFAULT_ROWS,
      description = "Rows of curated.events_enriched to make and load.")
  long rows;

  @Option(
      names = WarehouseTarget.URL_KEY,
      paramLabel = "embedded:DIR",
      description = {
        "The embedded PostgreSQL to load into, its data kept in DIR (default: one in a"
            + " temporary directory, removed afterwards). The benchmark drops and makes"
            + " databases "
            + LoadBenchmark.DATABASE
            + " and "
            + LoadBenchmark.WARM_UP_DATABASE
            + " in it, and touches no other."
      })
  String warehouseUrl;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = {
        "Where the benchmark's lakes go, kept afterwards; emptied first if a benchmark made"
            + " it (default: a temporary directory, removed afterwards)."
      })
  Path work;

  @Option(
      names = "--jdbc-batch-size",
      paramLabel = "N",
      defaultValue = "" + LoadBenchmark.Config.DEFAULT_JDBC_BATCH_SIZE,
      description = "The JDBC writer's batchsize (Spark's default: 1000).")
  int jdbcBatchSize;

  @Option(
      names = "--jdbc-rewrite",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "Also time the JDBC writer with pgjdbc's reWriteBatchedInserts=true (multi-row"
            + " INSERTs), after it with pgjdbc's defaults."
      })
  boolean jdbcRewrite;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws IOException {
    LoadBenchmark.Config config = new LoadBenchmark.Config(rows, jdbcBatchSize, jdbcRewrite);
    Path warehouseDir = warehouseUrl == null ? null : embeddedDir(warehouseUrl);
    Path workDir =
        work == null
            ? Files.createTempDirectory("medallion-bench-")
            : BenchCommand.recreate(work, "--work");
    Path pgDir =
        warehouseDir != null ? warehouseDir : Files.createTempDirectory("medallion-bench-pg-");
    try {
      try (EmbeddedWarehouse server = EmbeddedWarehouse.start(pgDir)) {
        LoadBenchmark.Result result =
            new LoadBenchmark(
                    spark.session("bench load"),
                    Progress.to(System.out, "bench"),
                    Progress.to(System.out, LoadJob.JOB))
                .run(config, LakeLocation.parse("--work", workDir.toString()), server);
        System.out.println();
        System.out.print(LoadBenchReport.render(result));
      }
    } finally {
      if (work == null) {
        LocalTrees.delete(workDir);
      }
      if (warehouseDir == null) {
        LocalTrees.delete(pgDir);
      }
    }
    return MedallionCli.OK;
  }

  private static Path embeddedDir(String url) {
    WarehouseTarget target = WarehouseTarget.parse(url, null);
    if (target.kind() != WarehouseTarget.Kind.EMBEDDED) {
      throw new ConfigException(
          WarehouseTarget.URL_KEY,
          "the load benchmark runs against an embedded PostgreSQL only (it starts the server, and"
              + " both paths must write to the same one on this machine)",
          "give embedded:DIR, or leave the option out for a temporary one");
    }
    return target.embeddedDir().orElseThrow();
  }
}
