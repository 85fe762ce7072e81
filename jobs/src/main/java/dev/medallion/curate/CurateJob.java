package dev.medallion.curate;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.CurateConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.run.PendingRun;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The curate job: cleansed to curated. It reads only the events cleansed since its last run (from
 * the change feed of {@code cleansed.events}), enriches them with the users and transactions known
 * now, appends them to {@code curated.events_enriched}, and recomputes {@code
 * curated.daily_event_metrics} for the event dates they touch. Like ingest, it plans first, pins
 * the cleansed version it reads, and writes with its run's Delta transaction id, so a run killed
 * midway and done again ends with the same tables.
 */
public final class CurateJob {
  public static final String JOB = "curate";

  /** The bookmark value of the last cleansed.events version a run curated. */
  public static final String CLEANSED_VERSION = "cleansed_events_version";

  private static final String TO_VERSION = "to_version";
  private static final String FULL = "full_rebuild";

  private final SparkSession spark;
  private final Progress progress;

  public CurateJob(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Runs the job and commits its state. */
  public RunSummary run(CurateConfig config) {
    try (PendingRun pending = prepare(config)) {
      return pending.commit();
    }
  }

  /**
   * Runs the job up to its commit: the curated tables are written, the job state is not. See {@link
   * PendingRun}.
   */
  public PendingRun prepare(CurateConfig config) {
    long started = System.currentTimeMillis();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    Lake lake = new Lake(spark, config.lake());
    BookmarkStore store = new HadoopBookmarkStore(files, config.lake().stateRoot(), JOB);
    JobState state = store.current();
    lake.ensureAll(
        List.of(LakeTable.CURATED_EVENTS_ENRICHED, LakeTable.CURATED_DAILY_EVENT_METRICS));
    RunLease lease = store.lease("(planning)", 0, state.version());
    try {
      RunPlan plan = plan(config, lake, store, state);
      lease.running(plan.runId(), plan.attempt());
      return RunSummaries.failureRecorded(
          files,
          config.lake(),
          plan,
          started,
          () -> run(plan, state, lake, store, files, lease, started));
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private PendingRun run(
      RunPlan plan,
      JobState state,
      Lake lake,
      BookmarkStore store,
      HadoopFiles files,
      RunLease lease,
      long started) {
    long toVersion = Long.parseLong(plan.values().get(TO_VERSION));
    long fromVersion = Long.parseLong(state.values().getOrDefault(CLEANSED_VERSION, "-1"));
    boolean full = Boolean.parseBoolean(plan.values().get(FULL));
    Txn txn = new Txn("medallion." + JOB, plan.run());
    Map<String, Long> curated = new LinkedHashMap<>();
    String message = null;

    if (toVersion < 0 || (!full && toVersion == fromVersion)) {
      message = "nothing new in cleansed.events since the last curate run";
      progress.step(message);
      curated.put("events_enriched rows added", 0L);
    } else {
      Dataset<Row> events;
      if (full) {
        progress.step("rebuilding curated from cleansed.events version " + toVersion);
        events = CuratedWrites.batchRows(lake.readAt(LakeTable.CLEANSED_EVENTS, toVersion));
      } else {
        progress.step(
            "curating events cleansed in versions " + (fromVersion + 1) + ".." + toVersion);
        events =
            CuratedWrites.batchRows(
                lake.readChanges(LakeTable.CLEANSED_EVENTS, fromVersion, toVersion)
                    .where(col("_change_type").equalTo("insert")));
      }
      CuratedWrites writes = new CuratedWrites(lake);
      CurrentReferences references = new CurrentReferences(lake);
      Dataset<Row> enriched =
          CuratedWrites.enrich(
                  events,
                  references.users(),
                  references.transactions(),
                  Instant.ofEpochMilli(plan.startedAt()))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        // The write fills the cache; the rows it added are in its commit (no count of its own).
        if (full) {
          // The stream's events are the stream's to curate: a rebuild replaces the others.
          lake.replaceWhere(
              LakeTable.CURATED_EVENTS_ENRICHED, enriched, CuratedWrites.BATCH_ROWS, txn);
        } else if (!enriched.isEmpty()) {
          lake.append(LakeTable.CURATED_EVENTS_ENRICHED, enriched, txn);
        }
        long added = lake.committedRows(LakeTable.CURATED_EVENTS_ENRICHED, txn, plan.startedAt());
        curated.put("events_enriched rows added", added);
        Faults.point("curate.enriched-written");

        List<String> dates =
            enriched.select(EVENT_DATE).distinct().collectAsList().stream()
                .map(r -> r.get(0).toString())
                .sorted()
                .toList();
        progress.step(
            full
                ? "recomputing daily metrics for every event date"
                : "recomputing daily metrics for " + dates.size() + " event date(s)");
        long metricRows = writes.recomputeMetrics(full ? null : dates, txn, plan.startedAt());
        curated.put("daily_event_metrics rows written", metricRows);
        curated.put("event dates recomputed", (long) dates.size());
      } finally {
        enriched.unpersist();
        references.close();
      }
    }

    Map<String, String> values = new LinkedHashMap<>();
    values.put(CLEANSED_VERSION, Long.toString(Math.max(toVersion, -1)));
    RunSummary summary =
        RunSummary.of(
            plan, RunSummary.SUCCEEDED, started, Map.of(), Map.of(), curated, null, message);
    JobState next = state.next(plan.run(), plan.runId(), plan.attempt(), values);
    return new PendingRun(
        summary,
        () ->
            RunSummaries.failureRecorded(
                files,
                lake.location(),
                plan,
                started,
                () -> {
                  Faults.point("curate.before-commit");
                  RunSummaries.write(files, lake.location(), summary);
                  store.commit(next);
                  return summary;
                }),
        lease::close);
  }

  private RunPlan plan(CurateConfig config, Lake lake, BookmarkStore store, JobState state) {
    BookmarkStore.Resume resume = store.resume(state);
    Optional<RunPlan> redo = resume.toRedo(config.fullRebuild(), "--full-rebuild", "curate");
    if (redo.isPresent()) {
      RunPlan again = store.beginAgain(redo.get());
      progress.step(again.redoNote());
      return again;
    }
    long toVersion = lake.version(LakeTable.CLEANSED_EVENTS);
    long fromVersion = Long.parseLong(state.values().getOrDefault(CLEANSED_VERSION, "-1"));
    boolean full = config.fullRebuild() || fromVersion < 0 || toVersion < fromVersion;
    if (!full && toVersion > fromVersion && !onlyInserts(lake, fromVersion, toVersion)) {
      progress.step(
          "cleansed.events was rewritten, or its history cleaned up, since the last curate run:"
              + " rebuilding curated in full");
      full = true;
    }
    long startedAt = System.currentTimeMillis();
    Map<String, String> values = new LinkedHashMap<>();
    values.put(TO_VERSION, Long.toString(toVersion));
    values.put(FULL, Boolean.toString(full));
    RunPlan plan =
        new RunPlan(
            JOB,
            resume.nextRun(),
            RunPlan.runId(resume.nextRun(), startedAt),
            1,
            state.version(),
            startedAt,
            BookmarkOption.ENABLE.value(),
            full,
            Map.of(),
            values,
            Map.of());
    store.begin(plan);
    return plan;
  }

  /**
   * Whether the versions after {@code from} up to {@code to} only added rows, read from the table's
   * history (the log, no data): appends, MERGEs that only inserted, and compactions. False when the
   * log of some of those versions has been cleaned up.
   */
  private static boolean onlyInserts(Lake lake, long from, long to) {
    List<Lake.Commit> commits = lake.history(LakeTable.CLEANSED_EVENTS, from + 1, to);
    if (commits.size() != to - from) {
      return false; // some versions' log is gone: their change feed cannot be read
    }
    for (Lake.Commit commit : commits) {
      boolean insertsOnly =
          switch (commit.operation()) {
            case "WRITE", "STREAMING UPDATE" -> "Append".equals(commit.parameters().get("mode"));
            case "MERGE" ->
                "0".equals(commit.metrics().getOrDefault("numTargetRowsUpdated", "0"))
                    && "0".equals(commit.metrics().getOrDefault("numTargetRowsDeleted", "0"));
            case "CREATE TABLE", "OPTIMIZE", "SET TBLPROPERTIES" -> true;
            default -> false;
          };
      if (!insertsOnly) {
        return false;
      }
    }
    return true;
  }
}
