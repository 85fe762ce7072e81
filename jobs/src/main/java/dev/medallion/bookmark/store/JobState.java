package dev.medallion.bookmark.store;

import dev.medallion.bookmark.FileBookmark;
import dev.medallion.bookmark.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One committed version of a job's state: its bookmark. Per source (a landing kind, like a Glue
 * {@code transformation_ctx}) a {@link FileBookmark} and the files to read again because they could
 * not be read; the job's other marks ({@code values}, e.g. the newest event time seen); and which
 * run committed it, with what that run read (its manifest, for {@code --job-bookmark-from/--to}).
 *
 * @param job the job's name
 * @param version this version's number; each commit, reset or rewind adds one
 * @param lastRun the highest run number committed so far (a reset or rewind keeps it)
 * @param committedBy the id of the run that committed this version; null for the initial state and
 *     for a reset or rewind
 * @param attempt the attempt of that run that committed (1 unless it was done again)
 * @param note how this version came to be when no run committed it (a reset or rewind)
 * @param bookmarks per source, the bookmark
 * @param retry per source, files that could not be read (path to modification time): read again by
 *     the next run whatever their time
 * @param read per source, the files the committing run read, in order
 * @param values the job's other marks
 */
public record JobState(
    String job,
    long version,
    long lastRun,
    String committedBy,
    int attempt,
    String note,
    Map<String, FileBookmark> bookmarks,
    Map<String, Map<String, Long>> retry,
    Map<String, List<SourceFile>> read,
    Map<String, String> values) {

  public JobState {
    bookmarks = bookmarks == null ? Map.of() : Map.copyOf(bookmarks);
    retry = retry == null ? Map.of() : Map.copyOf(retry);
    read = read == null ? Map.of() : Map.copyOf(read);
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  public static JobState initial(String job) {
    return new JobState(job, 0, 0, null, 0, null, Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** The bookmark of {@code source}, empty (nothing read) when it has none. */
  public FileBookmark bookmark(String source) {
    return bookmarks.getOrDefault(source, FileBookmark.empty(FileBookmark.DEFAULT_MAX_BAND));
  }

  public Map<String, Long> retry(String source) {
    return retry.getOrDefault(source, Map.of());
  }

  public List<SourceFile> read(String source) {
    return read.getOrDefault(source, List.of());
  }

  /**
   * The state committed by run {@code runId} (number {@code run}, attempt {@code attempt}): the
   * given bookmarks, retries and manifest, values merged over these.
   */
  public JobState committed(
      long run,
      String runId,
      int attempt,
      Map<String, FileBookmark> newBookmarks,
      Map<String, Map<String, Long>> newRetry,
      Map<String, List<SourceFile>> newRead,
      Map<String, String> newValues) {
    Map<String, FileBookmark> b = new TreeMap<>(bookmarks);
    b.putAll(newBookmarks);
    Map<String, Map<String, Long>> r = new TreeMap<>(retry);
    r.putAll(newRetry);
    Map<String, String> v = new TreeMap<>(values);
    v.putAll(newValues);
    return new JobState(
        job, version + 1, Math.max(lastRun, run), runId, attempt, null, b, r, newRead, v);
  }

  /** The state after run {@code run} committed with only {@code newValues} (no file sources). */
  public JobState next(long run, String runId, int attempt, Map<String, String> newValues) {
    return committed(run, runId, attempt, Map.of(), Map.of(), Map.of(), newValues);
  }

  /**
   * This state's bookmarks and values as the new current version on top of {@code current}: a reset
   * (this is the initial state) or a rewind (this is an earlier version). Run numbers go on from
   * where {@code current} is.
   */
  public JobState restoredOver(JobState current, String note) {
    return new JobState(
        job,
        current.version + 1,
        current.lastRun,
        null,
        0,
        note,
        bookmarks,
        retry,
        Map.of(),
        values);
  }
}
