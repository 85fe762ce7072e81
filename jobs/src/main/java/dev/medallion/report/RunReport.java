package dev.medallion.report;

import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The runs of a lake for its operators: every summary under {@code <lake>/_runs/<job>/}, oldest
 * first, with what the report page draws from them worked out here: events per second and, for each
 * warehouse load, how long curated data had waited for it.
 */
public final class RunReport {
  private RunReport() {}

  /**
   * What the page reads.
   *
   * @param unreadable summary files that are not a run summary (named, not drawn)
   */
  public record Report(String lake, String generatedAt, List<Run> runs, List<String> unreadable) {}

  /**
   * One run.
   *
   * @param records the records the run moved: events read (ingest, stream), events_enriched rows
   *     added or upserted (curate, load); null for the other jobs
   * @param recordsPerSecond records over the run's time; null without records
   * @param loadLagMillis for a load: from the end of the newest curate run that ended before the
   *     load began, to the load's end (how stale the warehouse was until then); otherwise null
   */
  public record Run(
      String job,
      String runId,
      long run,
      String status,
      String startedAt,
      String endedAt,
      long elapsedMillis,
      Map<String, RecordCounts> kinds,
      Map<String, Long> curated,
      Long records,
      Double recordsPerSecond,
      Long loadLagMillis,
      String message,
      List<RunSummary.MicroBatch> microBatches) {}

  /** Reads every run summary of {@code lake}. */
  public static Report read(HadoopFiles files, LakeLocation lake) {
    String root = lake.resolve("_runs");
    List<RunSummary> summaries = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (String job : files.list(root)) {
      String dir = root + "/" + job;
      if (!files.isDirectory(dir)) {
        continue;
      }
      for (String name : files.list(dir)) {
        if (!name.endsWith(".json")) {
          continue;
        }
        try {
          summaries.add(RunSummaries.fromJson(files.readString(dir + "/" + name)));
        } catch (RuntimeException e) {
          unreadable.add(job + "/" + name);
        }
      }
    }
    return of(lake.toString(), summaries, unreadable, Instant.now());
  }

  /** The report of these summaries, in any order. */
  static Report of(
      String lake, List<RunSummary> summaries, List<String> unreadable, Instant generatedAt) {
    List<RunSummary> sorted = new ArrayList<>(summaries);
    sorted.sort(
        Comparator.comparing((RunSummary s) -> Instant.parse(s.startedAt()))
            .thenComparing(RunSummary::job)
            .thenComparing(RunSummary::runId));
    List<Run> runs = new ArrayList<>();
    for (RunSummary s : sorted) {
      Instant started = Instant.parse(s.startedAt());
      Instant ended = started.plusMillis(s.elapsedMillis());
      Long records = records(s);
      Double perSecond =
          records == null || s.elapsedMillis() <= 0
              ? null
              : Math.round(records * 10_000.0 / s.elapsedMillis()) / 10.0;
      runs.add(
          new Run(
              s.job(),
              s.runId(),
              s.run(),
              s.status(),
              s.startedAt(),
              ended.toString(),
              s.elapsedMillis(),
              s.records() == null ? Map.of() : s.records(),
              s.curated() == null ? Map.of() : s.curated(),
              records,
              perSecond,
              "load".equals(s.job()) ? loadLag(sorted, started, ended) : null,
              s.message(),
              s.microBatches() == null ? List.of() : s.microBatches()));
    }
    return new Report(lake, generatedAt.toString(), runs, unreadable);
  }

  /** The records a run moved (see {@link Run#records}). */
  static Long records(RunSummary s) {
    if (s.records() != null && s.records().get("events") != null) {
      return s.records().get("events").read();
    }
    if (s.curated() != null) {
      for (var e : s.curated().entrySet()) {
        if (e.getKey().startsWith("events_enriched rows")) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  /**
   * From the end of the newest successful curate run that ended before {@code loadStarted} to
   * {@code loadEnded}; null when there is none.
   */
  static Long loadLag(List<RunSummary> runs, Instant loadStarted, Instant loadEnded) {
    Instant newest = null;
    for (RunSummary s : runs) {
      if (!"curate".equals(s.job()) || !RunSummary.SUCCEEDED.equals(s.status())) {
        continue;
      }
      Instant end = Instant.parse(s.startedAt()).plusMillis(s.elapsedMillis());
      if (!end.isAfter(loadStarted) && (newest == null || end.isAfter(newest))) {
        newest = end;
      }
    }
    return newest == null ? null : loadEnded.toEpochMilli() - newest.toEpochMilli();
  }
}
