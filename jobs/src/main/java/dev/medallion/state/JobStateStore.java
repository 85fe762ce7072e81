package dev.medallion.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medallion.config.ConfigException;
import dev.medallion.lake.HadoopFiles;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;

/**
 * Keeps each job's state under {@code <lake>/_state/<job>/}: every committed version as its own
 * file ({@code state-<version>.json}, never rewritten, the highest is current, older ones allow a
 * rewind) and the plan of the run in progress ({@code plan.json}). Works on any Hadoop file system.
 */
public final class JobStateStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HadoopFiles files;
  private final String dir;
  private final String job;

  public JobStateStore(HadoopFiles files, String lakeUri, String job) {
    this.files = files;
    this.dir = lakeUri + "/_state/" + job;
    this.job = job;
  }

  /** The current committed state, or the initial one. */
  public JobState current() {
    return files.list(dir).stream()
        .filter(n -> n.startsWith("state-") && n.endsWith(".json"))
        .max(Comparator.comparingLong(JobStateStore::versionOf))
        .map(n -> read(dir + "/" + n, JobState.class))
        .orElse(JobState.initial(job));
  }

  /**
   * Commits {@code state} as the next version. Fails if another run committed that version first:
   * two runs of one job must not both commit.
   */
  public void commit(JobState state) {
    String path = dir + "/" + fileName(state.version());
    if (files.exists(path)) {
      throw new IllegalStateException(
          "state version "
              + state.version()
              + " of job "
              + job
              + " was committed by another run while this one ran; this run's commit is refused."
              + " Run one job at a time; run the job again to pick up what is left.");
    }
    files.writeString(path, write(state));
    files.delete(dir + "/plan.json", false);
  }

  /**
   * Where the next run starts: the plan of a run that did not finish, to be done again, or else the
   * number of a new run. A plan left by some other state (a stale one) is discarded, and the new
   * run is numbered past it: a run number is never used twice, since the tables' transaction ids
   * would skip the second run's writes.
   */
  public Resume resume(JobState state) {
    Optional<RunPlan> pending = pendingPlan();
    if (pending.isPresent()) {
      RunPlan p = pending.get();
      if (p.baseVersion() == state.version() && p.run() == state.lastRun() + 1) {
        return new Resume(Optional.of(p), p.run());
      }
      // Left in place until the new run's plan replaces it, so that its number is never forgotten.
      return new Resume(Optional.empty(), Math.max(state.lastRun(), p.run()) + 1);
    }
    return new Resume(Optional.empty(), state.lastRun() + 1);
  }

  /** The plan to do again, if any, and otherwise the number of the next run. */
  public record Resume(Optional<RunPlan> unfinished, long nextRun) {
    /**
     * The unfinished run to do again, if any. A rebuild asked for now ({@code flag}) is not mixed
     * into a run planned without one: that is refused, and the message says how to go on.
     */
    public Optional<RunPlan> toRedo(boolean rebuildAsked, String flag, String command) {
      unfinished.ifPresent(
          plan -> {
            if (rebuildAsked && !plan.reprocessAll()) {
              throw new ConfigException(
                  flag,
                  plan.job()
                      + " run "
                      + plan.runId()
                      + " did not finish and must be completed first",
                  "run '" + command + "' once without " + flag + ", then again with it");
            }
          });
      return unfinished;
    }
  }

  public Optional<RunPlan> pendingPlan() {
    String path = dir + "/plan.json";
    return files.exists(path) ? Optional.of(read(path, RunPlan.class)) : Optional.empty();
  }

  public void savePlan(RunPlan plan) {
    files.writeString(dir + "/plan.json", write(plan));
  }

  public void discardPlan() {
    files.delete(dir + "/plan.json", false);
  }

  static String fileName(long version) {
    return String.format("state-%020d.json", version);
  }

  private static long versionOf(String name) {
    return Long.parseLong(name.substring("state-".length(), name.length() - ".json".length()));
  }

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T read(String path, Class<T> type) {
    try {
      return JSON.readValue(files.readString(path), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the job state file "
              + path
              + " is not readable JSON ("
              + e.getOriginalMessage()
              + "). It was written by a newer Medallion or damaged. Restore it from a backup or"
              + " the object store's versioning; do not delete it, or runs would be numbered"
              + " again and their writes skipped.",
          e);
    }
  }
}
