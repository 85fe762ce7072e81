package dev.medallion.workflow;

/** The kinds of Glue trigger a workflow definition takes (Glue's Trigger.Type, less EVENT). */
public enum TriggerType {
  /** Fires on a cron schedule and starts a workflow run. */
  SCHEDULED,
  /** Fires inside a workflow run when its predicate holds over that run's job runs. */
  CONDITIONAL,
  /** Fires when started by hand and starts a workflow run. */
  ON_DEMAND;

  /** Whether a trigger of this kind starts a workflow run (rather than firing inside one). */
  public boolean startsRuns() {
    return this != CONDITIONAL;
  }
}
