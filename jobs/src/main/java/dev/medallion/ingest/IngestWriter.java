package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;

import dev.medallion.contract.LakeTable;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.ConcurrentWrites;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.validate.ReferenceKind;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest run's writer: every table the run writes, each commit tagged with the run's Delta
 * transaction id (so a redo after a crash skips what the first attempt committed), and the check of
 * what those commits wrote against what the run counted.
 */
final class IngestWriter {
  private final SparkSession spark;
  private final Lake lake;
  private final UuidIndex index;
  private final Progress progress;

  IngestWriter(SparkSession spark, Lake lake, UuidIndex index, Progress progress) {
    this.spark = spark;
    this.lake = lake;
    this.index = index;
    this.progress = progress;
  }

  /**
   * Writes every table of the run, each with the run's transaction id. Raw and quarantine are
   * written beside the references, cleansed.events and its index (in that order: curate may read
   * cleansed.events as soon as it is committed, and must find the references its events point to).
   */
  /**
   * Writes the run's tables; returns its events as written: rows another writer committed to
   * cleansed.events between the run's check and its append are duplicates of those.
   */
  EventBatch.Outcome write(
      IngestRun run,
      EventBatch.Outcome events,
      Map<ReferenceKind, ReferenceBatch.Outcome> references,
      UniqueAppend.Pending cleansedWrite) {
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
    try (ConcurrentWrites beside = new ConcurrentWrites();
        ConcurrentWrites referencesFirst = new ConcurrentWrites()) {
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
      referencesFirst.submit(
          () -> {
            for (Map.Entry<ReferenceKind, ReferenceBatch.Outcome> e : references.entrySet()) {
              LakeTable table = cleansedTable(e.getKey());
              if (overwrite) {
                lake.overwrite(table, e.getValue().cleansed(), txn);
              } else if (e.getValue().counts().cleansed() > 0) {
                lake.replaceByKey(table, e.getValue().cleansed(), e.getKey().key(), txn);
              }
            }
            Faults.point("ingest.references-written");
          });
      // References are committed before cleansed.events: curate may read cleansed.events as soon
      // as it is committed. The events' data files are written meanwhile.
      Runnable afterReferences = referencesFirst::awaitAll;
      EventBatch.Outcome written = events;
      if (overwrite) {
        afterReferences.run();
        lake.overwrite(LakeTable.CLEANSED_EVENTS, events.cleansed(), txn);
      } else if (events.counts().cleansed() > 0 && !cleansedWrite.alreadyCommitted()) {
        UniqueAppend.Result result =
            cleansedWrite.commit(
                lake.laidOut(LakeTable.CLEANSED_EVENTS, events.cleansed()), afterReferences);
        written = events.withDuplicates(result.droppedUuids());
      } else {
        afterReferences.run();
      }
      Faults.point("ingest.cleansed-written");
      if (overwrite) {
        index.clear();
      }
      index.write(
          run.plan().run(),
          written.cleansed(),
          written.counts().cleansed(),
          lake.read(LakeTable.CLEANSED_EVENTS));
      Faults.point("ingest.index-written");
      beside.awaitAll();
      return written;
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
  void verify(
      IngestRun run,
      EventBatch.Outcome events,
      Map<ReferenceKind, ReferenceBatch.Outcome> references) {
    Txn txn = run.txn();
    long raw = lake.committedRows(LakeTable.RAW_EVENTS, txn, run.plan().startedAt());
    long cleansed = lake.committedRows(LakeTable.CLEANSED_EVENTS, txn, run.plan().startedAt());
    long quarantined =
        lake.committedRows(LakeTable.QUARANTINE_RECORDS, txn, run.plan().startedAt());
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
}
