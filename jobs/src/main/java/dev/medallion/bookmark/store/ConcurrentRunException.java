package dev.medallion.bookmark.store;

/**
 * A job bookmark version mismatch: another run of the same job holds the job, or committed the
 * state version this run was to commit. As on Glue, the run fails; here it fails before it writes
 * anything, or at its commit without moving the bookmark.
 */
public final class ConcurrentRunException extends IllegalStateException {
  private final String job;
  private final long version;

  public ConcurrentRunException(String job, long version, String detail) {
    super(
        "job bookmark version mismatch for job " + job + " at version " + version + ": " + detail);
    this.job = job;
    this.version = version;
  }

  public String job() {
    return job;
  }

  /** The state version this run started from. */
  public long version() {
    return version;
  }
}
