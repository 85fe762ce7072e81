package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;

import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.IngestConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
    LandingReader reader = new LandingReader(spark);
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
          () -> run(plan, state, lake, store, files, reader, ignored, skipped, lease, started));
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
      LandingReader reader,
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
    for (LakeTable table :
        List.of(
            LakeTable.RAW_EVENTS,
            LakeTable.CLEANSED_EVENTS,
            LakeTable.CLEANSED_USERS,
            LakeTable.CLEANSED_TRANSACTIONS,
            LakeTable.QUARANTINE_RECORDS)) {
      lake.ensure(table);
    }
    IngestRun run = new IngestRun(plan);
    UuidIndex index = new UuidIndex(files, lake.location());
    Long historyMax =
        plan.reprocessAll() || !state.values().containsKey(MAX_EVENT_TS)
            ? null
            : Long.parseLong(state.values().get(MAX_EVENT_TS));
    try (Cached cache = new Cached()) {
      EventBatch.Outcome events =
          EventBatch.run(run, reader, lake, index, historyMax, cache, progress);
      Map<ReferenceKind, ReferenceBatch.Outcome> references = new LinkedHashMap<>();
      for (ReferenceKind kind : ReferenceKind.values()) {
        references.put(kind, ReferenceBatch.run(run, reader, kind, cache, progress));
      }

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

      write(run, lake, index, events, references, files);
      progress.step("checking what the commits wrote");
      verifyWritten(run, lake, events, references);

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

  /**
   * Writes every table of the run, each with the run's transaction id. Raw and quarantine are
   * written beside the references, cleansed.events and its index (in that order: curate may read
   * cleansed.events as soon as it is committed, and must find the references its events point to).
   */
  private void write(
      IngestRun run,
      Lake lake,
      UuidIndex index,
      EventBatch.Outcome events,
      Map<ReferenceKind, ReferenceBatch.Outcome> references,
      HadoopFiles files) {
    Faults.point("ingest.before-writes");
    progress.step("writing raw.events, quarantine.records, the references and cleansed.events");
    Txn txn = run.txn();
    boolean overwrite = run.plan().reprocessAll();
    Dataset<Row> quarantine = events.quarantine();
    long quarantined = quarantined(run, events, references);
    for (ReferenceBatch.Outcome outcome : references.values()) {
      quarantine = quarantine.unionByName(outcome.quarantine());
    }
    Dataset<Row> allQuarantine =
        quarantine.unionByName(FileFailures.quarantineRows(spark, run.plan().failedFiles(), run));
    try (ConcurrentWrites beside = new ConcurrentWrites()) {
      beside.submit(
          () -> {
            write(lake, LakeTable.RAW_EVENTS, events.raw(), events.counts().read(), txn, overwrite);
            Faults.point("ingest.raw-written");
          });
      beside.submit(
          () -> {
            write(lake, LakeTable.QUARANTINE_RECORDS, allQuarantine, quarantined, txn, overwrite);
            Faults.point("ingest.quarantine-written");
          });
      for (Map.Entry<ReferenceKind, ReferenceBatch.Outcome> e : references.entrySet()) {
        LakeTable table = cleansedTable(e.getKey());
        if (overwrite) {
          lake.overwrite(table, e.getValue().cleansed(), txn);
        } else if (e.getValue().counts().cleansed() > 0) {
          lake.replaceByKey(table, e.getValue().cleansed(), e.getKey().key(), txn);
        }
      }
      Faults.point("ingest.references-written");
      write(
          lake,
          LakeTable.CLEANSED_EVENTS,
          events.cleansed(),
          events.counts().cleansed(),
          txn,
          overwrite);
      Faults.point("ingest.cleansed-written");
      if (overwrite) {
        index.clear();
      }
      index.write(
          run.plan().run(),
          events.cleansed(),
          events.counts().cleansed(),
          lake.read(LakeTable.CLEANSED_EVENTS));
      Faults.point("ingest.index-written");
      beside.awaitAll();
    }
  }

  /** The rows the run puts in quarantine: rejected events and references, and failed files. */
  private static long quarantined(
      IngestRun run,
      EventBatch.Outcome events,
      Map<ReferenceKind, ReferenceBatch.Outcome> references) {
    long quarantined = events.counts().quarantined() + run.plan().failedFiles().size();
    for (ReferenceBatch.Outcome outcome : references.values()) {
      quarantined += outcome.counts().quarantined();
    }
    return quarantined;
  }

  /** Appends, or overwrites when reprocessing everything; an empty append makes no commit. */
  private static void write(
      Lake lake, LakeTable table, Dataset<Row> rows, long count, Txn txn, boolean overwrite) {
    if (overwrite) {
      lake.overwrite(table, rows, txn);
    } else if (count > 0) {
      lake.append(table, rows, txn);
    }
  }

  private static LakeTable cleansedTable(ReferenceKind kind) {
    return kind == ReferenceKind.USERS ? LakeTable.CLEANSED_USERS : LakeTable.CLEANSED_TRANSACTIONS;
  }

  /**
   * Checks what each table's commit for this run wrote (the row counts Delta recorded in the
   * commit, found by the run's transaction id: no table is read again) against what the run
   * counted: a write skipped or doubled (by a redo that did not reproduce its first attempt, say)
   * stops the run here, before its commit. The small reference tables, replaced whole, are counted.
   */
  private void verifyWritten(
      IngestRun run,
      Lake lake,
      EventBatch.Outcome events,
      Map<ReferenceKind, ReferenceBatch.Outcome> references) {
    Txn txn = run.txn();
    long raw = committed(lake, LakeTable.RAW_EVENTS, txn);
    long cleansed = committed(lake, LakeTable.CLEANSED_EVENTS, txn);
    long quarantined = committed(lake, LakeTable.QUARANTINE_RECORDS, txn);
    RecordCounts counts = events.counts();
    long expectedQuarantine = quarantined(run, events, references);
    if (raw != counts.read()
        || cleansed != counts.cleansed()
        || quarantined != expectedQuarantine) {
      throw new IllegalStateException(
          String.format(
              "run %s counted %d events read, %d cleansed and %d records quarantined, but its"
                  + " commits wrote %d, %d and %d. The job state is not committed. The tables were"
                  + " changed outside this run, or a redo did not find the files of its first"
                  + " attempt; restore the landing files as they were and run again.",
              run.plan().runId(),
              counts.read(),
              counts.cleansed(),
              expectedQuarantine,
              raw,
              cleansed,
              quarantined));
    }
    long n = run.plan().run();
    for (Map.Entry<ReferenceKind, ReferenceBatch.Outcome> e : references.entrySet()) {
      long upserted =
          lake.read(cleansedTable(e.getKey())).where(col(INGEST_RUN).equalTo(n)).count();
      if (upserted != e.getValue().counts().cleansed()) {
        throw new IllegalStateException(
            String.format(
                "run %s upserted %d %s but %s holds %d rows of it. The job state is not"
                    + " committed; run again.",
                run.plan().runId(),
                e.getValue().counts().cleansed(),
                e.getKey().directory(),
                cleansedTable(e.getKey()).qualifiedName(),
                upserted));
      }
    }
  }

  /** The rows the run's commit wrote to {@code table}; 0 when it made none (nothing to write). */
  private static long committed(Lake lake, LakeTable table, Txn txn) {
    return lake.committedRows(table, txn, COMMITS_LOOKED_AT).orElse(0);
  }

  /**
   * How far back (in commits) a run looks for its own commit: other writers (the stream, one commit
   * per micro-batch) may have committed since.
   */
  private static final int COMMITS_LOOKED_AT = 10_000;

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
