package dev.medallion.ingest;

import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.bookmark.FileBookmark;
import dev.medallion.bookmark.FileSelection;
import dev.medallion.bookmark.SourceFile;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.ConfigException;
import dev.medallion.config.IngestConfig;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ingest job's planning, by Glue's job-bookmark rules for a file source, without Spark: which
 * landing files a run reads (enable, pause with or without a from/to range, disable, reprocess all;
 * files modified after the run started are left to the next run; files that could not be read are
 * read again), and the job state its commit writes. The rules themselves are in common's {@code
 * dev.medallion.bookmark}; this class applies them to a listing and a {@link BookmarkStore}.
 */
public final class IngestPlanner {
  private final HadoopFiles files;
  private final Progress progress;

  public IngestPlanner(HadoopFiles files, Progress progress) {
    this.files = files;
    this.progress = progress;
  }

  /** A run's plan, and per source the files it does not read: ignored ones and skipped ones. */
  public record Planned(
      RunPlan plan, Map<String, List<String>> ignored, Map<String, Integer> skipped) {}

  /**
   * The plan of the next run, claimed in {@code store}: the unfinished run's again if there is one,
   * else the files that {@code config}'s bookmark option selects from the landing area.
   */
  public Planned plan(IngestConfig config, BookmarkStore store, JobState state) {
    Map<String, List<String>> ignored = new LinkedHashMap<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    return new Planned(plan(config, store, state, ignored, skipped), ignored, skipped);
  }

  private RunPlan plan(
      IngestConfig config,
      BookmarkStore store,
      JobState state,
      Map<String, List<String>> ignored,
      Map<String, Integer> skipped) {
    long startedAt = System.currentTimeMillis();
    BookmarkSettings bookmark = config.bookmark();
    BookmarkStore.Resume resume = store.resume(state);
    Optional<RunPlan> redo = resume.toRedo(config.reprocessAll(), "--reprocess-all", "pipeline");
    if (redo.isPresent()) {
      // Its files are in its plan: the listing only says what is not read.
      for (LandingKind kind : LandingKind.values()) {
        ignored.put(
            kind.directory(), LandingReader.list(files, config.landing().uri(), kind).ignored());
      }
      RunPlan again = store.beginAgain(redo.get());
      progress.step(again.redoNote());
      return again;
    }
    Map<String, List<SourceFile>> range =
        bookmark.isRange() ? rangeFiles(store, bookmark) : Map.of();
    Map<String, List<LandingFile>> toRead = new LinkedHashMap<>();
    int deferred = 0;
    for (LandingKind kind : LandingKind.values()) {
      String source = kind.directory();
      LandingReader.Listing listing = LandingReader.list(files, config.landing().uri(), kind);
      ignored.put(source, listing.ignored());
      List<LandingFile> chosen;
      if (bookmark.isRange()) {
        chosen = inRange(listing.files(), range.getOrDefault(source, List.of()), bookmark);
      } else {
        FileBookmark from =
            config.reprocessAll()
                ? FileBookmark.empty(FileBookmark.DEFAULT_MAX_BAND)
                : state.bookmark(source);
        Map<String, Long> retry = config.reprocessAll() ? Map.of() : state.retry(source);
        Set<String> selected = new HashSet<>();
        FileSelection.select(sourceFiles(listing.files()), from, bookmark.option(), startedAt)
            .toRead()
            .forEach(f -> selected.add(f.path()));
        chosen =
            listing.files().stream()
                .filter(f -> f.modificationTime() < startedAt)
                .filter(f -> selected.contains(f.path()) || retry.containsKey(f.path()))
                .toList();
        deferred +=
            (int) listing.files().stream().filter(f -> f.modificationTime() >= startedAt).count();
      }
      toRead.put(source, chosen);
      skipped.put(source, listing.files().size() - chosen.size());
    }
    if (deferred > 0) {
      progress.step(
          deferred
              + " file(s) modified after this run started are left to the next run, as Glue"
              + " does");
    }
    RunPlan plan =
        new RunPlan(
            IngestJob.JOB,
            resume.nextRun(),
            RunPlan.runId(resume.nextRun(), startedAt),
            1,
            state.version(),
            startedAt,
            bookmark.option().value(),
            config.reprocessAll(),
            toRead,
            IngestRun.settings(config.latePolicy(), config.lateThreshold()),
            null);
    store.begin(plan);
    return plan;
  }

  private static List<SourceFile> sourceFiles(List<LandingFile> listing) {
    return listing.stream().map(f -> new SourceFile(f.path(), f.modificationTime())).toList();
  }

  /**
   * Per source, what the runs after {@code --job-bookmark-from} up to and including {@code
   * --job-bookmark-to} read, from the manifests their commits recorded.
   */
  private static Map<String, List<SourceFile>> rangeFiles(
      BookmarkStore store, BookmarkSettings bookmark) {
    JobState from = store.committedBy(bookmark.from().get(), BookmarkSettings.FROM_FLAG);
    JobState to = store.committedBy(bookmark.to().get(), BookmarkSettings.TO_FLAG);
    if (to.lastRun() <= from.lastRun()) {
      throw new ConfigException(
          BookmarkSettings.TO_FLAG,
          "run "
              + to.committedBy()
              + " is not after "
              + BookmarkSettings.FROM_FLAG
              + " run "
              + from.committedBy()
              + ", so the range is empty",
          "pass an earlier run as " + BookmarkSettings.FROM_FLAG);
    }
    Map<String, List<SourceFile>> files = new LinkedHashMap<>();
    for (JobState version : store.history()) {
      if (version.committedBy() != null
          && version.lastRun() > from.lastRun()
          && version.lastRun() <= to.lastRun()) {
        version
            .read()
            .forEach(
                (source, read) ->
                    files.computeIfAbsent(source, s -> new ArrayList<>()).addAll(read));
      }
    }
    return files;
  }

  /** The listed files that a range's runs read; a file gone since is an error, not a gap. */
  private static List<LandingFile> inRange(
      List<LandingFile> listing, List<SourceFile> range, BookmarkSettings bookmark) {
    Map<String, LandingFile> byPath = new HashMap<>();
    listing.forEach(f -> byPath.put(f.path(), f));
    Set<String> wanted = new HashSet<>();
    List<String> missing = new ArrayList<>();
    for (SourceFile f : range) {
      if (byPath.containsKey(f.path())) {
        wanted.add(f.path());
      } else {
        missing.add(f.path());
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          BookmarkSettings.FROM_FLAG,
          "the runs after "
              + bookmark.from().get()
              + " up to "
              + bookmark.to().get()
              + " read "
              + missing.size()
              + " file(s) that are no longer in the landing area, e.g. "
              + missing.get(0),
          "restore them, or choose a range whose files are all still there");
    }
    return listing.stream().filter(f -> wanted.contains(f.path())).toList();
  }

  /**
   * The job state that a run's commit writes: per source, the bookmark moved past the files it
   * read, the files that could not be read kept for the next run, the run's manifest (what it read,
   * for a later pause with a range), and the newest event time seen so far. A run that reprocessed
   * everything starts from an empty bookmark.
   */
  public static JobState committed(
      RunPlan plan, JobState state, Set<String> failedPaths, Long newestEventTsMicros) {
    Map<String, FileBookmark> bookmarks = new TreeMap<>();
    Map<String, Map<String, Long>> retry = new TreeMap<>();
    Map<String, List<SourceFile>> read = new TreeMap<>();
    for (LandingKind kind : LandingKind.values()) {
      String source = kind.directory();
      List<SourceFile> ok = new ArrayList<>();
      Map<String, Long> again = new TreeMap<>(plan.reprocessAll() ? Map.of() : state.retry(source));
      for (LandingFile f : plan.files(source)) {
        if (failedPaths.contains(f.path())) {
          again.put(f.path(), f.modificationTime());
        } else {
          ok.add(new SourceFile(f.path(), f.modificationTime()));
          again.remove(f.path());
        }
      }
      FileBookmark base =
          plan.reprocessAll()
              ? FileBookmark.empty(FileBookmark.DEFAULT_MAX_BAND)
              : state.bookmark(source);
      bookmarks.put(source, base.after(plan.startedAt(), ok));
      retry.put(source, again);
      read.put(source, ok);
    }
    Map<String, String> values = new TreeMap<>();
    if (newestEventTsMicros != null) {
      values.put(IngestJob.MAX_EVENT_TS, Long.toString(newestEventTsMicros));
    }
    JobState base =
        plan.reprocessAll()
            ? new JobState(
                IngestJob.JOB,
                state.version(),
                state.lastRun(),
                null,
                0,
                null,
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of())
            : state;
    return base.committed(plan.run(), plan.runId(), plan.attempt(), bookmarks, retry, read, values);
  }
}
