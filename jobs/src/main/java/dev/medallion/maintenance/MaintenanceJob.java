package dev.medallion.maintenance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.to_json;

import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.MaintenanceConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.ConcurrentWrites;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.PendingRun;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * The maintenance job: for every table of the lake, compacts its small files (Delta's OPTIMIZE,
 * which bins files partition by partition), then deletes the files no version younger than the
 * retention uses (VACUUM); then merges the uuid index's segments into one. It reports each table's
 * files and bytes before and after, and writes its run summary like the other jobs.
 *
 * <p>It is safe beside the other jobs, the stream included. OPTIMIZE changes no data ({@code
 * dataChange=false}): Delta never refuses it because of an append, and an append to {@code
 * cleansed.events} that an OPTIMIZE commit overtakes is refused and retried by {@code UniqueAppend}
 * without dropping anything; raw and quarantine take blind appends, which never conflict. A job
 * that rewrites files (ingest replacing references, curate replacing a date's metrics) may lose its
 * commit to an OPTIMIZE of the same files; it fails and its next run does it again from its plan.
 * An OPTIMIZE that loses to one of those is retried here. VACUUM deletes only files that no version
 * younger than the retention uses, made longer for a table whose change feed a bookmark has not
 * read yet ({@link BookmarkNeeds}, {@link Retention}).
 */
public final class MaintenanceJob {
  public static final String JOB = "maintenance";

  /** The key under which the summary reports the uuid index (its segments as files). */
  public static final String UUID_INDEX = "uuid index (segments)";

  /** How many times a table's OPTIMIZE is tried when another writer's commit refuses it. */
  static final int OPTIMIZE_ATTEMPTS = 3;

  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  private static final String LISTING_PARALLELISM =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";
  private static final String DEFAULT_LISTING_PARALLELISM = "10000";

  private final SparkSession spark;
  private final Progress progress;

  public MaintenanceJob(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Runs the job; returns its summary, which it has written under the lake (unless a dry run). */
  public RunSummary run(MaintenanceConfig config) {
    try (PendingRun pending = prepare(config)) {
      return pending.commit();
    }
  }

  /**
   * Does the maintenance; the returned run has nothing left to commit (this job keeps no bookmark)
   * and holds the job's lease until it is committed or closed.
   */
  public PendingRun prepare(MaintenanceConfig config) {
    long started = System.currentTimeMillis();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    Lake lake = new Lake(spark, config.lake());
    BookmarkStore store = new HadoopBookmarkStore(files, config.lake().stateRoot(), JOB);
    JobState state = store.current();
    RunLease lease = store.lease("(planning)", 0, state.version());
    try {
      long run = config.dryRun() ? 0 : store.resume(state).nextRun();
      RunPlan plan =
          new RunPlan(
              JOB,
              run,
              RunPlan.runId(run, started),
              1,
              state.version(),
              started,
              "job-bookmark-disable",
              false,
              Map.of(),
              Map.of(),
              Map.of());
      if (!config.dryRun()) {
        store.claim(plan);
      }
      lease.running(plan.runId(), 1);
      RunSummary summary =
          config.dryRun()
              ? maintain(config, lake, files, plan, started)
              : RunSummaries.failureRecorded(
                  files,
                  config.lake(),
                  plan,
                  started,
                  () -> maintain(config, lake, files, plan, started));
      return new PendingRun(summary, () -> {}, lease::close);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private RunSummary maintain(
      MaintenanceConfig config, Lake lake, HadoopFiles files, RunPlan plan, long started) {
    List<LakeTable> tables = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      if (lake.exists(table)) {
        tables.add(table);
      }
    }
    Instant now = Instant.ofEpochMilli(started);
    Map<LakeTable, BookmarkNeeds.Need> needs = BookmarkNeeds.of(lake, files);
    progress.step(
        String.format(
            "run %s%s: %d tables of %s, retention %dh",
            plan.runId(),
            config.dryRun() ? " (dry run: nothing is changed)" : "",
            tables.size(),
            config.lake(),
            config.retainHours()));
    Map<LakeTable, RunSummary.Maintained> results =
        java.util.Collections.synchronizedMap(new EnumMap<>(LakeTable.class));
    boolean shortRetention = config.retain().compareTo(MaintenanceConfig.DELTA_MINIMUM) < 0;
    String check = spark.conf().get(RETENTION_CHECK, "true");
    if (shortRetention) {
      // Asked for explicitly (--allow-short-retention): Delta's own check would refuse it.
      spark.conf().set(RETENTION_CHECK, "false");
    }
    // VACUUM lists a table's files in as many tasks as this says, 10,000 by default: minutes of
    // empty tasks per table on a small cluster (measured: 270 s instead of 30 s for the vacuums of
    // 7 small tables on 2 cores). A value set for the session is kept.
    String listing = spark.conf().get(LISTING_PARALLELISM);
    boolean ownListing = DEFAULT_LISTING_PARALLELISM.equals(listing);
    if (ownListing) {
      spark
          .conf()
          .set(
              LISTING_PARALLELISM,
              Integer.toString(Math.max(8, 2 * spark.sparkContext().defaultParallelism())));
    }
    try (ConcurrentWrites each = new ConcurrentWrites()) {
      for (LakeTable table : tables) {
        BookmarkNeeds.Need need = needs.get(table);
        Retention retention =
            Retention.of(
                config.retainHours(),
                Optional.ofNullable(need).map(BookmarkNeeds.Need::since),
                need == null ? "" : need.reader(),
                now);
        each.submit(
            () -> results.put(table, maintain(table, lake, files, retention, config.dryRun())));
      }
      each.awaitAll();
    } finally {
      if (shortRetention) {
        spark.conf().set(RETENTION_CHECK, check);
      }
      if (ownListing) {
        spark.conf().set(LISTING_PARALLELISM, listing);
      }
    }

    Map<String, RunSummary.Maintained> maintained = new LinkedHashMap<>();
    for (LakeTable table : tables) {
      maintained.put(table.qualifiedName(), results.get(table));
    }
    if (lake.exists(LakeTable.CLEANSED_EVENTS)) {
      progress.step("merging the uuid index's segments");
      UuidIndex.Merge merge =
          new UuidIndex(files, lake.location())
              .mergeAll(lake.read(LakeTable.CLEANSED_EVENTS), config.dryRun());
      maintained.put(
          UUID_INDEX,
          new RunSummary.Maintained(
              merge.segmentsBefore(),
              merge.segmentsAfter(),
              merge.bytesBefore(),
              merge.bytesAfter(),
              merge.segmentsBefore(),
              merge.segmentsAfter(),
              merge.bytesBefore(),
              merge.bytesAfter(),
              null,
              null));
    }
    RunSummary summary =
        new RunSummary(
            JOB,
            plan.runId(),
            plan.run(),
            RunSummary.SUCCEEDED,
            now.toString(),
            System.currentTimeMillis() - started,
            Map.of(),
            Map.of(),
            Map.of(),
            null,
            message(config, tables),
            null,
            maintained);
    if (!config.dryRun()) {
      RunSummaries.write(files, lake.location(), summary);
    }
    return summary;
  }

  private static String message(MaintenanceConfig config, List<LakeTable> tables) {
    List<String> missing = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      if (!tables.contains(table)) {
        missing.add(table.qualifiedName());
      }
    }
    StringBuilder message = new StringBuilder();
    if (config.dryRun()) {
      message.append(
          "dry run: nothing was changed; 'after' is what a run would leave (stored files: what"
              + " VACUUM would delete, plus the files compaction would add)");
    } else {
      message.append(
          "stored files include those compaction removed from a table: VACUUM deletes them once"
              + " older than the retention");
    }
    if (!missing.isEmpty()) {
      message.append("; not created yet: ").append(String.join(", ", missing));
    }
    return message.toString();
  }

  /** Compacts, then vacuums one table; measures it before and after. */
  private RunSummary.Maintained maintain(
      LakeTable table, Lake lake, HadoopFiles files, Retention retention, boolean dryRun) {
    String path = lake.path(table);
    TableFiles before = TableFiles.of(spark, files, path);
    TableFiles after;
    if (dryRun) {
      Compaction.Result compaction = compaction(path);
      long deletable = vacuumDryRun(path, retention.hours());
      after =
          new TableFiles(
              compaction.filesAfter(),
              before.bytes(),
              before.storedFiles() - deletable + compaction.filesWritten(),
              -1);
    } else {
      progress.step(table.qualifiedName() + ": compacting " + before.files() + " files");
      optimize(table, path);
      progress.step(
          table.qualifiedName() + ": deleting files unused for " + retention.hours() + "h");
      DeltaTable.forPath(spark, path).vacuum(retention.hours());
      after = TableFiles.of(spark, files, path);
    }
    return new RunSummary.Maintained(
        before.files(),
        after.files(),
        before.bytes(),
        after.bytes(),
        before.storedFiles(),
        after.storedFiles(),
        before.storedBytes(),
        after.storedBytes(),
        retention.hours(),
        retention.note());
  }

  private void optimize(LakeTable table, String path) {
    for (int attempt = 1; ; attempt++) {
      try {
        DeltaTable.forPath(spark, path).optimize().executeCompaction();
        return;
      } catch (ConcurrentModificationException conflict) {
        if (attempt >= OPTIMIZE_ATTEMPTS) {
          throw new IllegalStateException(
              String.format(
                  "%s: compaction gave up after %d attempts, each refused because another job"
                      + " rewrote the same files meanwhile (%s). Nothing of the table changed;"
                      + " run maintenance again when that job is done.",
                  table.qualifiedName(), attempt, conflict.getClass().getSimpleName()),
              conflict);
        }
        progress.step(
            table.qualifiedName()
                + ": compaction refused by a concurrent commit ("
                + conflict.getClass().getSimpleName()
                + "), trying again");
      }
    }
  }

  /** What OPTIMIZE would do to the table, with the session's OPTIMIZE settings. */
  private Compaction.Result compaction(String path) {
    long min =
        Long.parseLong(
            spark
                .conf()
                .get(
                    "spark.databricks.delta.optimize.minFileSize",
                    Long.toString(Compaction.DEFAULT_FILE_SIZE)));
    long max =
        Long.parseLong(
            spark
                .conf()
                .get(
                    "spark.databricks.delta.optimize.maxFileSize",
                    Long.toString(Compaction.DEFAULT_FILE_SIZE)));
    List<List<Long>> partitions = new ArrayList<>();
    for (Row row :
        DeltaLog.forTable(spark, path)
            .update(false, Option.empty(), Option.empty())
            .allFiles()
            .toDF()
            .groupBy(to_json(col("partitionValues")))
            .agg(collect_list(col("size")))
            .collectAsList()) {
      partitions.add(row.getList(1));
    }
    return Compaction.of(partitions, min, max);
  }

  /** How many files VACUUM would delete (Delta's own DRY RUN). */
  private long vacuumDryRun(String path, long hours) {
    return spark
        .sql("VACUUM delta.`" + path.replace("`", "``") + "` RETAIN " + hours + " HOURS DRY RUN")
        .count();
  }
}
