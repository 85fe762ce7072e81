package dev.medallion.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.config.ConfigException;
import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Condition;
import dev.medallion.workflow.WorkflowDefinition.Logical;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading and validating the workflow definition, including the project's own file. */
class WorkflowDefinitionTest {
  /** The project's definition, from the module directory the tests run in. */
  static final Path SHIPPED = Path.of("..", "workflow", "medallion.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A small valid definition that the invalid ones below change in one place. */
  static final String VALID =
      """
      {
        "workflow": {"name": "wf", "description": "test"},
        "jobs": {
          "ingest": {"command": "ingest",
                     "default_arguments": {"--lake": "lake", "--late-policy": "keep"}},
          "curate": {"command": "curate"}
        },
        "triggers": [
          {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
          {"name": "hourly", "type": "SCHEDULED", "schedule": "cron(15 * * * ? *)",
           "actions": [{"job_name": "ingest", "arguments": {"--late-policy": "quarantine"}}]},
          {"name": "after-ingest", "type": "CONDITIONAL",
           "predicate": {"logical": "AND",
                         "conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
           "actions": [{"job_name": "curate"}]}
        ]
      }
      """;

  // ---------------------------------------------------------------------------------------------
  // The shipped file

  @Test
  void theShippedWorkflowIsValidAndSaysWhatTheProjectRuns() {
    WorkflowDefinition workflow = WorkflowDefinition.load(SHIPPED);

    assertThat(workflow.workflow().name()).isEqualTo("medallion");
    assertThat(workflow.jobs())
        .containsOnlyKeys("ingest", "curate", "stream", "load", "maintenance");
    assertThat(workflow.job("stream").command()).isEqualTo("stream");
    assertThat(workflow.triggers())
        .noneMatch(t -> t.actions().stream().anyMatch(a -> a.jobName().equals("stream")));
    assertThat(workflow.job("ingest").command()).isEqualTo("ingest");
    assertThat(workflow.job("curate").command()).isEqualTo("curate");
    assertThat(workflow.job("load").command()).isEqualTo("load");
    assertThat(workflow.job("maintenance").command()).isEqualTo("maintenance");
    assertThat(workflow.job("maintenance").defaultArguments())
        .containsEntry("--lake", "lake")
        .containsEntry("--retain", "168h");
    assertThat(workflow.job("ingest").defaultArguments())
        .containsKeys("--landing", "--lake", "--late-policy")
        .containsEntry("--job-bookmark-option", "job-bookmark-enable");

    Trigger onDemand = workflow.startTrigger(Optional.empty());
    assertThat(onDemand.type()).isEqualTo(TriggerType.ON_DEMAND);
    assertThat(onDemand.actions()).extracting(Action::jobName).containsExactly("ingest");

    assertThat(workflow.triggers(TriggerType.SCHEDULED))
        .satisfiesExactly(
            t -> {
              assertThat(t.schedule()).map(AwsCron::expression).contains("cron(15 * * * ? *)");
              assertThat(t.actions()).extracting(Action::jobName).containsExactly("ingest");
              assertThat(t.startOnCreation()).isTrue();
            },
            t -> {
              assertThat(t.schedule()).map(AwsCron::expression).contains("cron(30 3 * * ? *)");
              assertThat(t.actions()).extracting(Action::jobName).containsExactly("maintenance");
              assertThat(t.startOnCreation()).isTrue();
            });
    assertThat(workflow.triggers(TriggerType.CONDITIONAL))
        .hasSize(2)
        .satisfiesExactly(
            t -> {
              assertThat(t.predicate().orElseThrow().conditions())
                  .containsExactly(new Condition("ingest", JobRunState.SUCCEEDED));
              assertThat(t.actions()).extracting(Action::jobName).containsExactly("curate");
            },
            t -> {
              assertThat(t.predicate().orElseThrow().conditions())
                  .containsExactly(new Condition("curate", JobRunState.SUCCEEDED));
              assertThat(t.actions()).extracting(Action::jobName).containsExactly("load");
            });
  }

  @Test
  void theShippedWorkflowRunsIngestThenCurateThenLoad() {
    WorkflowDefinition workflow = WorkflowDefinition.load(SHIPPED);
    WorkflowRun run =
        new TriggerEngine(workflow, (job, command, args) -> JobRunState.SUCCEEDED).run();
    assertThat(run.jobRuns())
        .extracting(WorkflowRun.JobRun::jobName)
        .containsExactly("ingest", "curate", "load");
    assertThat(run.jobRuns().get(0).arguments())
        .isEqualTo(workflow.job("ingest").defaultArguments());

    WorkflowRun failed =
        new TriggerEngine(workflow, (job, command, args) -> JobRunState.FAILED).run();
    assertThat(failed.jobRuns()).extracting(WorkflowRun.JobRun::jobName).containsExactly("ingest");
  }

  @Test
  void theShippedFileUsesOnlyTheFieldsTerraformMaps() throws IOException {
    JsonNode root = JSON.readTree(SHIPPED.toFile());
    assertThat(root.fieldNames()).toIterable().containsExactly("workflow", "jobs", "triggers");
    for (JsonNode trigger : root.get("triggers")) {
      assertThat(trigger.get("type").asText()).isIn("ON_DEMAND", "SCHEDULED", "CONDITIONAL");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  @Test
  void readsEveryPartInFileOrder() {
    WorkflowDefinition workflow = WorkflowDefinition.parse(VALID, "test.json");

    assertThat(workflow.workflow().description()).isEqualTo("test");
    assertThat(workflow.workflow().maxConcurrentRuns()).isEmpty();
    assertThat(workflow.jobs().keySet()).containsExactly("ingest", "curate");
    assertThat(workflow.job("curate").defaultArguments()).isEmpty();
    assertThat(workflow.job("curate").description()).isEmpty();
    assertThat(workflow.triggers())
        .extracting(Trigger::name)
        .containsExactly("start", "hourly", "after-ingest");
    Trigger start = workflow.trigger("start").orElseThrow();
    assertThat(start.schedule()).isEmpty();
    assertThat(start.predicate()).isEmpty();
    assertThat(start.startOnCreation()).isFalse();
    assertThat(workflow.trigger("after-ingest").orElseThrow().predicate().orElseThrow().logical())
        .isEqualTo(Logical.AND);
  }

  @Test
  void actionArgumentsOverrideTheJobDefaultsInPlace() {
    WorkflowDefinition workflow = WorkflowDefinition.parse(VALID, "test.json");
    Action hourly = workflow.trigger("hourly").orElseThrow().actions().get(0);

    assertThat(workflow.arguments(hourly))
        .containsExactly(Map.entry("--lake", "lake"), Map.entry("--late-policy", "quarantine"));
    Action start = workflow.trigger("start").orElseThrow().actions().get(0);
    assertThat(workflow.arguments(start))
        .containsExactly(Map.entry("--lake", "lake"), Map.entry("--late-policy", "keep"));
  }

  @Test
  void runArgumentsOverrideTheDefaultsAndTheTriggersArguments() {
    WorkflowDefinition workflow =
        WorkflowDefinition.parse(VALID, "test.json")
            .withRunArguments(
                Map.of("ingest", Map.of("--late-policy", "keep", "--reprocess-all", "true")));
    Action hourly = workflow.trigger("hourly").orElseThrow().actions().get(0);
    Action start = workflow.trigger("start").orElseThrow().actions().get(0);
    Action curate = workflow.trigger("after-ingest").orElseThrow().actions().get(0);

    // Default, then trigger ("quarantine"), then run ("keep"): the run's wins, in the default's
    // place; a new argument comes last.
    assertThat(workflow.arguments(hourly))
        .containsExactly(
            Map.entry("--lake", "lake"),
            Map.entry("--late-policy", "keep"),
            Map.entry("--reprocess-all", "true"));
    assertThat(workflow.arguments(start))
        .containsExactly(
            Map.entry("--lake", "lake"),
            Map.entry("--late-policy", "keep"),
            Map.entry("--reprocess-all", "true"));
    assertThat(workflow.arguments(curate)).isEmpty();
    assertThat(workflow.job("ingest").defaultArguments())
        .containsEntry("--late-policy", "keep")
        .doesNotContainKey("--reprocess-all");
  }

  @Test
  void runArgumentsNameJobsOfTheWorkflow() {
    WorkflowDefinition workflow = WorkflowDefinition.parse(VALID, "test.json");
    assertThatThrownBy(() -> workflow.withRunArguments(Map.of("load", Map.of("--lake", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no job 'load'");
    assertThatThrownBy(() -> workflow.withRunArguments(Map.of("ingest", Map.of("lake", "x"))))
        .hasMessageContaining("'lake' is not an argument name");
  }

  @Test
  void oneConditionNeedsNoLogical() {
    WorkflowDefinition workflow = parse(without(VALID, "/triggers/2/predicate/logical"));
    assertThat(workflow.trigger("after-ingest").orElseThrow().predicate().orElseThrow().logical())
        .isEqualTo(Logical.AND);
  }

  @Test
  void theDefinitionIsImmutable() {
    WorkflowDefinition workflow = WorkflowDefinition.parse(VALID, "test.json");
    assertThatThrownBy(() -> workflow.jobs().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> workflow.job("ingest").defaultArguments().put("--x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> workflow.triggers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Refusing invalid definitions

  static Stream<Arguments> invalid() {
    return Stream.of(
        // unknown names
        arguments(
            "/triggers/0/actions/0/job_name",
            "\"ingst\"",
            "triggers[0].actions[0].job_name",
            "'ingst' is not a job of this workflow. Use one of ingest, curate"),
        arguments(
            "/triggers/2/predicate/conditions/0/job_name",
            "\"load\"",
            "triggers[2].predicate.conditions[0].job_name",
            "'load' is not a job of this workflow"),
        arguments(
            "/jobs/curate/command",
            "\"curat\"",
            "jobs.curate.command",
            "'curat' is not a command of this project. Use one of ingest, curate, load"),
        // types and states
        arguments(
            "/triggers/0/type",
            "\"WEEKLY\"",
            "triggers[0].type",
            "'WEEKLY' is not one of SCHEDULED, CONDITIONAL, ON_DEMAND"),
        arguments(
            "/triggers/0/type",
            "\"EVENT\"",
            "triggers[0].type",
            "'EVENT' is a Glue value this workflow does not support"),
        arguments("/triggers/0/type", "\"on_demand\"", "triggers[0].type", "(upper case)"),
        arguments(
            "/triggers/2/predicate/conditions/0/state",
            "\"SUCCESS\"",
            "triggers[2].predicate.conditions[0].state",
            "'SUCCESS' is not one of SUCCEEDED, FAILED, STOPPED, TIMEOUT"),
        arguments(
            "/triggers/2/predicate/logical",
            "\"OR\"",
            "triggers[2].predicate.logical",
            "'OR' is not one of AND, ANY"),
        arguments(
            "/triggers/2/predicate/conditions/0/logical_operator",
            "\"NOT_EQUALS\"",
            "triggers[2].predicate.conditions[0].logical_operator",
            "Glue knows only EQUALS"),
        // schedules
        arguments(
            "/triggers/1/schedule",
            "\"cron(61 * * * ? *)\"",
            "triggers[1].schedule",
            "the minutes field '61' has 61, outside 0-59"),
        arguments(
            "/triggers/1/schedule",
            "\"cron(0 12 * * MON *)\"",
            "triggers[1].schedule",
            "are both set; AWS needs ? in one of them"),
        arguments(
            "/triggers/1/schedule",
            "\"cron(0 12 * * *)\"",
            "triggers[1].schedule",
            "has 5 field(s)"),
        arguments(
            "/triggers/1/schedule",
            "\"15 * * * ? *\"",
            "triggers[1].schedule",
            "is not wrapped in cron(...)"),
        arguments(
            "/triggers/1/schedule",
            "\"rate(1 hour)\"",
            "triggers[1].schedule",
            "is a rate expression"),
        arguments(
            "/triggers/1/schedule",
            "\"cron(0/1 * * * ? *)\"",
            "triggers[1].schedule",
            "can fire 1 minute(s) apart; Glue schedules fire at most every 5 minutes"),
        arguments(
            "/triggers/1/schedule",
            "\"cron(0 0 30 2 ? *)\"",
            "triggers[1].schedule",
            "never fires"),
        arguments("/triggers/1/schedule", "REMOVE", "triggers[1].schedule", "is missing. Add it"),
        arguments(
            "/triggers/0/schedule",
            "\"cron(15 * * * ? *)\"",
            "triggers[0].schedule",
            "is set on this ON_DEMAND trigger; only SCHEDULED triggers have a schedule"),
        arguments("/triggers/1/schedule", "15", "triggers[1].schedule", "not a string"),
        // predicates
        arguments("/triggers/2/predicate", "REMOVE", "triggers[2].predicate", "is missing. Add it"),
        arguments(
            "/triggers/1/predicate",
            "{\"conditions\": [{\"job_name\": \"ingest\", \"state\": \"FAILED\"}]}",
            "triggers[1].predicate",
            "only CONDITIONAL triggers have a predicate"),
        arguments(
            "/triggers/2/predicate",
            "{\"conditions\": [{\"job_name\": \"ingest\", \"state\": \"FAILED\"},"
                + " {\"job_name\": \"ingest\", \"state\": \"TIMEOUT\"}]}",
            "triggers[2].predicate.logical",
            "is missing, which Glue allows only with one condition"),
        arguments(
            "/triggers/2/predicate/conditions",
            "[]",
            "triggers[2].predicate.conditions",
            "lists no condition"),
        arguments(
            "/triggers/2/actions/0/job_name",
            "\"ingest\"",
            "triggers[2].actions[0].job_name",
            "'ingest' is both watched by the predicate and started by the trigger"),
        // actions and arguments
        arguments("/triggers/0/actions", "[]", "triggers[0].actions", "lists no action"),
        arguments("/triggers/0/actions", "REMOVE", "triggers[0].actions", "is missing"),
        arguments(
            "/jobs/ingest/default_arguments/lake",
            "\"lake\"",
            "jobs.ingest.default_arguments[\"lake\"]",
            "Glue argument names start with --. Write \"--lake\""),
        arguments(
            "/triggers/1/actions/0/arguments/--late-policy",
            "3",
            "triggers[1].actions[0].arguments[\"--late-policy\"]",
            "is the number 3; Glue takes only strings here"),
        arguments(
            "/workflow/default_run_properties",
            "[\"a\"]",
            "workflow.default_run_properties",
            "is a list, not an object"),
        // names, fields and flags
        arguments(
            "/triggers/1/name",
            "\"start\"",
            "triggers[1].name",
            "'start' names an earlier trigger too"),
        arguments("/triggers/0/name", "\"my trigger\"", "triggers[0].name", "is not a usable name"),
        arguments(
            "/triggers/0/start_on_creaton",
            "true",
            "triggers[0].start_on_creaton",
            "is not a field here. Remove it or use one of name, type"),
        arguments(
            "/triggers/0/start_on_creation",
            "true",
            "triggers[0].start_on_creation",
            "is true on an ON_DEMAND trigger, which Glue refuses"),
        arguments(
            "/triggers/1/start_on_creation",
            "\"yes\"",
            "triggers[1].start_on_creation",
            "is the string \"yes\", not true or false"),
        arguments(
            "/workflow/max_concurrent_runs",
            "0",
            "workflow.max_concurrent_runs",
            "not a positive whole number"),
        arguments("/workflow/name", "REMOVE", "workflow.name", "is missing"),
        arguments("/jobs", "{}", "jobs", "has no jobs"),
        arguments("/jobs/ingest", "[]", "jobs.ingest", "is a list, not an object"),
        arguments("/extra", "1", "extra", "is not a field here"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalid")
  void refusesAnInvalidDefinitionNamingTheJsonPath(
      String pointer, String value, String path, String problem) {
    String json = value.equals("REMOVE") ? without(VALID, pointer) : with(VALID, pointer, value);
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.json: " + path + ": ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("test.json: " + path));
  }

  @Test
  void refusesAWorkflowThatNothingStarts() {
    String json = without(without(VALID, "/triggers/1"), "/triggers/0");
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.json: triggers: ")
        .hasMessageContaining("has no ON_DEMAND or SCHEDULED trigger");
  }

  @Test
  void refusesJsonThatIsNotJson() {
    assertThatThrownBy(() -> parse("{\"workflow\": {\"name\": \"wf\",}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.json: is not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse(""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> parse("[]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a list, not an object");
  }

  @Test
  void refusesAJobNamedTwice() {
    String twice =
        VALID.replace(
            "\"curate\": {\"command\": \"curate\"}",
            "\"curate\": {\"command\": \"curate\"}, \"curate\": {\"command\": \"curate\"}");
    assertThatThrownBy(() -> parse(twice))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("Duplicate field 'curate'");
  }

  @Test
  void aMissingFileSaysWhereTheProjectsIs(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope.json");
    assertThatThrownBy(() -> WorkflowDefinition.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(missing + ": no workflow definition there")
        .hasMessageContaining("workflow/medallion.json");
  }

  @Test
  void loadNamesTheFileInEveryMessage(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("wf.json");
    Files.writeString(file, with(VALID, "/triggers/1/schedule", "\"cron(0 0 * * * *)\""));
    assertThatThrownBy(() -> WorkflowDefinition.load(file))
        .hasMessageStartingWith(file + ": triggers[1].schedule: ");
  }

  // ---------------------------------------------------------------------------------------------
  // Choosing the start trigger

  @Test
  void startsFromTheOnDemandTriggerOrTheNamedOne() {
    WorkflowDefinition workflow = parse(VALID);
    assertThat(workflow.startTrigger(Optional.empty()).name()).isEqualTo("start");
    assertThat(workflow.startTrigger(Optional.of("hourly")).name()).isEqualTo("hourly");
  }

  @Test
  void refusesToStartFromAConditionalOrUnknownTrigger() {
    WorkflowDefinition workflow = parse(VALID);
    assertThatThrownBy(() -> workflow.startTrigger(Optional.of("after-ingest")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is CONDITIONAL")
        .hasMessageContaining("Name one of start, hourly");
    assertThatThrownBy(() -> workflow.startTrigger(Optional.of("nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has no trigger 'nope'");
  }

  @Test
  void withoutAnOnDemandTriggerTheStartMustBeNamed() {
    WorkflowDefinition workflow = parse(without(VALID, "/triggers/0"));
    assertThatThrownBy(() -> workflow.startTrigger(Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 0 ON_DEMAND triggers")
        .hasMessageContaining("one of hourly");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static WorkflowDefinition parse(String json) {
    return WorkflowDefinition.parse(json, "test.json");
  }

  /** The JSON with the value at the pointer set (added when missing). */
  static String with(String json, String pointer, String value) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode parent = root.at(at.head());
      JsonNode node = JSON.readTree(value);
      if (parent instanceof ArrayNode array) {
        array.set(at.last().getMatchingIndex(), node);
      } else {
        ((ObjectNode) parent).set(at.last().getMatchingProperty(), node);
      }
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JSON without the value at the pointer. */
  static String without(String json, String pointer) {
    try {
      JsonNode root = JSON.readTree(json);
      JsonPointer at = JsonPointer.compile(pointer);
      JsonNode parent = root.at(at.head());
      if (parent instanceof ArrayNode array) {
        array.remove(at.last().getMatchingIndex());
      } else {
        ((ObjectNode) parent).remove(at.last().getMatchingProperty());
      }
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
