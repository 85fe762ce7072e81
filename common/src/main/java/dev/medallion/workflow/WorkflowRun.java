package dev.medallion.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a workflow did: the trigger it started from, the job runs in the order they ran
 * and the triggers that fired.
 *
 * @param workflowName the workflow's name
 * @param startTrigger the ON_DEMAND or SCHEDULED trigger the run started from
 * @param jobRuns every job run, in the order they ran
 * @param firedTriggers the triggers that fired, in the order they fired (the start trigger first)
 * @param unfiredTriggers the CONDITIONAL triggers that did not fire, in definition order
 */
public record WorkflowRun(
    String workflowName,
    String startTrigger,
    List<JobRun> jobRuns,
    List<String> firedTriggers,
    List<String> unfiredTriggers) {

  public WorkflowRun {
    jobRuns = List.copyOf(jobRuns);
    firedTriggers = List.copyOf(firedTriggers);
    unfiredTriggers = List.copyOf(unfiredTriggers);
  }

  /** Whether every job run succeeded. */
  public boolean succeeded() {
    return jobRuns.stream().allMatch(r -> r.state() == JobRunState.SUCCEEDED);
  }

  /** The job runs that did not succeed. */
  public List<JobRun> unsuccessful() {
    return jobRuns.stream().filter(r -> r.state() != JobRunState.SUCCEEDED).toList();
  }

  /** How the latest run of each job that ran ended. */
  public Map<String, JobRunState> latestStates() {
    Map<String, JobRunState> latest = new LinkedHashMap<>();
    jobRuns.forEach(r -> latest.put(r.jobName(), r.state()));
    return Collections.unmodifiableMap(latest);
  }

  /**
   * One job run inside a workflow run.
   *
   * @param number its place in the workflow run, from 1
   * @param jobName the job
   * @param command the command that ran it
   * @param trigger the trigger whose action started it
   * @param arguments the arguments it ran with (defaults overridden by the action's)
   * @param state how it ended
   * @param error why it failed, when the launcher threw
   */
  public record JobRun(
      int number,
      String jobName,
      String command,
      String trigger,
      Map<String, String> arguments,
      JobRunState state,
      Optional<String> error) {
    public JobRun {
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
  }
}
