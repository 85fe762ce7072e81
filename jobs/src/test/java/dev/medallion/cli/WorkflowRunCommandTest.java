package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion workflow run} without Spark: choosing the start trigger, {@code --arg}, {@code
 * --dry-run}, and real jobs that fail on their arguments before they start a session, so that
 * Glue's rules for failed jobs are seen end to end. Whole runs on Spark are in {@link
 * WorkflowRunIT}.
 */
class WorkflowRunCommandTest {
  static final String SHIPPED = WorkflowCommandTest.SHIPPED;

  @TempDir Path tmp;

  static Result cli(String... args) {
    return Cli.run(args);
  }

  Path definition(String json) throws IOException {
    Path file = tmp.resolve("wf-" + System.nanoTime() + ".json");
    Files.writeString(file, json);
    return file;
  }

  static Result run(Path file, String... args) {
    List<String> all = new ArrayList<>(List.of("workflow", "run", "--file", file.toString()));
    all.addAll(Arrays.asList(args));
    return cli(all.toArray(String[]::new));
  }

  // ---------------------------------------------------------------------------------------------
  // Dry runs of the shipped workflow

  @Test
  void aDryRunOfTheShippedWorkflowPrintsEachJobsCommandLine() {
    Result r = cli("workflow", "run", "--file", SHIPPED, "--dry-run");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .startsWith(
            "workflow medallion: run from trigger start-ingest (ON_DEMAND), dry run: nothing"
                + " runs, every job counts as SUCCEEDED\n"
                + "trigger start-ingest fired: starts ingest\n"
                + "job run 1: ingest (medallion ingest), started by start-ingest\n"
                + "  $ medallion ingest --landing landing --lake lake --late-policy keep"
                + " --job-bookmark-option job-bookmark-enable\n"
                + "job run 1: ingest SUCCEEDED in ")
        .contains(
            "trigger curate-after-ingest fired (ingest SUCCEEDED): starts curate\n"
                + "job run 2: curate (medallion curate), started by curate-after-ingest\n"
                + "  $ medallion curate --lake lake --job-bookmark-option job-bookmark-enable\n")
        .contains(
            "trigger load-after-curate fired (curate SUCCEEDED): starts load\n"
                + "job run 3: load (medallion load), started by load-after-curate\n"
                + "  $ medallion load --lake lake --warehouse-url embedded\n")
        .contains("workflow medallion from start-ingest: 3 job runs, all SUCCEEDED\n")
        .containsPattern("(?m)^  run  job     trigger              state      seconds$")
        .containsPattern("(?m)^    1  ingest  start-ingest         SUCCEEDED +\\d+\\.\\d$")
        .containsPattern("(?m)^    2  curate  curate-after-ingest  SUCCEEDED +\\d+\\.\\d$")
        .containsPattern("(?m)^    3  load    load-after-curate    SUCCEEDED +\\d+\\.\\d$")
        .endsWith("conditional triggers not fired: none\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void startsFromANamedScheduledTrigger() {
    Result r = cli("workflow", "run", "hourly-ingest", "--file", SHIPPED, "--dry-run");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("run from trigger hourly-ingest (SCHEDULED)")
        .contains("job run 1: ingest (medallion ingest), started by hourly-ingest");
  }

  @Test
  void runArgumentsOverrideForTheJobsThatTakeThem() {
    Result r =
        cli(
            "workflow",
            "run",
            "--file",
            SHIPPED,
            "--dry-run",
            "--arg",
            "--lake=/data/my lake",
            "--arg",
            "landing=/data/landing",
            "--arg",
            "ingest:--late-policy=quarantine",
            "--arg",
            "curate:--full-rebuild=true",
            "--conf",
            "spark.sql.shuffle.partitions=4");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains(
            "  $ medallion ingest --landing /data/landing --lake '/data/my lake' --late-policy"
                + " quarantine --job-bookmark-option job-bookmark-enable --conf"
                + " spark.sql.shuffle.partitions=4\n")
        .contains(
            "  $ medallion curate --lake '/data/my lake' --job-bookmark-option job-bookmark-enable"
                + " --full-rebuild --conf spark.sql.shuffle.partitions=4\n");
  }

  @Test
  void theReadmesDryRunExampleRuns() throws IOException {
    String line =
        Files.readAllLines(Path.of("..", "README.md")).stream()
            .filter(l -> l.startsWith("bin/medallion workflow run ") && l.contains("--dry-run"))
            .findFirst()
            .orElseThrow();
    List<String> args = new ArrayList<>(Arrays.asList(line.split("#")[0].strip().split("\\s+")));
    args.remove(0); // bin/medallion
    args.addAll(List.of("--file", SHIPPED)); // the tests run in jobs/

    Result r = cli(args.toArray(String[]::new));

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("run from trigger hourly-ingest (SCHEDULED)")
        .contains("  $ medallion ingest --landing /data/in --lake /data/lake")
        .contains("  $ medallion curate --lake /data/lake");
  }

  // ---------------------------------------------------------------------------------------------
  // Usage errors: exit 2, nothing runs

  static final String TWO_ON_DEMAND =
      """
      {"workflow": {"name": "wf"},
       "jobs": {"ingest": {"command": "ingest"}, "curate": {"command": "curate"}},
       "triggers": [
         {"name": "a", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
         {"name": "b", "type": "ON_DEMAND", "actions": [{"job_name": "curate"}]},
         {"name": "hourly", "type": "SCHEDULED", "schedule": "cron(15 * * * ? *)",
          "actions": [{"job_name": "ingest"}]},
         {"name": "then", "type": "CONDITIONAL",
          "predicate": {"conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
          "actions": [{"job_name": "curate"}]}
       ]}
      """;

  @Test
  void withoutATriggerNameTwoOnDemandTriggersAreAUsageErrorListingTheStartableOnes()
      throws IOException {
    Result r = run(definition(TWO_ON_DEMAND));
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("medallion: error: trigger: workflow wf has 2 ON_DEMAND triggers")
        .contains("one of a, b, hourly.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aConditionalTriggerCannotStartARun() throws IOException {
    Result r = run(definition(TWO_ON_DEMAND), "then");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("'then' is CONDITIONAL").contains("one of a, b, hourly");
  }

  @Test
  void anUnknownTriggerIsAUsageError() throws IOException {
    Result r = run(definition(TWO_ON_DEMAND), "nightly");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("workflow wf has no trigger 'nightly'");
  }

  @Test
  void badRunArgumentsAreUsageErrors() {
    assertThat(runArgError("lake")).contains("--arg: 'lake' is not [JOB:]NAME=VALUE");
    assertThat(runArgError("nope=1"))
        .contains("no job of workflow medallion runs a command that takes --nope");
    assertThat(runArgError("curate:landing=x"))
        .contains("job curate runs 'medallion curate', which takes no --landing");
    assertThat(runArgError("compact:--lake=x"))
        .contains("'compact' is not a job of workflow medallion")
        .contains("Use one of ingest, curate, stream, load, maintenance");
    assertThat(runArgError("conf=spark.x=1"))
        .contains("--conf is set by Glue itself")
        .contains("'workflow run --conf KEY=VALUE'");
    assertThat(runArgError("=x")).contains("is not [JOB:]NAME=VALUE");
  }

  private static String runArgError(String arg) {
    Result r = cli("workflow", "run", "--file", SHIPPED, "--dry-run", "--arg", arg);
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.out()).isEmpty();
    return r.err();
  }

  @Test
  void aMalformedConfIsAUsageError() {
    Result r = cli("workflow", "run", "--file", SHIPPED, "--dry-run", "--conf", "nonsense");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--conf: 'nonsense' is not KEY=VALUE");
  }

  // ---------------------------------------------------------------------------------------------
  // Real jobs that fail on their arguments (before any SparkSession)

  @Test
  void aJobThatRefusesItsArgumentsFailsAndATriggerWaitingForFailedFires() throws IOException {
    Path file =
        definition(
            """
            {"workflow": {"name": "wf"},
             "jobs": {
               "ingest": {"command": "ingest", "default_arguments": {
                 "--landing": "landing", "--lake": "lake", "--late-policy": "sometimes",
                 "--TempDir": "s3://bucket/tmp", "--enable-metrics": ""}},
               "curate": {"command": "curate"},
               "cleanup": {"command": "curate",
                           "default_arguments": {"--job-bookmark-option": "job-bookmark-pause"}}
             },
             "triggers": [
               {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
               {"name": "after-ingest", "type": "CONDITIONAL",
                "predicate": {"conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
                "actions": [{"job_name": "curate"}]},
               {"name": "on-ingest-failure", "type": "CONDITIONAL",
                "predicate": {"conditions": [{"job_name": "ingest", "state": "FAILED"}]},
                "actions": [{"job_name": "cleanup"}]}
             ]}
            """);
    Optional<SparkSession> before = asJava(SparkSession.getDefaultSession());

    Result r = run(file);

    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.out())
        .contains(
            "job run 1: ingest (medallion ingest), started by start\n"
                + "  note: --TempDir is a Glue parameter that 'medallion ingest' does not take,"
                + " not passed\n"
                + "  note: --enable-metrics is a Glue parameter that 'medallion ingest' does not"
                + " take, not passed\n"
                + "  $ medallion ingest --landing landing --lake lake --late-policy sometimes\n")
        .containsPattern(
            "job run 1: ingest FAILED in \\d+\\.\\d s: --late-policy: 'sometimes' is not a late"
                + " policy")
        .contains("trigger on-ingest-failure fired (ingest FAILED): starts cleanup\n")
        .contains("  $ medallion curate --job-bookmark-option job-bookmark-pause\n")
        .containsPattern("job run 2: cleanup FAILED in \\d+\\.\\d s: .*job-bookmark-pause")
        .contains("workflow wf from start: 2 job runs, 2 not SUCCEEDED\n")
        .containsPattern("(?m)^    1  ingest   start              FAILED +\\d+\\.\\d$")
        .containsPattern("(?m)^       --late-policy: 'sometimes' is not a late policy")
        .containsPattern("(?m)^    2  cleanup  on-ingest-failure  FAILED +\\d+\\.\\d$")
        .contains(
            "conditional triggers not fired:\n"
                + "  after-ingest  when ingest SUCCEEDED  (would start curate)\n")
        .doesNotContain("job run 3");
    // The command's own message is on stderr as a user running it alone would see it.
    assertThat(r.err()).contains("medallion: error: --late-policy: 'sometimes' is not a late");
    // Both jobs failed before they needed Spark.
    assertThat(asJava(SparkSession.getDefaultSession())).isEqualTo(before);
  }

  @Test
  void anOptionTheCommandDoesNotTakeFailsTheJobWithPicocliMessage() throws IOException {
    Path file =
        definition(
            """
            {"workflow": {"name": "wf"},
             "jobs": {"curate": {"command": "curate", "default_arguments": {"--landing": "x"}},
                      "ingest": {"command": "ingest"}},
             "triggers": [
               {"name": "go", "type": "ON_DEMAND", "actions": [{"job_name": "curate"}]},
               {"name": "next", "type": "CONDITIONAL",
                "predicate": {"conditions": [{"job_name": "curate", "state": "SUCCEEDED"}]},
                "actions": [{"job_name": "ingest"}]}
             ]}
            """);
    Result r = run(file);
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.out())
        .containsPattern("job run 1: curate FAILED in \\d+\\.\\d s: medallion curate: Unknown")
        .contains("'--landing'")
        .contains("  next  when curate SUCCEEDED  (would start ingest)");
    assertThat(r.err())
        .contains("medallion curate: Unknown option")
        .contains("(see 'medallion curate --help' for its options)")
        .doesNotContain("Usage:");
  }

  @Test
  void aFlagWithAValueOtherThanTrueOrFalseFailsTheJob() throws IOException {
    Path file =
        definition(
            """
            {"workflow": {"name": "wf"},
             "jobs": {"ingest": {"command": "ingest",
                                 "default_arguments": {"--reprocess-all": "yes"}}},
             "triggers": [{"name": "go", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]}]}
            """);
    Result r = run(file);
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.out())
        .containsPattern(
            "job run 1: ingest FAILED in \\d+\\.\\d s: --reprocess-all: is a flag of 'medallion"
                + " ingest', so its value is true or false, not 'yes'");
  }

  @Test
  void theDailyMaintenanceTriggerRunsTheMaintenanceCommand() {
    Result r = cli("workflow", "run", "daily-maintenance", "--file", SHIPPED, "--dry-run");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("run from trigger daily-maintenance (SCHEDULED)")
        .contains("job run 1: maintenance (medallion maintenance), started by daily-maintenance")
        .contains("  $ medallion maintenance --lake lake --retain 168h\n")
        .contains("daily-maintenance: 1 job run, all SUCCEEDED");
  }

  // ---------------------------------------------------------------------------------------------
  // Help

  @Test
  void helpSaysWhatRunDoes() {
    Result r = cli("workflow", "run", "--help");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("Usage: medallion workflow run")
        .contains("[TRIGGER]")
        .contains("--arg=[JOB:]NAME=VALUE")
        .contains("--dry-run")
        .contains("--conf=KEY=VALUE")
        .contains("Default: workflow/medallion.json")
        .contains("Exit code: 0 if every job run succeeded");
    assertThat(cli("workflow", "--help").out()).contains("run");
  }

  private static <T> Optional<T> asJava(scala.Option<T> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }
}
