package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion workflow next} and {@code show}, run in this JVM through {@link
 * MedallionCli#execute}: what they print, their exit codes, and that they never start Spark.
 */
class WorkflowCommandTest {
  /** The project's definition, from the module directory the tests run in. */
  static final String SHIPPED = Path.of("..", "workflow", "medallion.json").toString();

  static Result cli(String... args) {
    return Cli.run(args);
  }

  @AfterEach
  void realClock() {
    WorkflowCommand.clock = Clock.systemUTC();
  }

  // ---------------------------------------------------------------------------------------------
  // next

  @Test
  void nextListsTheFireTimesOfEachScheduledTrigger() {
    Result r =
        cli("workflow", "next", "--file", SHIPPED, "--at", "2026-11-21T10:00:00Z", "--count", "2");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "workflow medallion: scheduled triggers after 2026-11-21T10:00:00Z (UTC)",
                "  hourly-ingest  cron(15 * * * ? *)  starts ingest",
                "    2026-11-21T10:15:00Z",
                "    2026-11-21T11:15:00Z",
                "  daily-maintenance  cron(30 3 * * ? *)  starts maintenance",
                "    2026-11-22T03:30:00Z",
                "    2026-11-23T03:30:00Z",
                "next: hourly-ingest at 2026-11-21T10:15:00Z",
                ""));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void nextCrossesTheYear() {
    Result r =
        cli("workflow", "next", "--file", SHIPPED, "--at", "2026-12-31T23:15:00Z", "--count", "1");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("next: hourly-ingest at 2027-01-01T00:15:00Z");
  }

  @Test
  void nextTakesAnOffsetAndListsThreeTimesByDefault() {
    Result r = cli("workflow", "next", "--file", SHIPPED, "--at", "2026-11-21T11:00:00+01:00");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("after 2026-11-21T10:00:00Z")
        .contains("    2026-11-21T10:15:00Z\n    2026-11-21T11:15:00Z\n    2026-11-21T12:15:00Z\n");
  }

  @Test
  void nextWithoutAtLooksAheadFromTheClock() {
    WorkflowCommand.clock = Clock.fixed(Instant.parse("2026-11-21T10:20:00Z"), ZoneOffset.UTC);
    Result r = cli("workflow", "next", "--file", SHIPPED);
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("next: hourly-ingest at 2026-11-21T11:15:00Z");
  }

  @Test
  void nextListsEveryTriggerDueTheSameMinute(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("wf.json");
    Files.writeString(
        file,
        """
        {"workflow": {"name": "two"},
         "jobs": {"ingest": {"command": "ingest"}, "curate": {"command": "curate"}},
         "triggers": [
           {"name": "a", "type": "SCHEDULED", "schedule": "cron(0 * * * ? *)",
            "actions": [{"job_name": "ingest"}]},
           {"name": "b", "type": "SCHEDULED", "schedule": "cron(0 0/2 * * ? *)",
            "actions": [{"job_name": "curate"}]},
           {"name": "gone", "type": "SCHEDULED", "schedule": "cron(0 0 1 1 ? 2020)",
            "actions": [{"job_name": "curate"}]}
         ]}
        """);
    Result r = cli("workflow", "next", "--file", file.toString(), "--at", "2026-11-21T09:30:00Z");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("  gone  cron(0 0 1 1 ? 2020)  starts curate\n    never fires again\n")
        .contains("next: a, b at 2026-11-21T10:00:00Z");
  }

  @Test
  void nextRefusesATimestampWithoutAZone() {
    Result r = cli("workflow", "next", "--file", SHIPPED, "--at", "2026-11-21 10:00");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("medallion: error: --at: '2026-11-21 10:00' is not a timestamp with a time zone")
        .contains("2026-11-21T10:00:00Z");
  }

  @Test
  void nextRefusesACountOutOfRange() {
    Result r = cli("workflow", "next", "--file", SHIPPED, "--count", "0");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--count: must be from 1 to 1000, got 0");
  }

  // ---------------------------------------------------------------------------------------------
  // show

  @Test
  void showPrintsTheJobsAndTriggers() {
    Result r = cli("workflow", "show", "--file", SHIPPED);

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .startsWith("workflow medallion: ")
        .contains("  ingest (medallion ingest): ")
        .contains("--landing landing --lake lake --late-policy keep")
        .contains("--job-bookmark-option job-bookmark-enable")
        .contains("  curate (medallion curate): ")
        .contains("  start-ingest  ON_DEMAND  on demand\n    starts ingest\n")
        .contains("  hourly-ingest  SCHEDULED  scheduled cron(15 * * * ? *)  (active on creation)")
        .contains(
            "  curate-after-ingest  CONDITIONAL  when ingest SUCCEEDED  (active on creation)\n"
                + "    starts curate\n");
  }

  @Test
  void showPrintsArgumentOverrides(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("wf.json");
    Files.writeString(
        file,
        """
        {"workflow": {"name": "wf"},
         "jobs": {"ingest": {"command": "ingest", "default_arguments": {"--lake": "lake"}}},
         "triggers": [{"name": "go", "type": "ON_DEMAND",
                       "actions": [{"job_name": "ingest", "arguments": {"--lake": "other"}}]}]}
        """);
    Result r = cli("workflow", "show", "--file", file.toString());
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("    starts ingest overriding --lake other\n");
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  @Test
  void aMissingFileIsAUsageError(@TempDir Path tmp) {
    Path missing = tmp.resolve("none.json");
    Result r = cli("workflow", "show", "--file", missing.toString());
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("medallion: error: " + missing + ": no workflow definition there")
        .contains("Pass --file");
  }

  @Test
  void anInvalidDefinitionNamesTheFileAndThePath(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("bad.json");
    Files.writeString(
        file,
        Files.readString(Path.of(SHIPPED)).replace("cron(15 * * * ? *)", "cron(15 * * * MON *)"));
    Result r = cli("workflow", "next", "--file", file.toString(), "--at", "2026-11-21T10:00:00Z");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("medallion: error: " + file + ": triggers[1].schedule: ")
        .contains("AWS needs ? in one of them");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void workflowAloneAsksForASubcommand() {
    Result r = cli("workflow");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("name a subcommand: next, show, run");
  }

  @Test
  void theTopLevelHelpListsWorkflow() {
    Result r = cli("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("workflow");
  }

  @Test
  void helpShowsTheDefaults() {
    Result r = cli("workflow", "next", "--help");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("Usage: medallion workflow next")
        .contains("Default: workflow/medallion.json")
        .contains("Default: 3")
        .contains("2026-11-21T10:00:00Z");
  }

  @Test
  void noSparkSessionIsEverMade() {
    // Another test class in this JVM may have made one; these commands must add none.
    Optional<SparkSession> defaultBefore = asJava(SparkSession.getDefaultSession());
    Optional<SparkSession> activeBefore = asJava(SparkSession.getActiveSession());
    cli("workflow", "show", "--file", SHIPPED);
    cli("workflow", "next", "--file", SHIPPED, "--at", "2026-11-21T10:00:00Z");
    cli("workflow", "next", "--file", "no-such-file.json");
    assertThat(asJava(SparkSession.getDefaultSession())).isEqualTo(defaultBefore);
    assertThat(asJava(SparkSession.getActiveSession())).isEqualTo(activeBefore);
  }

  private static <T> Optional<T> asJava(scala.Option<T> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }
}
