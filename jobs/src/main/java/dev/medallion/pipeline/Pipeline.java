package dev.medallion.pipeline;

import dev.medallion.config.CurateConfig;
import dev.medallion.config.IngestConfig;
import dev.medallion.curate.CurateJob;
import dev.medallion.ingest.IngestJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The batch flow: ingest/cleanse, then curate (the curate job runs only if ingest succeeded). */
public final class Pipeline {
  private final SparkSession spark;
  private final PrintStream out;

  public Pipeline(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /** Runs both jobs, printing each one's summary as soon as it is done. */
  public List<RunSummary> run(IngestConfig ingest) {
    RunSummary ingested = new IngestJob(spark, Progress.to(out, IngestJob.JOB)).run(ingest);
    out.print(RunSummaries.render(ingested));
    RunSummary curated =
        new CurateJob(spark, Progress.to(out, CurateJob.JOB))
            .run(new CurateConfig(ingest.lake(), ingest.reprocessAll()));
    out.print(RunSummaries.render(curated));
    return List.of(ingested, curated);
  }
}
