package dev.medallion.workflow;

import java.util.Map;

/**
 * Runs one job to completion, the one boundary between the trigger engine and the jobs: the local
 * runner launches the job's command, tests script the outcomes.
 */
@FunctionalInterface
public interface JobLauncher {
  /**
   * Runs a job and returns how it ended. An exception counts as {@link JobRunState#FAILED}.
   *
   * @param jobName the job's name in the workflow definition
   * @param command the command that runs it ({@code ingest}, {@code curate}, ...)
   * @param arguments the job's default arguments overridden by the trigger action's, in order
   */
  JobRunState run(String jobName, String command, Map<String, String> arguments);
}
