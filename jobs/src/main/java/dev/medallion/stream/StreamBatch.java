package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import dev.medallion.curate.CuratedWrites;
import dev.medallion.curate.CurrentReferences;
import dev.medallion.dedup.FirstInMicroBatch;
import dev.medallion.dedup.index.CleansedUuids;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.ConcurrentWrites;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.LatePolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One micro-batch of the streaming job, run by {@code foreachBatch}: the same validation and
 * cleansing rules as the batch job, then the writes to raw, quarantine and cleansed, and the
 * micro-batch's new events enriched into curated, each tagged with the query's Delta transaction id
 * and the batch id.
 *
 * <p>The batch arrives as two sets of rows (see {@link StreamJob#plan}): every record as read
 * ({@value #ALL}, not parsed), and the valid events that the streaming dedup kept ({@value #KEPT}:
 * first of their event_uuid within the watermark, not behind it). One Spark job reads the few
 * columns the rules need into the driver; the records the dedup did not keep (malformed ones,
 * duplicates the state knew and events behind the watermark, usually a few in a hundred) are
 * validated again to tell which. Of the valid ones, the first record of a uuid that no other record
 * of the batch holds is a late event, anything else a duplicate ({@link FirstInMicroBatch}). Then
 * the global rule: a uuid cleansed already holds, however long ago it was written, is a duplicate
 * too ({@link CleansedUuids}). The batch checks against the version of cleansed its write begins on
 * and appends through {@link UniqueAppend}: a uuid another writer (a batch ingest run) commits
 * between that check and the write is dropped there and counted as a duplicate. Raw and quarantine
 * are written beside cleansed; curated after it, from the rows cleansed took ({@link
 * CuratedWrites}: the stream curates the events it cleansed, the batch curate job every other).
 *
 * <p>Exactly once: a micro-batch that dies is run again after a restart with the same records (the
 * source replays the offsets logged for it) and the same state, so it computes the same rows, and
 * Delta skips every write the first attempt committed. Rows of the batch's own first attempt are
 * not counted as already seen, so its counts are the same too; its curated rows are then those its
 * first attempt committed to cleansed.
 */
final class StreamBatch implements VoidFunction2<Dataset<Row>, Long> {
  static final String KIND = "_kind";
  static final String ALL = "all";
  static final String KEPT = "kept";
  private static final String PRODUCED_AT = "produced_at_ms";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamBatch.class);

  private final Lake lake;
  private final StreamConfig config;
  private final CleansedUuids uuids;
  private final UniqueAppend cleansedWriter;
  private final CuratedWrites curated;
  private final CurrentReferences references;
  private final MetricsRefresh metricsRefresh;
  private final StreamMetrics metrics;
  private boolean streamRowsMarked;

  StreamBatch(Lake lake, StreamConfig config, StreamMetrics metrics) {
    this.lake = lake;
    this.config = config;
    this.uuids = new CleansedUuids(lake);
    this.cleansedWriter = new UniqueAppend(lake);
    this.curated = new CuratedWrites(lake);
    this.references = new CurrentReferences(lake);
    this.metricsRefresh =
        new MetricsRefresh(
            curated, new HadoopFiles(lake.spark().sparkContext().hadoopConfiguration()), config);
    this.metrics = metrics;
  }

  /** The {@code _run_id} of a micro-batch's rows. */
  static String runId(String stream, long batchId) {
    return "stream:" + stream + ":" + batchId;
  }

  /**
   * After the query stopped: recomputes the metrics that wait, and lets go of what the batches kept
   * in memory (the references).
   */
  void close() {
    try {
      metricsRefresh.flush();
    } catch (RuntimeException e) {
      // The dates stay in the file of dates waiting: the next run recomputes them.
      LOG.warn("curated.daily_event_metrics not recomputed at the end of the run", e);
    } finally {
      references.close();
    }
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
    // One Spark job: every record's place, and the few columns the rules need of the kept ones.
    List<Row> places = tagged.select(ruleColumns(col(KIND))).collectAsList();
    List<String> allPlaces = new ArrayList<>(places.size());
    List<FirstInMicroBatch.Event> kept = new ArrayList<>();
    for (Row r : places) {
      if (ALL.equals(r.getString(0))) {
        allPlaces.add(FirstInMicroBatch.key(r.getString(1), r.getString(2)));
      } else {
        kept.add(event(r, 1));
      }
    }
    long read = allPlaces.size();
    if (read == 0) {
      // A batch with no records (the watermark moved): nothing to write, no Delta commit.
      return BatchCounts.empty(batchId, System.currentTimeMillis() - started);
    }
    Set<String> keptPlaces = new HashSet<>(kept.size() * 2);
    kept.forEach(e -> keptPlaces.add(e.key()));
    List<String> notKeptPlaces = new ArrayList<>();
    for (String place : allPlaces) {
      if (!keptPlaces.contains(place)) {
        notKeptPlaces.add(place);
      }
    }

    Dataset<Row> lines =
        tagged
            .where(col(KIND).equalTo(ALL))
            .select(StreamLines.COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> notKept =
        notKeptPlaces.isEmpty()
            ? null
            : withRun(
                    EventCleansing.withValidation(atPlaces(lines, notKeptPlaces, "left_semi")),
                    runId)
                .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rejectedCount = 0;
      Map<String, Long> reasons = new TreeMap<>();
      List<FirstInMicroBatch.Event> validNotKept = new ArrayList<>();
      if (notKept != null) {
        for (Row r :
            notKept
                .select(ruleColumns(lit(ALL), col(EventCleansing.VALID), col(REASONS)))
                .collectAsList()) {
          if (r.getBoolean(7)) {
            validNotKept.add(event(r, 1));
          } else {
            rejectedCount++;
            for (Object reason : r.getList(8)) {
              reasons.merge((String) reason, 1L, Long::sum);
            }
          }
        }
      }
      List<FirstInMicroBatch.First> firsts = FirstInMicroBatch.of(kept, validNotKept);
      List<String> candidates = new ArrayList<>(firsts.size());
      firsts.forEach(f -> candidates.add(f.uuid()));
      Txn txn = new Txn(config.appId(), batchId);
      UniqueAppend.Pending pending = cleansedWriter.begin(txn);
      uuids.refresh(pending.checkedVersion());
      Set<String> seen = uuids.seen(candidates, runId);
      LatePolicy policy = config.latePolicy();
      Tally tally = Tally.of(firsts, seen, policy, read, rejectedCount);
      if (tally.late() > 0 && policy == LatePolicy.QUARANTINE) {
        reasons.merge(Reasons.LATE, tally.late(), Long::sum);
      }

      Dataset<Row> keptRows =
          withRun(
              tagged.where(col(KIND).equalTo(KEPT)).drop(KIND).withColumn(IS_LATE, lit(false)),
              runId);
      if (!seen.isEmpty()) {
        keptRows = CleansedUuids.withUuids(keptRows, seen, "left_anti");
      }
      Dataset<Row> lateRows =
          tally.latePlaces().isEmpty()
              ? null
              : atPlaces(notKept, tally.latePlaces(), "left_semi").withColumn(IS_LATE, lit(true));
      Dataset<Row> cleansed =
          EventCleansing.toCleansed(
              lateRows == null || policy != LatePolicy.KEEP
                  ? keptRows
                  : keptRows.unionByName(lateRows));
      Dataset<Row> quarantine = null;
      if (tally.quarantined() > 0) {
        Dataset<Row> rejected = EventCleansing.filterRejected(notKept);
        if (lateRows != null && policy == LatePolicy.QUARANTINE) {
          rejected =
              rejected.unionByName(EventCleansing.filterLateToQuarantine(lateRows, policy), true);
        }
        quarantine = EventCleansing.toQuarantine(rejected, RecordType.EVENT);
      }

      Faults.point("stream.before-writes");
      Dataset<Row> toQuarantine = quarantine;
      Dataset<Row> raw = EventCleansing.select(withRun(lines, runId), Schemas.RAW_EVENTS);
      List<String> added = tally.added();
      try (ConcurrentWrites beside = new ConcurrentWrites()) {
        beside.submit(
            () -> {
              lake.appendOnce(LakeTable.RAW_EVENTS, raw, txn);
              Faults.point("stream.raw-written");
              if (toQuarantine != null) {
                lake.appendOnce(LakeTable.QUARANTINE_RECORDS, toQuarantine, txn);
              }
              Faults.point("stream.quarantine-written");
            });
        Dataset<Row> curatedInput = null;
        if (pending.alreadyCommitted()) {
          // A replay: curate what the first attempt committed (Delta skips it if that is done).
          curatedInput = lake.read(LakeTable.CLEANSED_EVENTS).where(col(RUN_ID).equalTo(runId));
        } else if (tally.cleansed() > 0) {
          markStreamRows();
          UniqueAppend.Result result = pending.commit(cleansed.coalesce(1)); // a file a date
          curatedInput = cleansed;
          if (!result.droppedUuids().isEmpty()) {
            // Another writer committed these uuids after the check: they are duplicates now.
            Set<String> duplicates = new HashSet<>(seen);
            duplicates.addAll(result.droppedUuids());
            tally = Tally.of(firsts, duplicates, policy, read, rejectedCount);
            curatedInput = CleansedUuids.withUuids(cleansed, result.droppedUuids(), "left_anti");
            added = tally.added();
          }
          uuids.added(added, result.version());
        }
        Faults.point("stream.cleansed-written");
        if (curatedInput != null) {
          Tally done = tally;
          curate(
              curatedInput,
              pending.alreadyCommitted() ? null : tally.eventDays(),
              txn,
              () -> metrics.visible(batchId, done.producedAt(), System.currentTimeMillis()));
        }
        Faults.point("stream.curated-written");
        metricsRefresh.afterBatch(batchId);
        beside.awaitAll();
      }
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
      if (notKept != null) {
        notKept.unpersist();
      }
    }
  }

  /**
   * Appends the micro-batch's cleansed rows to curated, enriched with the references cleansed holds
   * now; the metrics of the dates they touch ({@code eventDays}; null: read them) wait for {@link
   * MetricsRefresh}.
   *
   * @param whenVisible run once the enriched rows are committed
   */
  private void curate(
      Dataset<Row> cleansed, Set<Integer> eventDays, Txn txn, Runnable whenVisible) {
    List<String> dates = new ArrayList<>();
    if (eventDays == null) {
      cleansed.select(EVENT_DATE).distinct().collectAsList().stream()
          .map(r -> r.get(0).toString())
          .forEach(dates::add);
    } else {
      eventDays.forEach(d -> dates.add(LocalDate.ofEpochDay(d).toString()));
    }
    metricsRefresh.touching(dates);
    Dataset<Row> enriched =
        CuratedWrites.enrich(
            cleansed,
            references.users(),
            references.transactions(),
            Instant.ofEpochMilli(System.currentTimeMillis()));
    lake.appendOnce(LakeTable.CURATED_EVENTS_ENRICHED, enriched, txn);
    whenVisible.run();
  }

  /**
   * The rows at ({@code left_semi}) or not at ({@code left_anti}) the places ({@link
   * FirstInMicroBatch#key}) given.
   */
  private static Dataset<Row> atPlaces(Dataset<Row> rows, Collection<String> places, String how) {
    Column place = concat(coalesce(col(SHARD_ID), lit("")), lit("\u0000"), col(SEQUENCE_NUMBER));
    return CleansedUuids.withValues(rows, place, places, how);
  }

  /**
   * {@code first}, then the columns the rules need of a record ({@link #event} reads them), then
   * {@code more}.
   */
  private static Column[] ruleColumns(Column first, Column... more) {
    List<Column> columns =
        new ArrayList<>(
            List.of(
                first,
                col(SHARD_ID),
                col(SEQUENCE_NUMBER),
                col(EVENT_UUID),
                expr("unix_micros(" + INGESTED_AT + ")"),
                col(ATTRIBUTES).getItem(PRODUCED_AT),
                expr("unix_date(" + EVENT_DATE + ")")));
    columns.addAll(List.of(more));
    return columns.toArray(Column[]::new);
  }

  /**
   * The rule's columns of a record, from column {@code from} on: as {@link #process} reads them.
   */
  private static FirstInMicroBatch.Event event(Row r, int from) {
    return new FirstInMicroBatch.Event(
        FirstInMicroBatch.key(r.getString(from), r.getString(from + 1)),
        r.getString(from + 2),
        r.getString(from),
        r.getString(from + 1),
        r.getLong(from + 3),
        r.isNullAt(from + 4) ? null : r.getString(from + 4),
        r.isNullAt(from + 5) ? 0 : r.getInt(from + 5));
  }

  /**
   * The counts of a micro-batch, from the first records of its uuids and those of them that are
   * duplicates of rows cleansed holds.
   *
   * @param added the uuids it adds to cleansed
   * @param latePlaces the places of the late events that are not duplicates
   * @param producedAt when the producer sent the events it adds to cleansed (those that say)
   * @param eventDays the event dates of the events it adds to cleansed
   */
  private record Tally(
      long cleansed,
      long duplicates,
      long quarantined,
      long late,
      List<String> added,
      List<String> latePlaces,
      List<Long> producedAt,
      Set<Integer> eventDays) {

    static Tally of(
        List<FirstInMicroBatch.First> firsts,
        Set<String> seen,
        LatePolicy policy,
        long read,
        long rejectedCount) {
      long uniqueCount = 0;
      long late = 0;
      List<String> added = new ArrayList<>();
      List<String> latePlaces = new ArrayList<>();
      List<Long> producedAt = new ArrayList<>();
      Set<Integer> days = new HashSet<>();
      for (FirstInMicroBatch.First f : firsts) {
        if (seen.contains(f.uuid())) {
          continue;
        }
        uniqueCount++;
        if (f.late()) {
          late++;
          latePlaces.add(f.event().key());
        }
        if (!f.late() || policy == LatePolicy.KEEP) {
          added.add(f.uuid());
          days.add(f.event().eventDay());
          if (f.event().producedAt() != null) {
            producedAt.add(parseLongOrNull(f.event().producedAt()));
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
          latePlaces,
          producedAt,
          days);
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
