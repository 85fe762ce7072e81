package dev.medallion.bookmark.store;

import dev.medallion.landing.LandingFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What a run is about to do, written before it writes any table (write-ahead). A run killed after
 * some of its table commits is done again from its plan: the same files, run number and ingest
 * time, so it writes the very same rows, and the tables' transaction ids make the commits that
 * already happened no-ops.
 *
 * @param attempt which attempt at the run this is: 1, and one more each time it is done again
 * @param baseVersion the version of the job state the run started from
 * @param startedAt the run's start, epoch milliseconds; every row's {@code _ingested_at}
 * @param bookmarkOption the run's {@code --job-bookmark-option}, as Glue spells it
 * @param files per source, the files to process, in ingest order
 * @param values the settings the run fixed up front (late policy, the snapshot version it reads)
 * @param failedFiles the files that could not be read, with the cause, recorded once the run has
 *     read its files and before it writes anything; null until then. A redo does not read them
 *     again, so that it writes exactly what the first attempt did.
 */
public record RunPlan(
    String job,
    long run,
    String runId,
    int attempt,
    long baseVersion,
    long startedAt,
    String bookmarkOption,
    boolean reprocessAll,
    Map<String, List<LandingFile>> files,
    Map<String, String> values,
    Map<String, String> failedFiles) {

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A run's id: its number and start time, e.g. {@code 000042-20261121T101500Z}. */
  public static String runId(long run, long startedAt) {
    return String.format("%06d-%s", run, RUN_TIME.format(Instant.ofEpochMilli(startedAt)));
  }

  public List<LandingFile> files(String source) {
    return files.getOrDefault(source, List.of());
  }

  public String value(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("the plan of run " + runId + " has no '" + key + "'");
    }
    return value;
  }

  /** This plan with the outcome of reading its files recorded. */
  public RunPlan withFailedFiles(Map<String, String> failed) {
    return new RunPlan(
        job,
        run,
        runId,
        attempt,
        baseVersion,
        startedAt,
        bookmarkOption,
        reprocessAll,
        files,
        values,
        Map.copyOf(failed));
  }

  /** This plan as attempt {@code n}. */
  public RunPlan withAttempt(int n) {
    return new RunPlan(
        job,
        run,
        runId,
        n,
        baseVersion,
        startedAt,
        bookmarkOption,
        reprocessAll,
        files,
        values,
        failedFiles);
  }

  /** What a job says when it does this run again. */
  public String redoNote() {
    return "run "
        + runId
        + " did not finish; doing it again (attempt "
        + attempt
        + ") from its plan"
        + " first";
  }

  /** Whether the run moves the bookmark when it commits. */
  public boolean movesBookmark() {
    return dev.medallion.bookmark.BookmarkOption.parse(bookmarkOption).movesBookmark();
  }
}
