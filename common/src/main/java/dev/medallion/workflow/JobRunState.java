package dev.medallion.workflow;

/**
 * How a job run ended: the four job states a Glue conditional trigger can wait for (Glue's
 * Condition.State).
 */
public enum JobRunState {
  SUCCEEDED,
  FAILED,
  STOPPED,
  TIMEOUT
}
