package dev.medallion.run;

/**
 * A run that has written its tables and waits for its commit: the job state (the bookmark) moves
 * only when {@link #commit()} is called, as a Glue job's bookmark moves only at {@code
 * Job.commit()}. A run closed without a commit persists nothing: the next run does it again from
 * its plan, and the tables' transaction ids make the writes it already made no-ops.
 */
public final class PendingRun implements AutoCloseable {
  private final RunSummary summary;
  private final Runnable commit;
  private final Runnable release;
  private boolean ended;

  public PendingRun(RunSummary summary, Runnable commit, Runnable release) {
    this.summary = summary;
    this.commit = commit;
    this.release = release;
  }

  /** What the run did, as it will be recorded once committed. */
  public RunSummary summary() {
    return summary;
  }

  /** Commits the job state and records the run's summary; once only. */
  public synchronized RunSummary commit() {
    if (ended) {
      throw new IllegalStateException(
          summary.job() + " run " + summary.runId() + " was already committed or closed");
    }
    ended = true;
    try {
      commit.run();
      return summary;
    } finally {
      release.run();
    }
  }

  /** Ends the run without a commit (nothing persisted), unless it was committed. */
  @Override
  public synchronized void close() {
    if (!ended) {
      ended = true;
      release.run();
    }
  }
}
