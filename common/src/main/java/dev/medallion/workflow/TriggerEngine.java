package dev.medallion.workflow;

import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Job;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import dev.medallion.workflow.WorkflowRun.JobRun;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a workflow the way AWS Glue does, one job at a time:
 *
 * <ul>
 *   <li>A run starts from one ON_DEMAND or SCHEDULED trigger, which starts its actions' jobs.
 *   <li>When a job run ends, each CONDITIONAL trigger watching that job fires if its predicate
 *       holds over the job runs of <em>this</em> workflow run (the latest run of each job): AND
 *       needs every condition, ANY one. Runs outside the workflow run never count.
 *   <li>So a job that FAILED (or STOPPED, or timed out) starts nothing, unless a trigger waits for
 *       that state.
 *   <li>A trigger fires at most once per workflow run, so even a cycle of triggers ends.
 *   <li>A job runs with its default arguments, overridden by the action's arguments.
 *   <li>The run ends when no job is waiting to run and nothing more can fire.
 * </ul>
 *
 * <p>Glue starts the jobs of one firing concurrently; here they run in the order the actions are
 * listed, and triggers fire in definition order: the same outcome for jobs that do not depend on
 * each other, and a repeatable one.
 */
public final class TriggerEngine {
  private final WorkflowDefinition definition;
  private final JobLauncher launcher;
  private final Listener listener;

  /** Hears what a workflow run does as it happens (for progress output). */
  public interface Listener {
    default void triggerFired(Trigger trigger) {}

    default void jobStarting(int number, Job job, String trigger, Map<String, String> arguments) {}

    default void jobEnded(JobRun run) {}

    Listener NONE = new Listener() {};
  }

  public TriggerEngine(WorkflowDefinition definition, JobLauncher launcher) {
    this(definition, launcher, Listener.NONE);
  }

  public TriggerEngine(WorkflowDefinition definition, JobLauncher launcher, Listener listener) {
    this.definition = definition;
    this.launcher = launcher;
    this.listener = listener;
  }

  /** Runs the workflow from its ON_DEMAND trigger. */
  public WorkflowRun run() {
    return run(Optional.empty());
  }

  /**
   * Runs the workflow from the named ON_DEMAND or SCHEDULED trigger, or without a name from the
   * ON_DEMAND one.
   *
   * @throws dev.medallion.config.ConfigException when there is no such trigger to start from
   */
  public WorkflowRun run(Optional<String> startTrigger) {
    Trigger start = definition.startTrigger(startTrigger);
    Set<String> fired = new LinkedHashSet<>();
    Deque<Started> waiting = new ArrayDeque<>();
    Map<String, JobRunState> latest = new HashMap<>();
    List<JobRun> runs = new ArrayList<>();

    fire(start, fired, waiting);
    while (!waiting.isEmpty()) {
      Started next = waiting.poll();
      JobRun run = launch(runs.size() + 1, next);
      runs.add(run);
      listener.jobEnded(run);
      latest.put(run.jobName(), run.state());
      for (Trigger trigger : definition.triggers(TriggerType.CONDITIONAL)) {
        var predicate = trigger.predicate().orElseThrow();
        if (!fired.contains(trigger.name())
            && predicate.watchedJobs().contains(run.jobName())
            && predicate.holds(latest)) {
          fire(trigger, fired, waiting);
        }
      }
    }
    List<String> unfired =
        definition.triggers(TriggerType.CONDITIONAL).stream()
            .map(Trigger::name)
            .filter(name -> !fired.contains(name))
            .toList();
    return new WorkflowRun(
        definition.workflow().name(), start.name(), runs, List.copyOf(fired), unfired);
  }

  private void fire(Trigger trigger, Set<String> fired, Deque<Started> waiting) {
    fired.add(trigger.name());
    listener.triggerFired(trigger);
    for (Action action : trigger.actions()) {
      waiting.add(new Started(trigger.name(), action));
    }
  }

  private JobRun launch(int number, Started started) {
    Job job = definition.job(started.action().jobName());
    Map<String, String> arguments = definition.arguments(started.action());
    listener.jobStarting(number, job, started.trigger(), arguments);
    JobRunState state;
    Optional<String> error = Optional.empty();
    try {
      state = launcher.run(job.name(), job.command(), arguments);
      if (state == null) {
        state = JobRunState.FAILED;
        error = Optional.of("the launcher returned no state");
      }
    } catch (RuntimeException e) {
      // A job that throws has failed, as on Glue; its FAILED state may start other jobs.
      state = JobRunState.FAILED;
      error = Optional.of(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }
    return new JobRun(
        number, job.name(), job.command(), started.trigger(), arguments, state, error);
  }

  /** A job an action started, waiting for its turn. */
  private record Started(String trigger, Action action) {}
}
