package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import dev.medallion.dedup.Deduplication;
import dev.medallion.dedup.index.CleansedUuids;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.LatePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One micro-batch of the streaming job, run by {@code foreachBatch}: the same validation and
 * cleansing steps as the batch job, then the writes to raw, quarantine and cleansed, each tagged
 * with the query's Delta transaction id and the batch id.
 *
 * <p>The batch arrives as two sets of rows (see {@link StreamJob}): every record as read ({@value
 * #ALL}), and the valid events that the streaming dedup kept ({@value #KEPT}: first of their
 * event_uuid within the watermark, not behind it). A valid record that was not kept is a duplicate
 * the state knew, or an event behind the watermark, which the state drops without a trace; the
 * batch tells them apart by its event_uuid: the first record of a uuid no earlier row holds is a
 * late event, anything else a duplicate. Then the global rule: a uuid cleansed already holds,
 * however long ago it was written, is a duplicate too. The batch checks against the version of
 * cleansed its write begins on and appends through {@link UniqueAppend}: a uuid another writer (a
 * batch ingest run) commits between that check and the write is dropped there and counted as a
 * duplicate.
 *
 * <p>Exactly once: a micro-batch that dies is run again after a restart with the same records (the
 * source replays the offsets logged for it) and the same state, so it computes the same rows, and
 * Delta skips every write the first attempt committed. Rows of the batch's own first attempt are
 * not counted as already seen, so its counts are the same too.
 */
final class StreamBatch implements VoidFunction2<Dataset<Row>, Long> {
  static final String KIND = "_kind";
  static final String ALL = "all";
  static final String KEPT = "kept";
  private static final String PRODUCED_AT = "produced_at_ms";

  private final Lake lake;
  private final StreamConfig config;
  private final CleansedUuids uuids;
  private final UniqueAppend cleansedWriter;
  private final StreamMetrics metrics;
  private boolean streamRowsMarked;

  StreamBatch(Lake lake, StreamConfig config, StreamMetrics metrics) {
    this.lake = lake;
    this.config = config;
    this.uuids = new CleansedUuids(lake);
    this.cleansedWriter = new UniqueAppend(lake);
    this.metrics = metrics;
  }

  /** The {@code _run_id} of a micro-batch's rows. */
  static String runId(String stream, long batchId) {
    return "stream:" + stream + ":" + batchId;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    long started = System.currentTimeMillis();
    Dataset<Row> tagged = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      BatchCounts counts = process(tagged, batchId, started);
      metrics.batchDone(counts);
    } finally {
      tagged.unpersist();
    }
  }

  private BatchCounts process(Dataset<Row> tagged, long batchId, long started) {
    String runId = runId(config.stream(), batchId);
    Dataset<Row> all = withRun(tagged.where(col(KIND).equalTo(ALL)).drop(KIND), runId);
    long read = all.count();
    if (read == 0) {
      // A batch with no records (the watermark moved): nothing to write, no Delta commit.
      return BatchCounts.empty(batchId, System.currentTimeMillis() - started);
    }
    Dataset<Row> kept = withRun(tagged.where(col(KIND).equalTo(KEPT)).drop(KIND), runId);
    Dataset<Row> valid = EventCleansing.filterValid(all);
    Dataset<Row> rejected = EventCleansing.filterRejected(all);

    Dataset<Row> keptKeys =
        kept.select(col(SHARD_ID).as("_kept_shard"), col(SEQUENCE_NUMBER).as("_kept_seq"));
    Dataset<Row> notKept =
        valid.join(
            keptKeys,
            valid
                .col(SEQUENCE_NUMBER)
                .equalTo(keptKeys.col("_kept_seq"))
                .and(valid.col(SHARD_ID).eqNullSafe(keptKeys.col("_kept_shard"))),
            "left_anti");
    Dataset<Row> first =
        Deduplication.filterFirstInMicroBatch(kept, notKept)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> ids =
          first
              .select(
                  col(EVENT_UUID),
                  col(Deduplication.PRIORITY),
                  col(ATTRIBUTES).getItem(PRODUCED_AT))
              .collectAsList();
      List<String> candidates = new ArrayList<>(ids.size());
      ids.forEach(r -> candidates.add(r.getString(0)));
      Txn txn = new Txn(config.appId(), batchId);
      UniqueAppend.Pending pending = cleansedWriter.begin(txn);
      uuids.refresh(pending.checkedVersion());
      Set<String> seen = uuids.seen(candidates, runId);

      Dataset<Row> unique =
          seen.isEmpty() ? first : CleansedUuids.withUuids(first, seen, "left_anti");
      Dataset<Row> flagged = unique.withColumn(IS_LATE, col(Deduplication.PRIORITY).equalTo(1));
      LatePolicy policy = config.latePolicy();
      Dataset<Row> cleansed =
          EventCleansing.toCleansed(EventCleansing.filterLateKept(flagged, policy));
      Dataset<Row> quarantine =
          EventCleansing.toQuarantine(
              rejected.unionByName(EventCleansing.filterLateToQuarantine(flagged, policy), true),
              RecordType.EVENT);

      long rejectedCount = rejected.count();
      Tally tally = Tally.of(ids, seen, policy, read, rejectedCount);
      Map<String, Long> reasons =
          tally.quarantined() == 0 ? Map.of() : EventCleansing.reasonCounts(quarantine);

      Faults.point("stream.before-writes");
      lake.append(LakeTable.RAW_EVENTS, EventCleansing.select(all, Schemas.RAW_EVENTS), txn);
      Faults.point("stream.raw-written");
      if (tally.quarantined() > 0) {
        lake.append(LakeTable.QUARANTINE_RECORDS, quarantine, txn);
      }
      Faults.point("stream.quarantine-written");
      if (tally.cleansed() > 0 && !pending.alreadyCommitted()) {
        markStreamRows();
        UniqueAppend.Result result = pending.commit(cleansed);
        if (!result.droppedUuids().isEmpty()) {
          // Another writer committed these uuids after the check: they are duplicates now.
          Set<String> duplicates = new HashSet<>(seen);
          duplicates.addAll(result.droppedUuids());
          tally = Tally.of(ids, duplicates, policy, read, rejectedCount);
        }
        uuids.added(tally.added(), result.version());
        metrics.visible(tally.producedAt(), System.currentTimeMillis());
      }
      Faults.point("stream.cleansed-written");
      return new BatchCounts(
          batchId,
          read,
          tally.cleansed(),
          tally.duplicates(),
          tally.quarantined(),
          tally.late(),
          reasons,
          System.currentTimeMillis() - started);
    } finally {
      first.unpersist();
    }
  }

  /**
   * The counts of a micro-batch, from the uuids its first records have ({@code ids}: uuid, priority
   * 1 for a late event, produced_at) and those of them that are duplicates of rows cleansed holds.
   *
   * @param added the uuids it adds to cleansed
   * @param producedAt when the producer sent the events it adds to cleansed (those that say)
   */
  private record Tally(
      long cleansed,
      long duplicates,
      long quarantined,
      long late,
      List<String> added,
      List<Long> producedAt) {

    static Tally of(
        List<Row> ids, Set<String> seen, LatePolicy policy, long read, long rejectedCount) {
      long uniqueCount = 0;
      long late = 0;
      List<String> added = new ArrayList<>();
      List<Long> producedAt = new ArrayList<>();
      for (Row r : ids) {
        if (seen.contains(r.getString(0))) {
          continue;
        }
        uniqueCount++;
        boolean isLate = r.getInt(1) == 1;
        late += isLate ? 1 : 0;
        if (!isLate || policy == LatePolicy.KEEP) {
          added.add(r.getString(0));
          if (!r.isNullAt(2)) {
            producedAt.add(parseLongOrNull(r.getString(2)));
          }
        }
      }
      long lateQuarantined = policy == LatePolicy.QUARANTINE ? late : 0;
      return new Tally(
          uniqueCount - lateQuarantined,
          (read - rejectedCount) - uniqueCount,
          rejectedCount + lateQuarantined,
          late,
          added,
          producedAt);
    }
  }

  /** The run columns of a micro-batch: its run id, and the stream's run number. */
  private static Dataset<Row> withRun(Dataset<Row> rows, String runId) {
    return rows.withColumn(RUN_ID, lit(runId)).withColumn(INGEST_RUN, lit(STREAM_INGEST_RUN));
  }

  /** Tells the batch job, once, that cleansed holds streamed rows it must check uuids against. */
  private void markStreamRows() {
    if (!streamRowsMarked) {
      UuidIndex.markStreamRows(lake);
      streamRowsMarked = true;
    }
  }

  private static Long parseLongOrNull(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
