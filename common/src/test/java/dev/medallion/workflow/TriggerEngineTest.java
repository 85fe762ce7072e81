package dev.medallion.workflow;

import static dev.medallion.workflow.JobRunState.FAILED;
import static dev.medallion.workflow.JobRunState.STOPPED;
import static dev.medallion.workflow.JobRunState.SUCCEEDED;
import static dev.medallion.workflow.JobRunState.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import dev.medallion.workflow.WorkflowDefinition.Job;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import dev.medallion.workflow.WorkflowRun.JobRun;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Glue's trigger rules, run over small workflows with a scripted launcher: jobs a, b, c and d, the
 * start trigger {@code start} and conditional triggers written as {@code "a SUCCEEDED AND b
 * SUCCEEDED -> c"}.
 */
class TriggerEngineTest {

  // ---------------------------------------------------------------------------------------------
  // AND and ANY

  @Test
  void andWaitsForEveryCondition() {
    var workflow = workflow(List.of("a", "b"), "a SUCCEEDED AND b SUCCEEDED -> c");

    var allSucceed = new Scripted();
    assertThat(ran(new TriggerEngine(workflow, allSucceed).run())).containsExactly("a", "b", "c");

    var oneFails = new Scripted().then("b", FAILED);
    WorkflowRun run = new TriggerEngine(workflow, oneFails).run();
    assertThat(ran(run)).containsExactly("a", "b");
    assertThat(run.unfiredTriggers()).containsExactly("t1");
    assertThat(run.succeeded()).isFalse();
  }

  @Test
  void anyNeedsOneConditionAndFiresOnce() {
    var workflow = workflow(List.of("a", "b"), "a SUCCEEDED ANY b SUCCEEDED -> c");

    var firstFails = new Scripted().then("a", FAILED);
    assertThat(ran(new TriggerEngine(workflow, firstFails).run())).containsExactly("a", "b", "c");

    // Both succeed: the trigger fires after a, and not again after b.
    WorkflowRun run = new TriggerEngine(workflow, new Scripted()).run();
    assertThat(ran(run)).containsExactly("a", "b", "c");
    assertThat(run.firedTriggers()).containsExactly("start", "t1");

    var bothFail = new Scripted().then("a", FAILED).then("b", FAILED);
    assertThat(ran(new TriggerEngine(workflow, bothFail).run())).containsExactly("a", "b");
  }

  @Test
  void andOverTwoStatesOfOneJobNeverHolds() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED AND a FAILED -> b");
    assertThat(ran(new TriggerEngine(workflow, new Scripted()).run())).containsExactly("a");
  }

  // ---------------------------------------------------------------------------------------------
  // Failures

  @Test
  void aFailedJobStopsItsSuccessors() {
    var workflow =
        workflow(List.of("a"), "a SUCCEEDED -> b", "b SUCCEEDED -> c", "c SUCCEEDED -> d");
    var launcher = new Scripted().then("b", FAILED);

    WorkflowRun run = new TriggerEngine(workflow, launcher).run();

    assertThat(ran(run)).containsExactly("a", "b");
    assertThat(run.unsuccessful()).extracting(JobRun::jobName).containsExactly("b");
    assertThat(run.firedTriggers()).containsExactly("start", "t1");
    assertThat(run.unfiredTriggers()).containsExactly("t2", "t3");
    assertThat(run.latestStates()).containsEntry("a", SUCCEEDED).containsEntry("b", FAILED);
  }

  @Test
  void aTriggerWaitingForFailedFiresWhenTheJobFails() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b", "a FAILED -> c");

    WorkflowRun failed = new TriggerEngine(workflow, new Scripted().then("a", FAILED)).run();
    assertThat(ran(failed)).containsExactly("a", "c");
    assertThat(failed.firedTriggers()).containsExactly("start", "t2");

    WorkflowRun succeeded = new TriggerEngine(workflow, new Scripted()).run();
    assertThat(ran(succeeded)).containsExactly("a", "b");
  }

  @Test
  void stoppedAndTimeoutAreStatesOfTheirOwn() {
    var workflow = workflow(List.of("a"), "a FAILED -> b", "a STOPPED -> c", "a TIMEOUT -> d");
    assertThat(ran(new TriggerEngine(workflow, new Scripted().then("a", TIMEOUT)).run()))
        .containsExactly("a", "d");
    assertThat(ran(new TriggerEngine(workflow, new Scripted().then("a", STOPPED)).run()))
        .containsExactly("a", "c");
  }

  @Test
  void aLauncherThatThrowsIsAFailedRun() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b", "a FAILED -> c");
    JobLauncher throwing =
        (job, command, args) -> {
          if (job.equals("a")) {
            throw new IllegalStateException("landing not found");
          }
          return SUCCEEDED;
        };

    WorkflowRun run = new TriggerEngine(workflow, throwing).run();

    assertThat(ran(run)).containsExactly("a", "c");
    assertThat(run.jobRuns().get(0).state()).isEqualTo(FAILED);
    assertThat(run.jobRuns().get(0).error()).contains("landing not found");
    assertThat(run.jobRuns().get(1).error()).isEmpty();
  }

  @Test
  void aLauncherThatReturnsNothingIsAFailedRun() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b");
    WorkflowRun run = new TriggerEngine(workflow, (job, command, args) -> null).run();
    assertThat(run.jobRuns()).singleElement().extracting(JobRun::state).isEqualTo(FAILED);
  }

  // ---------------------------------------------------------------------------------------------
  // Only this workflow run's job runs count

  @Test
  void aJobRunOutsideTheWorkflowRunDoesNotSatisfyACondition() {
    // b succeeds in one workflow run; a later run that starts only a must not see it.
    var workflow =
        WorkflowDefinition.parse(
            definition(
                List.of(
                    onDemand("start-a", "a"),
                    onDemand("start-b", "b"),
                    conditional("t1", "a SUCCEEDED AND b SUCCEEDED -> c"))),
            "test.json");
    var launcher = new Scripted();
    var engine = new TriggerEngine(workflow, launcher);

    WorkflowRun first = engine.run(Optional.of("start-b"));
    WorkflowRun second = engine.run(Optional.of("start-a"));

    assertThat(ran(first)).containsExactly("b");
    assertThat(ran(second)).containsExactly("a");
    assertThat(second.unfiredTriggers()).containsExactly("t1");
    assertThat(launcher.calls).extracting(Call::job).containsExactly("b", "a");
  }

  @Test
  void aJobTheWorkflowNeverStartsKeepsAnAndTriggerFromFiring() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED AND b SUCCEEDED -> c");
    assertThat(ran(new TriggerEngine(workflow, new Scripted()).run())).containsExactly("a");
  }

  // ---------------------------------------------------------------------------------------------
  // Once per run; cycles

  @Test
  void eachTriggerFiresAtMostOncePerRun() {
    // The start trigger runs a twice; the trigger after a fires after the first only.
    var workflow = workflow(List.of("a", "a"), "a SUCCEEDED -> b");
    WorkflowRun run = new TriggerEngine(workflow, new Scripted()).run();
    assertThat(ran(run)).containsExactly("a", "a", "b");
    assertThat(run.firedTriggers()).containsExactly("start", "t1");
  }

  @Test
  void theLatestRunOfAJobDecides() {
    // a runs twice: it fails, then succeeds; the FAILED trigger fired after the first run,
    // the SUCCEEDED one fires after the second.
    var workflow = workflow(List.of("a", "a"), "a FAILED -> b", "a SUCCEEDED -> c");
    var launcher = new Scripted().then("a", FAILED, SUCCEEDED);
    assertThat(ran(new TriggerEngine(workflow, launcher).run()))
        .containsExactly("a", "a", "b", "c");
  }

  @Test
  void aCycleOfTriggersEnds() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b", "b SUCCEEDED -> a");
    WorkflowRun run = new TriggerEngine(workflow, new Scripted()).run();
    assertThat(ran(run)).containsExactly("a", "b", "a");
    assertThat(run.firedTriggers()).containsExactly("start", "t1", "t2");
    assertThat(run.unfiredTriggers()).isEmpty();
  }

  @Test
  void aSelfFeedingFailureLoopEndsToo() {
    var workflow = workflow(List.of("a"), "a FAILED -> b", "b FAILED -> a");
    var launcher = new Scripted().then("a", FAILED, FAILED, FAILED).then("b", FAILED, FAILED);
    assertThat(ran(new TriggerEngine(workflow, launcher).run())).containsExactly("a", "b", "a");
  }

  // ---------------------------------------------------------------------------------------------
  // Arguments

  @Test
  void actionArgumentsOverrideJobDefaults() {
    String json =
        """
        {
          "workflow": {"name": "wf"},
          "jobs": {
            "ingest": {"command": "ingest", "default_arguments": {
              "--landing": "landing", "--lake": "lake", "--late-policy": "keep"}},
            "curate": {"command": "curate", "default_arguments": {"--lake": "lake"}}
          },
          "triggers": [
            {"name": "start", "type": "ON_DEMAND", "actions": [
              {"job_name": "ingest", "arguments": {"--late-policy": "quarantine", "--extra": "x"}}]},
            {"name": "hourly", "type": "SCHEDULED", "schedule": "cron(15 * * * ? *)",
             "actions": [{"job_name": "ingest"}]},
            {"name": "then", "type": "CONDITIONAL",
             "predicate": {"conditions": [{"job_name": "ingest", "state": "SUCCEEDED"}]},
             "actions": [{"job_name": "curate", "arguments": {"--lake": "elsewhere"}}]}
          ]
        }
        """;
    var workflow = WorkflowDefinition.parse(json, "test.json");
    var launcher = new Scripted();

    new TriggerEngine(workflow, launcher).run();
    new TriggerEngine(workflow, launcher).run(Optional.of("hourly"));

    assertThat(launcher.calls)
        .containsExactly(
            new Call(
                "ingest",
                "ingest",
                ordered(
                    "--landing",
                    "landing",
                    "--lake",
                    "lake",
                    "--late-policy",
                    "quarantine",
                    "--extra",
                    "x")),
            new Call("curate", "curate", ordered("--lake", "elsewhere")),
            new Call(
                "ingest",
                "ingest",
                ordered("--landing", "landing", "--lake", "lake", "--late-policy", "keep")),
            new Call("curate", "curate", ordered("--lake", "elsewhere")));
    // The order of the arguments is kept: defaults first, in place when overridden.
    assertThat(launcher.calls.get(0).arguments().keySet())
        .containsExactly("--landing", "--lake", "--late-policy", "--extra");
  }

  @Test
  void theRunRecordsWhatStartedEachJob() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b");
    WorkflowRun run = new TriggerEngine(workflow, new Scripted()).run();
    assertThat(run.workflowName()).isEqualTo("wf");
    assertThat(run.startTrigger()).isEqualTo("start");
    assertThat(run.jobRuns())
        .extracting(JobRun::number, JobRun::jobName, JobRun::command, JobRun::trigger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "a", "ingest", "start"),
            org.assertj.core.groups.Tuple.tuple(2, "b", "ingest", "t1"));
    assertThat(run.succeeded()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Where a run starts

  @Test
  void startsFromANamedScheduledTrigger() {
    String json =
        definition(
            List.of(
                onDemand("start", "a"),
                "{\"name\": \"nightly\", \"type\": \"SCHEDULED\", \"schedule\": \"cron(0 2 * * ? *)\","
                    + " \"actions\": [{\"job_name\": \"b\"}]}",
                conditional("t1", "b SUCCEEDED -> c")));
    var workflow = WorkflowDefinition.parse(json, "test.json");
    assertThat(ran(new TriggerEngine(workflow, new Scripted()).run(Optional.of("nightly"))))
        .containsExactly("b", "c");
  }

  @Test
  void refusesToStartFromAConditionalTrigger() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b");
    var launcher = new Scripted();
    assertThatThrownBy(() -> new TriggerEngine(workflow, launcher).run(Optional.of("t1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'t1' is CONDITIONAL");
    assertThat(launcher.calls).isEmpty();
  }

  @Test
  void theListenerHearsEachStepInOrder() {
    var workflow = workflow(List.of("a"), "a SUCCEEDED -> b");
    List<String> heard = new ArrayList<>();
    var listener =
        new TriggerEngine.Listener() {
          @Override
          public void triggerFired(Trigger trigger) {
            heard.add("fired " + trigger.name());
          }

          @Override
          public void jobStarting(
              int number, Job job, String trigger, Map<String, String> arguments) {
            heard.add("start " + number + " " + job.name() + " by " + trigger);
          }

          @Override
          public void jobEnded(JobRun run) {
            heard.add("end " + run.number() + " " + run.state());
          }
        };
    new TriggerEngine(workflow, new Scripted(), listener).run();
    assertThat(heard)
        .containsExactly(
            "fired start",
            "start 1 a by start",
            "end 1 SUCCEEDED",
            "fired t1",
            "start 2 b by t1",
            "end 2 SUCCEEDED");
  }

  // ---------------------------------------------------------------------------------------------
  // Building workflows

  /**
   * A workflow of jobs a-d (each runs {@code ingest}), an ON_DEMAND trigger {@code start} that
   * starts {@code starts}, and conditional triggers t1, t2, ... written as {@code "a SUCCEEDED AND
   * b FAILED -> c"}.
   */
  static WorkflowDefinition workflow(List<String> starts, String... conditionals) {
    List<String> triggers = new ArrayList<>();
    triggers.add(onDemand("start", starts.toArray(String[]::new)));
    for (int i = 0; i < conditionals.length; i++) {
      triggers.add(conditional("t" + (i + 1), conditionals[i]));
    }
    return WorkflowDefinition.parse(definition(triggers), "test.json");
  }

  static String definition(List<String> triggers) {
    return """
        {"workflow": {"name": "wf"},
         "jobs": {"a": {"command": "ingest"}, "b": {"command": "ingest"},
                  "c": {"command": "ingest"}, "d": {"command": "ingest"}},
         "triggers": [%s]}
        """
        .formatted(String.join(",\n", triggers));
  }

  static String onDemand(String name, String... jobs) {
    return "{\"name\": \""
        + name
        + "\", \"type\": \"ON_DEMAND\", \"actions\": ["
        + Arrays.stream(jobs)
            .map(j -> "{\"job_name\": \"" + j + "\"}")
            .collect(Collectors.joining(", "))
        + "]}";
  }

  /** {@code "a SUCCEEDED AND b FAILED -> c"} as a CONDITIONAL trigger. */
  static String conditional(String name, String rule) {
    String[] sides = rule.split("->");
    String[] words = sides[0].trim().split("\\s+");
    List<String> conditions = new ArrayList<>();
    String logical = null;
    for (int i = 0; i < words.length; i += 3) {
      conditions.add("{\"job_name\": \"" + words[i] + "\", \"state\": \"" + words[i + 1] + "\"}");
      if (i + 2 < words.length) {
        logical = words[i + 2];
      }
    }
    return "{\"name\": \""
        + name
        + "\", \"type\": \"CONDITIONAL\", \"predicate\": {"
        + (logical == null ? "" : "\"logical\": \"" + logical + "\", ")
        + "\"conditions\": ["
        + String.join(", ", conditions)
        + "]}, \"actions\": [{\"job_name\": \""
        + sides[1].trim()
        + "\"}]}";
  }

  static List<String> ran(WorkflowRun run) {
    return run.jobRuns().stream().map(JobRun::jobName).toList();
  }

  static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  record Call(String job, String command, Map<String, String> arguments) {}

  /** A launcher whose jobs end as scripted, in turn (SUCCEEDED once the script runs out). */
  static final class Scripted implements JobLauncher {
    final Map<String, Deque<JobRunState>> outcomes = new HashMap<>();
    final List<Call> calls = new ArrayList<>();

    Scripted then(String job, JobRunState... states) {
      outcomes.computeIfAbsent(job, j -> new ArrayDeque<>()).addAll(Arrays.asList(states));
      return this;
    }

    @Override
    public JobRunState run(String jobName, String command, Map<String, String> arguments) {
      calls.add(new Call(jobName, command, arguments));
      Deque<JobRunState> script = outcomes.get(jobName);
      return script == null || script.isEmpty() ? SUCCEEDED : script.poll();
    }
  }
}
