package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion workflow run} end to end on generated sample data: the real ingest and curate
 * commands, run in this JVM on the shared session, from definition files whose {@code --landing}
 * and {@code --lake} point at temporary directories.
 */
@Tag("integration")
class WorkflowRunIT {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path landing;

  @BeforeAll
  static void generateOneArrivalOfSampleData() {
    // The jobs find and use this session; no second one is made.
    spark = SharedSpark.get();
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(11L, 150, 1).writeTo(sample);
    landing = sample.resolve("run-1");
  }

  /** Runs the workflow with the test-sized settings the shared session has. */
  static Result run(Path definition, String... more) {
    String[] args = {
      "workflow",
      "run",
      "--file",
      definition.toString(),
      "--conf",
      "spark.sql.shuffle.partitions=2",
      "--conf",
      "spark.databricks.delta.snapshotPartitions=1"
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  static Path write(String name, String json) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  /** A path relative to the current directory, as a definition in the repository would hold. */
  static String relative(Path path) {
    return Path.of("").toAbsolutePath().relativize(path.toAbsolutePath()).toString();
  }

  static long count(Path lake, LakeTable table) {
    return new Lake(spark, LakeLocation.parse("--lake", lake.toString())).read(table).count();
  }

  /** Ingest then curate, as workflow/medallion.json has them, with Glue's extras. */
  static String ingestThenCurate(String landingDir, String lakeDir) {
    return """
        {"workflow": {"name": "it", "default_run_properties": {"owner": "tests"}},
         "jobs": {
           "ingest": {"command": "ingest", "default_arguments": {
             "--landing": "%1$s", "--lake": "%2$s", "--late-policy": "keep",
             "--job-bookmark-option": "job-bookmark-enable", "--reprocess-all": "false",
             "--TempDir": "s3://bucket/tmp", "--enable-metrics": "", "--job-language": "scala",
             "--conf": "spark.sql.shuffle.partitions=200"}},
           "curate": {"command": "curate", "default_arguments": {
             "--lake": "%2$s", "--job-bookmark-option": "job-bookmark-enable",
             "--enable-continuous-cloudwatch-log": "true"}}
         },
         "triggers": [
           {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
           {"name": "curate-after-ingest", "type": "CONDITIONAL",
            "predicate": {"conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
            "actions": [{"job_name": "curate"}]}
         ]}
        """
        .formatted(landingDir, lakeDir);
  }

  @Test
  void ingestThenCurateBothSucceedAndTheCuratedTableHasRows() throws IOException {
    Path lake = tmp.resolve("lake-ok");
    // The lake as a relative path: it resolves against the current directory, as the CLI's do.
    Path file = write("ok.json", ingestThenCurate(landing.toString(), relative(lake)));

    Result r = run(file);

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("workflow it: run from trigger start (ON_DEMAND)\n")
        .contains("  run properties (not passed to jobs): {owner=tests}\n")
        .contains("trigger start fired: starts ingest\n")
        .contains("job run 1: ingest (medallion ingest), started by start\n")
        .contains(
            "  note: --TempDir is a Glue parameter that 'medallion ingest' does not take, not"
                + " passed\n")
        .contains("  note: --enable-metrics is a Glue parameter")
        .contains("  note: --job-language is a Glue parameter")
        .contains("  note: --conf is internal to Glue, not passed")
        .contains(
            "  $ medallion ingest --landing "
                + landing
                + " --lake "
                + relative(lake)
                + " --late-policy keep --job-bookmark-option job-bookmark-enable"
                + " --conf spark.sql.shuffle.partitions=2"
                + " --conf spark.databricks.delta.snapshotPartitions=1\n")
        .containsPattern("job run 1: ingest SUCCEEDED in \\d+\\.\\d s\n")
        .contains("trigger curate-after-ingest fired (ingest SUCCEEDED): starts curate\n")
        .contains("  note: --enable-continuous-cloudwatch-log is a Glue parameter")
        .containsPattern("job run 2: curate SUCCEEDED in \\d+\\.\\d s\n")
        .contains("workflow it from start: 2 job runs, all SUCCEEDED\n")
        .containsPattern("(?m)^    1  ingest  start                SUCCEEDED +\\d+\\.\\d$")
        .containsPattern("(?m)^    2  curate  curate-after-ingest  SUCCEEDED +\\d+\\.\\d$")
        .endsWith("conditional triggers not fired: none\n");
    // Each job printed its own run summary in between.
    assertThat(r.out().indexOf("job run 2: curate SUCCEEDED"))
        .isGreaterThan(r.out().indexOf("job run 1: ingest SUCCEEDED"));
    assertThat(count(lake, LakeTable.CLEANSED_EVENTS)).isPositive();
    assertThat(count(lake, LakeTable.CURATED_EVENTS_ENRICHED))
        .isEqualTo(count(lake, LakeTable.CLEANSED_EVENTS));
    assertThat(count(lake, LakeTable.CURATED_DAILY_EVENT_METRICS)).isPositive();
  }

  @Test
  void aFailedIngestStopsCurateAndTheExitCodeIsOne() throws IOException {
    Path missing = tmp.resolve("no-such-landing");
    Path lake = tmp.resolve("lake-failed");
    Path file = write("failed.json", ingestThenCurate(missing.toString(), lake.toString()));

    Result r = run(file);

    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.out())
        .containsPattern(
            "job run 1: ingest FAILED in \\d+\\.\\d s: the landing directory .*no-such-landing"
                + " does not exist")
        .doesNotContain("job run 2")
        .doesNotContain("medallion curate")
        .contains("workflow it from start: 1 job run, 1 not SUCCEEDED\n")
        .containsPattern("(?m)^    1  ingest  start    FAILED +\\d+\\.\\d$")
        .contains(
            "conditional triggers not fired:\n"
                + "  curate-after-ingest  when ingest SUCCEEDED  (would start curate)\n");
    assertThat(r.err()).contains("medallion: error: the landing directory");
    assertThat(lake.resolve("curated")).doesNotExist();
  }

  @Test
  void aTriggerWaitingForFailedFiresAndItsJobRuns() throws IOException {
    Path missing = tmp.resolve("no-such-landing");
    Path lake = tmp.resolve("lake-fallback");
    Path file =
        write(
            "fallback.json",
            """
            {"workflow": {"name": "it"},
             "jobs": {
               "ingest": {"command": "ingest",
                          "default_arguments": {"--landing": "%1$s", "--lake": "%3$s"}},
               "ingest-fallback": {"command": "ingest",
                          "default_arguments": {"--landing": "%2$s", "--lake": "%3$s"}},
               "curate": {"command": "curate", "default_arguments": {"--lake": "%3$s"}}
             },
             "triggers": [
               {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
               {"name": "curate-after-ingest", "type": "CONDITIONAL",
                "predicate": {"conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
                "actions": [{"job_name": "curate"}]},
               {"name": "on-ingest-failure", "type": "CONDITIONAL",
                "predicate": {"conditions": [{"job_name": "ingest", "state": "FAILED"}]},
                "actions": [{"job_name": "ingest-fallback"}]}
             ]}
            """
                .formatted(missing, landing, lake));

    Result r = run(file);

    // One job run failed, so the workflow run did not succeed, though the fallback did.
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.out())
        .containsPattern("job run 1: ingest FAILED in ")
        .contains("trigger on-ingest-failure fired (ingest FAILED): starts ingest-fallback\n")
        .contains("job run 2: ingest-fallback (medallion ingest), started by on-ingest-failure\n")
        .containsPattern("job run 2: ingest-fallback SUCCEEDED in \\d+\\.\\d s\n")
        .contains("workflow it from start: 2 job runs, 1 not SUCCEEDED\n")
        .containsPattern("(?m)^    2  ingest-fallback  on-ingest-failure  SUCCEEDED +\\d+\\.\\d$")
        .contains("  curate-after-ingest  when ingest SUCCEEDED  (would start curate)\n")
        .doesNotContain("job run 3");
    assertThat(count(lake, LakeTable.CLEANSED_EVENTS)).isPositive();
  }
}
