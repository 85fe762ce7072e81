package dev.medallion.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medallion.config.ConfigException;
import dev.medallion.lake.HadoopFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each job's state under {@code <lake>/_state/<job>/}, on any Hadoop file system:
 *
 * <ul>
 *   <li>{@code state-<version>.json}: every committed version, never rewritten; the highest is
 *       current, the others allow a rewind and name what each run read;
 *   <li>{@code plan.json}: the plan of the run in progress (or of one that did not finish);
 *   <li>{@code runs/<run>-<attempt>.json}: one claim per run attempt, created exclusively, so that
 *       a run number is never used twice and two attempts of one run cannot both go ahead;
 *   <li>{@code lease.json}: the run that holds the job now ({@link RunLease}).
 * </ul>
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

  public String job() {
    return job;
  }

  public String directory() {
    return dir;
  }

  /** The current committed state, or the initial one. */
  public JobState current() {
    return versions().stream()
        .max(Comparator.naturalOrder())
        .map(this::version)
        .orElse(JobState.initial(job));
  }

  /** The numbers of every committed version, ascending. */
  public List<Long> versions() {
    return files.list(dir).stream()
        .filter(n -> n.startsWith("state-") && n.endsWith(".json"))
        .map(JobStateStore::versionOf)
        .sorted()
        .toList();
  }

  /** A committed version. */
  public JobState version(long version) {
    return read(dir + "/" + fileName(version), JobState.class);
  }

  /** Every committed version, oldest first. */
  public List<JobState> history() {
    return versions().stream().map(this::version).toList();
  }

  /**
   * The version committed by a run, given its id ({@code 000042-20261121T101500Z}) or number.
   *
   * @param flag the option the run was named by, for the error
   */
  public JobState committedBy(String run, String flag) {
    List<JobState> history = history();
    return history.stream()
        .filter(s -> s.committedBy() != null)
        .filter(s -> s.committedBy().equals(run) || isNumber(run, s.lastRun()))
        .reduce((a, b) -> b)
        .orElseThrow(
            () ->
                new ConfigException(
                    flag,
                    "no run '" + run + "' of job " + job + " committed the bookmark",
                    "name a run that moved the bookmark: "
                        + committedRuns(history)
                        + " (see 'medallion bookmarks show --job "
                        + job
                        + "')"));
  }

  private static boolean isNumber(String text, long run) {
    try {
      return Long.parseLong(text) == run;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String committedRuns(List<JobState> history) {
    List<String> runs = history.stream().map(JobState::committedBy).filter(r -> r != null).toList();
    return runs.isEmpty() ? "none has yet" : String.join(", ", runs);
  }

  /**
   * Commits {@code state} as the next version. Fails with a version mismatch if another run
   * committed that version first: two runs of one job must not both move the bookmark.
   */
  public void commit(JobState state) {
    String path = dir + "/" + fileName(state.version());
    if (!files.createNew(path, write(state).getBytes(StandardCharsets.UTF_8))) {
      throw new ConcurrentRunException(
          job,
          state.version() - 1,
          "state version "
              + state.version()
              + " was committed by another run (or a reset or rewind) while this one ran; this"
              + " run's commit is refused and the bookmark is as that run left it. Run one job at"
              + " a time; run the job again to pick up what is left.");
    }
    files.delete(dir + "/plan.json", false);
  }

  /**
   * Where the next run starts: the plan of a run that did not finish, to be done again (as its next
   * attempt), or else the number of a new run. A plan left by some other state (a stale one, e.g.
   * from before a reset) is discarded, and the new run is numbered past every run ever claimed: a
   * run number is never used twice, since the tables' transaction ids would skip the second run's
   * writes.
   */
  public Resume resume(JobState state) {
    long highest = Math.max(state.lastRun(), highestClaimedRun());
    Optional<RunPlan> pending = pendingPlan();
    if (pending.isPresent()) {
      RunPlan p = pending.get();
      if (p.baseVersion() == state.version()) {
        return new Resume(Optional.of(p), p.run());
      }
      return new Resume(Optional.empty(), Math.max(highest, p.run()) + 1);
    }
    return new Resume(Optional.empty(), highest + 1);
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

  /**
   * Claims attempt {@code attempt} of run {@code run}; fails with a version mismatch when another
   * process claimed it first (two runs started from the same state at the same time).
   */
  public void claim(RunPlan plan) {
    String path = dir + "/runs/" + String.format("%020d-%03d.json", plan.run(), plan.attempt());
    String claim =
        write(
            java.util.Map.of(
                "run_id", plan.runId(),
                "attempt", plan.attempt(),
                "base_version", plan.baseVersion(),
                "started_at", plan.startedAt(),
                "bookmark_option", plan.bookmarkOption()));
    if (!files.createNew(path, claim.getBytes(StandardCharsets.UTF_8))) {
      throw new ConcurrentRunException(
          job,
          plan.baseVersion(),
          "attempt "
              + plan.attempt()
              + " of run "
              + plan.run()
              + " was started by another process at the same time. This run is refused and"
              + " wrote nothing. Run one "
              + job
              + " at a time.");
    }
  }

  /** Starts a planned run: claims its attempt and saves its plan, before it writes anything. */
  public void begin(RunPlan plan) {
    claim(plan);
    savePlan(plan);
  }

  /** Starts an unfinished run again, as its next attempt: see {@link #begin}. */
  public RunPlan beginAgain(RunPlan unfinished) {
    RunPlan again = unfinished.withAttempt(highestAttempt(unfinished.run()) + 1);
    begin(again);
    return again;
  }

  /** The highest attempt claimed for {@code run}; 0 when none. */
  public int highestAttempt(long run) {
    String prefix = String.format("%020d-", run);
    return files.list(dir + "/runs").stream()
        .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
        .mapToInt(n -> Integer.parseInt(n.substring(prefix.length(), n.length() - 5)))
        .max()
        .orElse(0);
  }

  private long highestClaimedRun() {
    return files.list(dir + "/runs").stream()
        .filter(n -> n.endsWith(".json") && n.indexOf('-') == 20)
        .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
        .max()
        .orElse(0);
  }

  /** Takes the job's lease for a run; see {@link RunLease}. */
  public RunLease lease(String runId, int attempt, long version) {
    return RunLease.acquire(files, dir, job, runId, attempt, version);
  }

  /** The run holding the job now, if any. */
  public Optional<RunLease.Holder> liveLease() {
    return RunLease.live(files, dir);
  }

  /**
   * Resets the bookmark: the next run reads every file again. Written as a new version, so a rewind
   * can still go back to any earlier one; refused while a run holds the job.
   */
  public JobState reset() {
    return restore(JobState.initial(job), "reset");
  }

  /** Rewinds the bookmark to where run {@code run} (an id or number) left it. */
  public JobState rewind(String run) {
    JobState target = committedBy(run, "--run-id");
    return restore(target, "rewound to after run " + target.committedBy());
  }

  private JobState restore(JobState target, String note) {
    JobState current = current();
    try (RunLease lease = lease(note, 0, current.version())) {
      JobState restored = target.restoredOver(current, note);
      commit(restored);
      return restored;
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
