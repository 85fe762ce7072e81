package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;

import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.IngestConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.ConcurrentWrites;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
import dev.medallion.progress.Work;
import dev.medallion.run.Faults;
import dev.medallion.run.FileCounts;
import dev.medallion.run.PendingRun;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.validate.ReferenceKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The batch ingest/cleanse job: landing files to raw, cleansed and quarantine.
 *
 * <p>A run plans first: it picks the files no committed run processed, fixes its run number, ingest
 * time and settings, and writes that plan before it writes any table. It reads the files, records
 * which could not be read in the plan, validates, deduplicates, checks that the counts balance,
 * writes every table with its Delta transaction id (references before the events that point to
 * them), checks what the tables now hold against its counts, and only then commits the job state. A
 * run that dies before its commit is done again from its plan by the next run, writing the same
 * rows; the commits the first attempt made are skipped by Delta, so the tables end as if it had
 * never died.
 */
public final class IngestJob {
  public static final String JOB = "ingest";
  static final String MAX_EVENT_TS = "max_event_ts_micros";

  private final SparkSession spark;
  private final Progress progress;

  public IngestJob(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Runs the job and commits its state. */
  public RunSummary run(IngestConfig config) {
    try (PendingRun pending = prepare(config)) {
      return pending.commit();
    }
  }

  /**
   * Runs the job up to its commit: every table is written and checked, the job state (the bookmark)
   * is not. See {@link PendingRun}.
   */
  public PendingRun prepare(IngestConfig config) {
    long started = System.currentTimeMillis();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    if (!files.isDirectory(config.landing().uri())) {
      throw new LandingNotFoundException(config.landing().uri());
    }
    Lake lake = new Lake(spark, config.lake());
    BookmarkStore store = new HadoopBookmarkStore(files, config.lake().stateRoot(), JOB);
    JobState state = store.current();
    RunLease lease = store.lease("(planning)", 0, state.version());
    try {
      IngestPlanner.Planned planned = new IngestPlanner(files, progress).plan(config, store, state);
      RunPlan plan = planned.plan();
      Map<String, List<String>> ignored = planned.ignored();
      Map<String, Integer> skipped = planned.skipped();
      lease.running(plan.runId(), plan.attempt());
      return RunSummaries.failureRecorded(
          files,
          config.lake(),
          plan,
          started,
          () -> run(plan, state, lake, store, files, ignored, skipped, lease, started));
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
      Map<String, List<String>> ignored,
      Map<String, Integer> skipped,
      RunLease lease,
      long started) {
    progress.step(
        String.format(
            "run %s (attempt %d, %s): %d event, %d user, %d transaction files to read%s",
            plan.runId(),
            plan.attempt(),
            plan.bookmarkOption(),
            plan.files(LandingKind.EVENTS.directory()).size(),
            plan.files(LandingKind.USERS.directory()).size(),
            plan.files(LandingKind.TRANSACTIONS.directory()).size(),
            plan.reprocessAll() ? " (reprocessing everything)" : ""));
    lake.ensureAll(
        List.of(
            LakeTable.RAW_EVENTS,
            LakeTable.CLEANSED_EVENTS,
            LakeTable.CLEANSED_USERS,
            LakeTable.CLEANSED_TRANSACTIONS,
            LakeTable.QUARANTINE_RECORDS));
    IngestRun run = new IngestRun(plan);
    UuidIndex index = new UuidIndex(files, lake.location());
    // The run's append to cleansed.events begins here: its uuids are checked against this version,
    // and the append commits only if no other writer added any of them since (see UniqueAppend).
    UniqueAppend.Pending cleansedWrite = new UniqueAppend(lake).begin(run.txn());
    Long historyMax =
        plan.reprocessAll() || !state.values().containsKey(MAX_EVENT_TS)
            ? null
            : Long.parseLong(state.values().get(MAX_EVENT_TS));
    // Shown from the reading to the run's end: its files and bytes are known from the plan.
    try (Work work = progress.work(JOB, "records").expect(toRead(plan));
        Cached cache = new Cached();
        ConcurrentWrites referenceReads = new ConcurrentWrites()) {
      LandingReader reader = new LandingReader(spark, work.readCounters(spark.sparkContext()));
      // Users and transactions are read and validated beside the events (small; their jobs fill
      // the cores the events' last tasks leave idle).
      Map<ReferenceKind, ReferenceBatch.Outcome> references =
          java.util.Collections.synchronizedMap(new java.util.EnumMap<>(ReferenceKind.class));
      IngestRun firstPlan = run;
      referenceReads.submit(
          () -> {
            for (ReferenceKind kind : ReferenceKind.values()) {
              references.put(kind, ReferenceBatch.run(firstPlan, reader, kind, cache, progress));
            }
          });
      EventBatch.Outcome events =
          EventBatch.run(run, reader, lake, index, cleansedWrite, historyMax, cache, progress);
      referenceReads.awaitAll();

      // What could not be read is fixed in the plan before anything is written.
      Map<LandingKind, Map<String, String>> failed = new LinkedHashMap<>();
      Map<String, String> newFailures = new TreeMap<>(events.failures());
      references.values().forEach(r -> newFailures.putAll(r.failures()));
      if (plan.failedFiles() == null) {
        plan = plan.withFailedFiles(newFailures);
        store.savePlan(plan);
        run = new IngestRun(plan);
      } else if (!newFailures.isEmpty()) {
        throw new IllegalStateException(
            "run "
                + plan.runId()
                + " is being done again after it stopped, but these files, read by its first"
                + " attempt, cannot be read now: "
                + newFailures
                + ". Restore them as they were, then run again.");
      }
      for (LandingKind kind : LandingKind.values()) {
        Map<String, String> ofKind = new TreeMap<>();
        for (LandingFile f : plan.files(kind.directory())) {
          if (plan.failedFiles().containsKey(f.path())) {
            ofKind.put(f.path(), plan.failedFiles().get(f.path()));
          }
        }
        failed.put(kind, ofKind);
      }

      Map<String, RecordCounts> records = new LinkedHashMap<>();
      records.put(LandingKind.EVENTS.directory(), events.counts());
      references.forEach((kind, outcome) -> records.put(kind.directory(), outcome.counts()));
      records.forEach((kind, counts) -> requireBalanced(kind, counts, "Nothing was written."));

      IngestWriter writer = new IngestWriter(spark, lake, index, progress);
      events = writer.write(run, events, references, cleansedWrite);
      records.put(LandingKind.EVENTS.directory(), events.counts());
      requireBalanced(
          LandingKind.EVENTS.directory(), events.counts(), "The job state is not committed.");
      progress.step("checking what the commits wrote");
      writer.verify(run, events, references);

      Map<String, FileCounts> fileCounts = new LinkedHashMap<>();
      for (LandingKind kind : LandingKind.values()) {
        String source = kind.directory();
        int read =
            (int)
                plan.files(source).stream()
                    .filter(f -> !failed.get(kind).containsKey(f.path()))
                    .count();
        fileCounts.put(
            source,
            new FileCounts(
                read,
                skipped.getOrDefault(source, 0),
                List.copyOf(failed.get(kind).values()),
                ignored.getOrDefault(source, List.of())));
      }
      JobState next =
          IngestPlanner.committed(
              plan,
              state,
              plan.failedFiles().keySet(),
              IngestRun.newest(historyMax, events.maxEventTsMicros()));
      RunSummary summary =
          RunSummary.of(
              plan,
              RunSummary.SUCCEEDED,
              started,
              fileCounts,
              records,
              Map.of(),
              events.watermark() == null ? null : events.watermark().toString(),
              failedMessage(plan.failedFiles().size()));
      RunPlan planned = plan;
      return new PendingRun(
          summary,
          () ->
              RunSummaries.failureRecorded(
                  files,
                  lake.location(),
                  planned,
                  started,
                  () -> {
                    RunSummaries.write(files, lake.location(), summary);
                    Faults.point("ingest.before-commit");
                    if (planned.movesBookmark()) {
                      store.commit(next);
                    } else {
                      store.discardPlan(); // the run is done; the bookmark stays
                    }
                    return summary;
                  }),
          lease::close);
    }
  }

  /** The files of the plan that this attempt reads, and their bytes. */
  private static Work.Expected toRead(RunPlan plan) {
    long count = 0;
    long bytes = 0;
    Map<String, String> failed = plan.failedFiles() == null ? Map.of() : plan.failedFiles();
    for (LandingKind kind : LandingKind.values()) {
      for (LandingFile f : plan.files(kind.directory())) {
        if (!failed.containsKey(f.path())) {
          count++;
          bytes += f.size();
        }
      }
    }
    return Work.Expected.files(count, bytes);
  }

  private static void requireBalanced(String kind, RecordCounts counts, String consequence) {
    if (!counts.balanced()) {
      throw new IllegalStateException(
          String.format(
              "the %s counts do not balance: read %d != cleansed %d + duplicates %d +"
                  + " quarantined %d. %s This is a bug in Medallion: report it with the run's"
                  + " landing files.",
              kind,
              counts.read(),
              counts.cleansed(),
              counts.duplicates(),
              counts.quarantined(),
              consequence));
    }
  }

  private static String failedMessage(int failed) {
    return failed == 0
        ? null
        : failed
            + " file(s) could not be read; they are in quarantine.records (record_type 'file')"
            + " and will be read again by the next run.";
  }
}
