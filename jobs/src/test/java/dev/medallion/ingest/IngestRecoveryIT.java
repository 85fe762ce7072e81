package dev.medallion.ingest;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.cli.MedallionCli;
import dev.medallion.config.ConfigException;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.Faults;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import dev.medallion.transform.LatePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How an ingest run that did not finish is done again: from its plan, whatever the configuration of
 * the next run says; never replaced by a reprocessing; with a summary that says it failed and then
 * that it succeeded; and how a stale plan is put aside without its run number being reused.
 */
@Tag("integration")
class IngestRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path landing;
  static JsonNode expectedEvents;

  @BeforeAll
  static void generateOneRunOfSampleData() throws IOException {
    spark = SharedSpark.get();
    Path sample = tmp.resolve("sample");
    // About 2% of the events are late (10 to 30 days behind the others), plus one from the
    // year 1000: late under any watermark.
    new SampleDataGenerator(23L, 300, 1).writeTo(sample);
    landing = sample.resolve("run-1");
    expectedEvents =
        JSON.readTree(sample.resolve("expected.json").toFile()).get("run-1").get("events");
  }

  @AfterEach
  void noFault() {
    System.clearProperty("MEDALLION_FAULT");
  }

  private static IngestJob job() {
    return new IngestJob(spark, Progress.silent());
  }

  private static IngestConfig config(
      Path landingDir, LakeLocation lake, boolean reprocessAll, LatePolicy policy) {
    return new IngestConfig(
        LakeLocation.parse("--landing", landingDir.toString()),
        lake,
        reprocessAll,
        policy,
        Duration.ofDays(3));
  }

  private static LakeLocation lake(String name) {
    return LakeLocation.parse("--lake", tmp.resolve(name).toString());
  }

  /** Runs {@code run} with a fault at {@code point}, which must stop it. */
  private static void dieAt(String point, Runnable run) {
    System.setProperty("MEDALLION_FAULT", point);
    try {
      assertThatThrownBy(run::run)
          .isInstanceOf(Faults.InjectedFault.class)
          .hasMessageContaining(point);
    } finally {
      System.clearProperty("MEDALLION_FAULT");
    }
  }

  private static BookmarkStore store(LakeLocation lake) {
    return new HadoopBookmarkStore(
        new HadoopFiles(spark.sparkContext().hadoopConfiguration()), lake.uri(), IngestJob.JOB);
  }

  private static Path summaryFile(LakeLocation lake, String runId) {
    return Path.of(lake.uri().replaceFirst("^file:", ""))
        .resolve("_runs")
        .resolve(IngestJob.JOB)
        .resolve(runId + ".json");
  }

  private static RunSummary readSummary(Path file) throws IOException {
    return RunSummaries.fromJson(Files.readString(file));
  }

  private static Dataset<Row> table(LakeLocation lake, LakeTable table) {
    return new Lake(spark, lake).read(table);
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void aRedoAppliesThePlansLatePolicyWhateverTheNewConfigurationSays() {
    LakeLocation lake = lake("lake-late-policy");

    dieAt(
        "ingest.quarantine-written",
        () -> job().run(config(landing, lake, false, LatePolicy.QUARANTINE)));
    String planned = store(lake).pendingPlan().orElseThrow().runId();

    // The next run is started with --late-policy keep: the unfinished run keeps its own policy.
    RunSummary redo = job().run(config(landing, lake, false, LatePolicy.KEEP));

    assertThat(redo.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(redo.runId()).isEqualTo(planned);
    assertThat(store(lake).pendingPlan()).isEmpty();
    RecordCounts events = redo.records().get("events");
    assertThat(events.balanced()).as("%s", events).isTrue();
    long late = events.late();
    assertThat(late).as("late events in the sample").isPositive();
    assertThat(events.quarantinedByReason()).containsEntry(Reasons.LATE, late);
    // Against the generator's counts, which keep late events in cleansed.
    assertThat(events.read()).isEqualTo(expectedEvents.get("read").asLong());
    assertThat(events.cleansed()).isEqualTo(expectedEvents.get("cleansed").asLong() - late);
    assertThat(events.quarantined()).isEqualTo(expectedEvents.get("quarantined").asLong() + late);

    Dataset<Row> cleansed = table(lake, LakeTable.CLEANSED_EVENTS);
    Dataset<Row> quarantined =
        table(lake, LakeTable.QUARANTINE_RECORDS)
            .where(col(Columns.RECORD_TYPE).equalTo(RecordType.EVENT.value()));
    Dataset<Row> raw = table(lake, LakeTable.RAW_EVENTS);
    assertThat(raw.count()).isEqualTo(events.read());
    assertThat(cleansed.count()).isEqualTo(events.cleansed());
    assertThat(quarantined.count()).isEqualTo(events.quarantined());
    assertThat(cleansed.where(col(Columns.IS_LATE)).count()).as("late events in cleansed").isZero();
    assertThat(quarantined.where(array_contains(col(Columns.REASONS), Reasons.LATE)).count())
        .isEqualTo(late);

    // No event is both cleansed and quarantined.
    Dataset<Row> quarantinedUuids =
        quarantined
            .select(get_json_object(col(Columns.RECORD), "$.event_uuid").as("q_uuid"))
            .where(col("q_uuid").isNotNull());
    assertThat(
            cleansed
                .join(
                    quarantinedUuids,
                    cleansed.col(Columns.EVENT_UUID).equalTo(quarantinedUuids.col("q_uuid")))
                .count())
        .isZero();
  }

  @Test
  void aFailedRunIsReportedThenCompletedBeforeAnyReprocessing() throws IOException {
    LakeLocation lake = lake("lake-unfinished");
    IngestConfig normal = config(landing, lake, false, LatePolicy.KEEP);

    // A run that dies writes a FAILED summary with the cause, and leaves its plan.
    dieAt("ingest.raw-written", () -> job().run(normal));
    RunPlan unfinished = store(lake).pendingPlan().orElseThrow();
    assertThat(unfinished.reprocessAll()).isFalse();
    Path summaryFile = summaryFile(lake, unfinished.runId());
    assertThat(summaryFile).exists();
    RunSummary failed = readSummary(summaryFile);
    assertThat(failed.status()).isEqualTo(RunSummary.FAILED);
    assertThat(failed.run()).isEqualTo(unfinished.run());
    assertThat(failed.runId()).isEqualTo(unfinished.runId());
    assertThat(failed.message()).contains("fault injected at ingest.raw-written");

    // Reprocessing everything is refused while that run is unfinished: by the job ...
    IngestConfig reprocess = config(landing, lake, true, LatePolicy.KEEP);
    assertThatThrownBy(() -> job().run(reprocess))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--reprocess-all")
        .hasMessageContaining(unfinished.runId())
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("--reprocess-all"));
    // ... and by the command line, as a usage error.
    Cli.Result cli =
        Cli.run(
            "ingest",
            "--landing",
            landing.toString(),
            "--lake",
            tmp.resolve("lake-unfinished").toString(),
            "--reprocess-all");
    assertThat(cli.exit()).as(cli.err()).isEqualTo(MedallionCli.USAGE);
    assertThat(cli.err()).contains("--reprocess-all");
    // Neither touched the unfinished run.
    assertThat(store(lake).pendingPlan()).contains(unfinished);
    assertThat(store(lake).current()).isEqualTo(JobState.initial(IngestJob.JOB));

    // A normal run completes the unfinished one, and its summary now says so.
    RunSummary done = job().run(normal);
    assertThat(done.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(done.run()).isEqualTo(unfinished.run());
    assertThat(done.runId()).isEqualTo(unfinished.runId());
    assertThat(done.records().values()).allMatch(RecordCounts::balanced);
    assertThat(done.records().get("events").read()).isEqualTo(expectedEvents.get("read").asLong());
    RunSummary written = readSummary(summaryFile);
    assertThat(written.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(written.message()).isNull();
    assertThat(written.records()).isEqualTo(done.records());
    assertThat(store(lake).pendingPlan()).isEmpty();
    assertThat(store(lake).current().lastRun()).isEqualTo(unfinished.run());
    assertThat(table(lake, LakeTable.RAW_EVENTS).count())
        .isEqualTo(done.records().get("events").read());
  }

  @Test
  void aStalePlanAheadOfTheStateIsDiscardedAndTheNextRunIsNumberedPastIt() throws IOException {
    Path small = tmp.resolve("small-landing");
    writeEvents(small.resolve("events").resolve("first.jsonl"), "s1-", 3, 1_000);
    LakeLocation lake = lake("lake-stale-plan");
    IngestConfig config = config(small, lake, false, LatePolicy.KEEP);
    RunSummary first = job().run(config);
    JobState state = store(lake).current();
    assertThat(first.run()).isEqualTo(1);
    assertThat(state.lastRun()).isEqualTo(1);

    // A plan left behind by something else: ahead of the state, from another state version.
    long staleRun = state.lastRun() + 5;
    RunPlan stale =
        new RunPlan(
            IngestJob.JOB,
            staleRun,
            RunPlan.runId(staleRun, System.currentTimeMillis()),
            1,
            state.version() + 7,
            System.currentTimeMillis(),
            "job-bookmark-enable",
            false,
            Map.of("events", List.of()),
            IngestRun.settings(LatePolicy.KEEP, Duration.ofDays(3)),
            null);
    store(lake).savePlan(stale);
    writeEvents(small.resolve("events").resolve("second.jsonl"), "s2-", 4, 2_000);

    RunSummary next = job().run(config);

    assertThat(next.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(next.run()).isEqualTo(staleRun + 1);
    assertThat(next.runId()).isNotEqualTo(stale.runId());
    long read = next.records().get("events").read();
    assertThat(read).isEqualTo(4);
    assertThat(
            table(lake, LakeTable.RAW_EVENTS)
                .where(col(Columns.INGEST_RUN).equalTo(next.run()))
                .count())
        .isEqualTo(read);
    assertThat(
            table(lake, LakeTable.CLEANSED_EVENTS)
                .where(col(Columns.INGEST_RUN).equalTo(next.run()))
                .count())
        .isEqualTo(next.records().get("events").cleansed())
        .isEqualTo(4);
    assertThat(table(lake, LakeTable.CLEANSED_EVENTS).count()).isEqualTo(7);
    assertThat(store(lake).pendingPlan()).isEmpty();
    assertThat(store(lake).current().lastRun()).isEqualTo(staleRun + 1);
  }

  private static final long BASE_MTIME = System.currentTimeMillis() - 600_000;

  /** {@code n} valid events, uuids {@code prefix + i}, with a modification time past the others. */
  private static void writeEvents(Path file, String prefix, int n, long mtimeOffset)
      throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines
          .append("{\"event_uuid\":\"")
          .append(prefix)
          .append(i)
          .append("\",\"event_type\":\"click\",\"event_ts\":\"2026-11-02T10:0")
          .append(i)
          .append(":00Z\"}\n");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, lines, StandardCharsets.UTF_8);
    // Ten minutes ago: inside the bookmark's band, so a later file is new to a run made since.
    Files.setLastModifiedTime(file, FileTime.fromMillis(BASE_MTIME + mtimeOffset));
  }

  // ---------------------------------------------------------------------------------------------

}
