package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.medallion.cli.GlueArguments.CommandArgs;
import dev.medallion.config.ConfigException;
import dev.medallion.workflow.WorkflowDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a job's Glue-style arguments become a Medallion command line: one row per rule, against the
 * real options of {@code medallion ingest} and {@code medallion curate}.
 */
class GlueArgumentsTest {
  static final CommandOptions INGEST = CommandOptions.of("ingest").orElseThrow();
  static final CommandOptions CURATE = CommandOptions.of("curate").orElseThrow();

  static Stream<Arguments> rules() {
    return Stream.of(
        // rule, command, Glue arguments, command line, notes
        arguments(
            "a valued option passes as --key value",
            INGEST,
            Map.of("--lake", "lake"),
            List.of("--lake", "lake"),
            List.of()),
        arguments(
            "a value starting with - stays a value",
            INGEST,
            Map.of("--late-threshold", "-3d"),
            List.of("--late-threshold=-3d"),
            List.of()),
        arguments(
            "an empty value passes as it is, for the command to judge",
            INGEST,
            Map.of("--lake", ""),
            List.of("--lake", ""),
            List.of()),
        arguments(
            "a flag given true is the bare flag",
            INGEST,
            Map.of("--reprocess-all", "true"),
            List.of("--reprocess-all"),
            List.of()),
        arguments(
            "true in any case",
            CURATE,
            Map.of("--full-rebuild", "TRUE"),
            List.of("--full-rebuild"),
            List.of()),
        arguments(
            "a flag given false is left off",
            INGEST,
            Map.of("--reprocess-all", "false"),
            List.of(),
            List.of()),
        arguments(
            "a Glue special parameter the command does not take is dropped",
            INGEST,
            Map.of("--TempDir", "s3://bucket/tmp"),
            List.of(),
            List.of(
                "--TempDir is a Glue parameter that 'medallion ingest' does not take, not passed")),
        arguments(
            "even with an empty value, as Glue writes --enable-metrics",
            CURATE,
            Map.of("--enable-metrics", ""),
            List.of(),
            List.of(
                "--enable-metrics is a Glue parameter that 'medallion curate' does not take,"
                    + " not passed")),
        arguments(
            "a Glue special parameter the command takes passes",
            CURATE,
            Map.of("--job-bookmark-option", "job-bookmark-enable"),
            List.of("--job-bookmark-option", "job-bookmark-enable"),
            List.of()),
        arguments(
            "one command takes a bookmark range, the other does not",
            CURATE,
            Map.of("--job-bookmark-from", "3"),
            List.of(),
            List.of(
                "--job-bookmark-from is a Glue parameter that 'medallion curate' does not take,"
                    + " not passed")),
        arguments(
            "Glue's --conf is never passed, though the command has a --conf",
            INGEST,
            Map.of("--conf", "spark.sql.shuffle.partitions=2"),
            List.of(),
            List.of(
                "--conf is internal to Glue, not passed; give Spark settings to"
                    + " 'medallion workflow run --conf KEY=VALUE'")),
        arguments(
            "an argument Glue sets itself is dropped",
            INGEST,
            Map.of("--JOB_NAME", "ingest"),
            List.of(),
            List.of("--JOB_NAME is set by Glue itself, not passed")),
        arguments(
            "an unknown argument passes, for the command to refuse",
            CURATE,
            Map.of("--landing", "landing"),
            List.of("--landing", "landing"),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void mapsEachRule(
      String rule,
      CommandOptions command,
      Map<String, String> glue,
      List<String> expected,
      List<String> notes) {
    CommandArgs mapped = GlueArguments.toCommandLine(command, glue);
    assertThat(mapped.args()).isEqualTo(expected);
    assertThat(mapped.notes()).isEqualTo(notes);
  }

  @Test
  void keepsTheOrderOfTheArgumentsAndDropsOnlyGlues() {
    Map<String, String> glue = new LinkedHashMap<>();
    glue.put("--landing", "landing");
    glue.put("--enable-continuous-cloudwatch-log", "true");
    glue.put("--lake", "lake");
    glue.put("--reprocess-all", "true");
    glue.put("--extra-jars", "s3://bucket/a.jar");
    glue.put("--job-bookmark-option", "job-bookmark-disable");
    CommandArgs mapped = GlueArguments.toCommandLine(INGEST, glue);
    assertThat(mapped.args())
        .containsExactly(
            "--landing",
            "landing",
            "--lake",
            "lake",
            "--reprocess-all",
            "--job-bookmark-option",
            "job-bookmark-disable");
    assertThat(mapped.notes()).hasSize(2);
    assertThat(mapped.display())
        .isEqualTo(
            "--landing landing --lake lake --reprocess-all --job-bookmark-option"
                + " job-bookmark-disable");
  }

  @Test
  void overridesApplyBeforeTheMapping() {
    // defaults < trigger action < run: what the engine hands the launcher, mapped as one.
    WorkflowDefinition workflow =
        WorkflowDefinition.parse(
                """
                {"workflow": {"name": "wf"},
                 "jobs": {"ingest": {"command": "ingest", "default_arguments": {
                    "--landing": "landing", "--lake": "lake", "--reprocess-all": "true",
                    "--late-policy": "keep"}}},
                 "triggers": [{"name": "go", "type": "ON_DEMAND", "actions": [{"job_name": "ingest",
                    "arguments": {"--reprocess-all": "false", "--late-policy": "quarantine"}}]}]}
                """,
                "test.json")
            .withRunArguments(Map.of("ingest", Map.of("--late-policy", "keep")));
    var action = workflow.trigger("go").orElseThrow().actions().get(0);
    CommandArgs mapped = GlueArguments.toCommandLine(INGEST, workflow.arguments(action));
    assertThat(mapped.args())
        .containsExactly("--landing", "landing", "--lake", "lake", "--late-policy", "keep");
  }

  @Test
  void aFlagWithAnotherValueIsAnErrorNamingIt() {
    assertThatThrownBy(() -> GlueArguments.toCommandLine(INGEST, Map.of("--reprocess-all", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--reprocess-all: is a flag of 'medallion ingest'")
        .hasMessageContaining("true or false, not 'yes'");
  }

  @Test
  void theOptionsComeFromTheCommands() {
    assertThat(INGEST.valued()).contains("--landing", "--lake", "--conf", "--job-bookmark-option");
    assertThat(INGEST.flags()).containsExactly("--reprocess-all");
    assertThat(CURATE.flags()).containsExactly("--full-rebuild");
    assertThat(INGEST.takes("--help")).isFalse();
    assertThat(CommandOptions.of("load"))
        .map(CommandOptions::flags)
        .contains(Set.of("--full-reload"));
    assertThat(CommandOptions.of("unload")).isEmpty();
  }

  @Test
  void quotesForAShellOnlyWhenNeeded() {
    assertThat(GlueArguments.quote("s3a://bucket/lake")).isEqualTo("s3a://bucket/lake");
    assertThat(GlueArguments.quote("--late-threshold=-3d")).isEqualTo("--late-threshold=-3d");
    assertThat(GlueArguments.quote("my lake")).isEqualTo("'my lake'");
    assertThat(GlueArguments.quote("")).isEqualTo("''");
    assertThat(GlueArguments.quote("it's")).isEqualTo("'it'\\''s'");
  }
}
