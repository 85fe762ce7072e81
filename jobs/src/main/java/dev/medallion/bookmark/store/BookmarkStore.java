package dev.medallion.bookmark.store;

import dev.medallion.config.ConfigException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where one job keeps its bookmark ({@link JobState}, one version per commit), the plan of the run
 * in progress, one claim per run attempt and the lease of the run that holds the job. The abstract
 * methods are the storage, which an implementation supplies ({@link HadoopBookmarkStore}: files
 * under the lake); the default methods are the rules over it (where the next run starts, reset and
 * rewind), written once. The rules of the bookmark itself (which files a run reads) are pure, in
 * {@code common}'s {@code dev.medallion.bookmark}.
 */
public interface BookmarkStore {

  /** The job whose state this is. */
  String job();

  /** Where the state is kept, for messages. */
  String location();

  /** The numbers of every committed version, ascending. */
  List<Long> versions();

  /** A committed version. */
  JobState version(long version);

  /**
   * Commits {@code state} as the next version and drops the plan of the run. Fails with {@link
   * ConcurrentRunException} if another run committed that version first: two runs of one job must
   * not both move the bookmark.
   */
  void commit(JobState state);

  /**
   * Claims attempt {@code plan.attempt()} of run {@code plan.run()}; fails with {@link
   * ConcurrentRunException} when another process claimed it first.
   */
  void claim(RunPlan plan);

  /** The highest attempt claimed for {@code run}; 0 when none. */
  int highestAttempt(long run);

  /** The highest run number ever claimed; 0 when none. */
  long highestClaimedRun();

  /** Takes the job's lease for a run; see {@link RunLease}. */
  RunLease lease(String runId, int attempt, long version);

  /** The run holding the job now, if any. */
  Optional<RunLease.Holder> liveLease();

  /** The plan of the run in progress, or of one that did not finish. */
  Optional<RunPlan> pendingPlan();

  void savePlan(RunPlan plan);

  void discardPlan();

  /** The current committed state, or the initial one. */
  default JobState current() {
    return versions().stream()
        .max(Comparator.naturalOrder())
        .map(this::version)
        .orElse(JobState.initial(job()));
  }

  /** Every committed version, oldest first. */
  default List<JobState> history() {
    return versions().stream().map(this::version).toList();
  }

  /**
   * The version committed by a run, given its id ({@code 000042-20261121T101500Z}) or number.
   *
   * @param flag the option the run was named by, for the error
   */
  default JobState committedBy(String run, String flag) {
    List<JobState> history = history();
    return history.stream()
        .filter(s -> s.committedBy() != null)
        .filter(s -> s.committedBy().equals(run) || isNumber(run, s.lastRun()))
        .reduce((a, b) -> b)
        .orElseThrow(
            () ->
                new ConfigException(
                    flag,
                    "no run '" + run + "' of job " + job() + " committed the bookmark",
                    "name a run that moved the bookmark: "
                        + committedRuns(history)
                        + " (see 'medallion bookmarks show --job "
                        + job()
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
   * Where the next run starts: the plan of a run that did not finish, to be done again (as its next
   * attempt), or else the number of a new run. A plan left by some other state (a stale one, e.g.
   * from before a reset) is discarded, and the new run is numbered past every run ever claimed: a
   * run number is never used twice, since the tables' transaction ids would skip the second run's
   * writes.
   */
  default Resume resume(JobState state) {
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
  record Resume(Optional<RunPlan> unfinished, long nextRun) {
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

  /** Starts a planned run: claims its attempt and saves its plan, before it writes anything. */
  default void begin(RunPlan plan) {
    claim(plan);
    savePlan(plan);
  }

  /** Starts an unfinished run again, as its next attempt: see {@link #begin}. */
  default RunPlan beginAgain(RunPlan unfinished) {
    RunPlan again = unfinished.withAttempt(highestAttempt(unfinished.run()) + 1);
    begin(again);
    return again;
  }

  /**
   * Resets the bookmark: the next run reads every file again. Written as a new version, so a rewind
   * can still go back to any earlier one; refused while a run holds the job.
   */
  default JobState reset() {
    return restore(JobState.initial(job()), "reset");
  }

  /** Rewinds the bookmark to where run {@code run} (an id or number) left it. */
  default JobState rewind(String run) {
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
}
