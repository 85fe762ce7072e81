package dev.medallion.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.glue.util.Job;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.curate.CurateJob;
import dev.medallion.ingest.IngestJob;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.LocalTrees;
import dev.medallion.load.LoadJob;
import dev.medallion.run.Faults;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the entry points' {@code main} with the arguments Glue passes, on Spark started as Glue
 * starts it: a Spark context exists before the script runs, with only the settings of the job
 * parameter {@code --conf} (Delta's extension and catalog), so the entry points must add the rest.
 * Two arrivals of generated landing data, each ingested then curated, against the generator's own
 * counts.
 */
@Tag("integration")
// Every job through its Glue entry point on a session started as Glue starts it (a minute and a
// half, alone in its module at the end of the build): with the long suites.
@Tag("long")
class GlueJobsIT {
  @TempDir static Path tmp;
  static Path sample;
  static JsonNode expected;
  static Path lake;
  static SparkSession spark;

  @BeforeAll
  static void runTwoArrivalsThroughTheEntryPoints() throws IOException {
    SparkContext.getOrCreate(
        new SparkConf()
            .setMaster("local[2]")
            .setAppName("glue-like")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.sql.shuffle.partitions", "2")
            .set("spark.default.parallelism", "2")
            .set("spark.databricks.delta.snapshotPartitions", "1")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.sql.warehouse.dir", tmp.resolve("warehouse").toUri().toString())
            // What the Glue job parameter --conf gives, and no more.
            .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .set(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog"));

    sample = tmp.resolve("sample");
    new SampleDataGenerator(11L, 300, 2).writeTo(sample);
    expected = new ObjectMapper().readTree(sample.resolve("expected.json").toFile());
    Path landing = tmp.resolve("landing");
    lake = tmp.resolve("lake");
    for (int arrival = 1; arrival <= 2; arrival++) {
      LocalTrees.copy(sample.resolve("run-" + arrival), landing);
      IngestGlueJob.main(ingestArgs(lake, landing));
      CurateGlueJob.main(
          new String[] {
            "--JOB_NAME", "medallion-curate",
            "--lake", lake.toString(),
            "--job-bookmark-option", "job-bookmark-enable"
          });
    }
    spark = SparkSession.active();
  }

  private static String[] ingestArgs(Path lake, Path landing) {
    return new String[] {
      "--JOB_NAME", "medallion-ingest",
      "--JOB_ID", "j_0123",
      "--JOB_RUN_ID", "jr_0123",
      "--lake", lake.toString(),
      "--landing", landing.toString(),
      "--job-bookmark-option", "job-bookmark-enable",
      "--late-threshold", "3d"
    };
  }

  private static List<RunSummary> summaries(Path lake, String job) {
    try (Stream<Path> files = Files.list(lake.resolve("_runs").resolve(job))) {
      return files
          .filter(f -> f.getFileName().toString().matches("[^.].*\\.json"))
          .sorted()
          .map(
              f -> {
                try {
                  return RunSummaries.fromJson(Files.readString(f));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long lastCommittedRun(Path lake, String job) {
    return new HadoopBookmarkStore(
            new HadoopFiles(spark.sparkContext().hadoopConfiguration()),
            LakeLocation.parse("--lake", lake.toString()).uri(),
            job)
        .current()
        .lastRun();
  }

  private static RecordCounts expectedEvents(int run) {
    JsonNode w = expected.get("run-" + run).get("events");
    return new RecordCounts(
        w.get("read").asLong(),
        w.get("cleansed").asLong(),
        w.get("duplicates").asLong(),
        w.get("quarantined").asLong(),
        w.get("late").asLong(),
        java.util.Map.of());
  }

  private static void assertCountsMatch(RecordCounts got, RecordCounts want, String as) {
    assertThat(List.of(got.read(), got.cleansed(), got.duplicates(), got.quarantined(), got.late()))
        .as(as)
        .containsExactly(
            want.read(), want.cleansed(), want.duplicates(), want.quarantined(), want.late());
  }

  @Test
  void eachIngestRunReadsWhatArrivedSinceTheBookmark() {
    List<RunSummary> ingest = summaries(lake, IngestJob.JOB);

    assertThat(ingest).extracting(RunSummary::status).containsOnly(RunSummary.SUCCEEDED);
    assertThat(ingest).hasSize(2);
    for (int run = 1; run <= 2; run++) {
      assertCountsMatch(
          ingest.get(run - 1).records().get("events"), expectedEvents(run), "ingest run " + run);
    }
  }

  @Test
  void curateAddsWhatEachIngestRunCleansedFromTheChangeFeed() {
    List<RunSummary> curate = summaries(lake, CurateJob.JOB);

    assertThat(curate).hasSize(2);
    for (int run = 1; run <= 2; run++) {
      assertThat(curate.get(run - 1).curated().get("events_enriched rows added"))
          .as("curate run %d", run)
          .isEqualTo(expectedEvents(run).cleansed());
    }
    Lake tables = new Lake(spark, LakeLocation.parse("--lake", lake.toString()));
    assertThat(tables.read(LakeTable.CURATED_EVENTS_ENRICHED).count())
        .isEqualTo(tables.read(LakeTable.CLEANSED_EVENTS).count());
    assertThat(tables.read(LakeTable.CURATED_DAILY_EVENT_METRICS).count()).isPositive();
  }

  @Test
  void eachRunCommittedItsStateAndEndedTheGlueJob() {
    assertThat(lastCommittedRun(lake, IngestJob.JOB)).isEqualTo(2);
    assertThat(lastCommittedRun(lake, CurateJob.JOB)).isEqualTo(2);
    assertThat(Job.isInitialized()).isFalse();
  }

  @Test
  void theLoadJobLoadsCuratedIntoTheWarehouseAndASecondRunLoadsNothing() throws Exception {
    Path warehouse = tmp.resolve("warehouse");
    String[] args = {
      "--JOB_NAME",
      "medallion-load",
      "--lake",
      lake.toString(),
      "--warehouse-url",
      "embedded:" + warehouse
    };
    LoadGlueJob.main(args);
    LoadGlueJob.main(args);

    List<RunSummary> loads = summaries(lake, LoadJob.JOB);
    long curated =
        new Lake(spark, LakeLocation.parse("--lake", lake.toString()))
            .read(LakeTable.CURATED_EVENTS_ENRICHED)
            .count();
    assertThat(loads).hasSize(2);
    assertThat(loads.get(0).curated()).containsEntry("events_enriched rows upserted", curated);
    assertThat(loads.get(1).curated()).containsEntry("events_enriched rows upserted", 0L);
    try (EmbeddedWarehouse server = EmbeddedWarehouse.start(warehouse);
        Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), "");
        ResultSet r =
            c.createStatement().executeQuery("SELECT count(*) FROM analytics.events_enriched")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(curated);
    }
  }

  @Test
  void theSessionGotTheSettingsTheGlueConfDidNotGive() {
    assertThat(spark.conf().get("spark.databricks.delta.properties.defaults.enableChangeDataFeed"))
        .isEqualTo("true");
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
  }

  @Test
  void aRunThatFailsBeforeJobCommitThrowsCommitsNothingAndIsDoneAgainByTheNext() {
    Path landing = tmp.resolve("failing-landing");
    Path failingLake = tmp.resolve("failing-lake");
    LocalTrees.copy(sample.resolve("run-1"), landing);

    System.setProperty("MEDALLION_FAULT", "ingest.before-writes");
    try {
      assertThatThrownBy(() -> IngestGlueJob.main(ingestArgs(failingLake, landing)))
          .isInstanceOf(Faults.InjectedFault.class);
    } finally {
      System.clearProperty("MEDALLION_FAULT");
    }
    assertThat(Job.isInitialized()).as("Job.commit() was not reached").isTrue();
    assertThat(lastCommittedRun(failingLake, IngestJob.JOB)).isZero();

    IngestGlueJob.main(ingestArgs(failingLake, landing));

    assertThat(lastCommittedRun(failingLake, IngestJob.JOB)).isEqualTo(1);
    List<RunSummary> runs = summaries(failingLake, IngestJob.JOB);
    assertThat(runs).extracting(RunSummary::status).containsExactly(RunSummary.SUCCEEDED);
    assertCountsMatch(runs.get(0).records().get("events"), expectedEvents(1), "the redone run");
  }
}
