package dev.medallion.bookmark.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medallion.lake.HadoopFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@link BookmarkStore} on any Hadoop file system (a local directory, S3A): each job's state is
 * kept under {@code <lake>/_state/<job>/}:
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
public final class HadoopBookmarkStore implements BookmarkStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HadoopFiles files;
  private final String dir;
  private final String job;

  public HadoopBookmarkStore(HadoopFiles files, String lakeUri, String job) {
    this.files = files;
    this.dir = lakeUri + "/_state/" + job;
    this.job = job;
  }

  @Override
  public String job() {
    return job;
  }

  @Override
  public String location() {
    return dir;
  }

  /** The numbers of every committed version, ascending. */
  @Override
  public List<Long> versions() {
    return files.list(dir).stream()
        .filter(n -> n.startsWith("state-") && n.endsWith(".json"))
        .map(HadoopBookmarkStore::versionOf)
        .sorted()
        .toList();
  }

  /** A committed version. */
  @Override
  public JobState version(long version) {
    return read(dir + "/" + fileName(version), JobState.class);
  }

  /**
   * Commits {@code state} as the next version. Fails with a version mismatch if another run
   * committed that version first: two runs of one job must not both move the bookmark.
   */
  @Override
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
   * Claims attempt {@code attempt} of run {@code run}; fails with a version mismatch when another
   * process claimed it first (two runs started from the same state at the same time).
   */
  @Override
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

  /** The highest attempt claimed for {@code run}; 0 when none. */
  @Override
  public int highestAttempt(long run) {
    String prefix = String.format("%020d-", run);
    return files.list(dir + "/runs").stream()
        .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
        .mapToInt(n -> Integer.parseInt(n.substring(prefix.length(), n.length() - 5)))
        .max()
        .orElse(0);
  }

  @Override
  public long highestClaimedRun() {
    return files.list(dir + "/runs").stream()
        .filter(n -> n.endsWith(".json") && n.indexOf('-') == 20)
        .mapToLong(n -> Long.parseLong(n.substring(0, 20)))
        .max()
        .orElse(0);
  }

  /** Takes the job's lease for a run; see {@link RunLease}. */
  @Override
  public RunLease lease(String runId, int attempt, long version) {
    return RunLease.acquire(files, dir, job, runId, attempt, version);
  }

  /** The run holding the job now, if any. */
  @Override
  public Optional<RunLease.Holder> liveLease() {
    return RunLease.live(files, dir);
  }

  @Override
  public Optional<RunPlan> pendingPlan() {
    String path = dir + "/plan.json";
    return files.exists(path) ? Optional.of(read(path, RunPlan.class)) : Optional.empty();
  }

  @Override
  public void savePlan(RunPlan plan) {
    files.writeString(dir + "/plan.json", write(plan));
  }

  @Override
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
