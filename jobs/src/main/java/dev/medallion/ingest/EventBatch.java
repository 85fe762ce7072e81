package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.dedup.index.BatchDedup;
import dev.medallion.dedup.index.UniqueAppend;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.Lake;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.LatePolicy;
import dev.medallion.validate.Iso8601;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The events of one ingest run, from landed lines to the rows of raw, cleansed and quarantine, in
 * few passes: the files are read and validated once into a cached dataset; a narrow pass over the
 * valid rows' uuids and positions finds the duplicates (in the batch, then against history through
 * the uuid index) and the newest event time; one aggregation counts everything; the writers then
 * read the cached rows once each.
 */
final class EventBatch {
  private EventBatch() {}

  private static final String KEPT = "_kept";

  /**
   * @param quarantine quarantined records (not file failures)
   * @param failures files that failed while this attempt read them
   * @param maxEventTsMicros the newest event time of the batch, at most the run's start; null when
   *     the batch has no valid event
   */
  record Outcome(
      Dataset<Row> raw,
      Dataset<Row> cleansed,
      Dataset<Row> quarantine,
      RecordCounts counts,
      Map<String, String> failures,
      Long maxEventTsMicros,
      Instant watermark,
      Dataset<Row> marked,
      LatePolicy policy) {

    /**
     * This outcome when another writer committed {@code dropped} to cleansed first: those rows are
     * duplicates of its, and are counted again so (the rare case; one more aggregation).
     */
    Outcome withDuplicates(Set<String> dropped) {
      if (dropped.isEmpty()) {
        return this;
      }
      Column other = col(EVENT_UUID).isin(dropped.toArray());
      Dataset<Row> recounted =
          marked
              .withColumn(KEPT, col(KEPT).and(not(other)))
              .withColumn(IS_LATE, col(IS_LATE).and(not(other)));
      return new Outcome(
          raw,
          cleansed.where(not(other)),
          quarantine,
          count(recounted, policy),
          failures,
          maxEventTsMicros,
          watermark,
          recounted,
          policy);
    }
  }

  static Outcome run(
      IngestRun run,
      LandingReader reader,
      Lake lake,
      UuidIndex index,
      UniqueAppend.Pending cleansedWrite,
      Long historyMaxEventTsMicros,
      Cached cache,
      Progress progress) {
    List<LandingFile> files =
        run.plan().files(LandingKind.EVENTS.directory()).stream()
            .filter(f -> !run.recordedFailures().containsKey(f.path()))
            .toList();
    progress.step("reading and validating " + files.size() + " event file(s)");
    // One cached copy: the lines as read, validated. A failed file's rows are in it too (its
    // failure row is how the failure is known) and are left out of everything below.
    Dataset<Row> read = cache.keep(ValidatedLines.read(reader, files, run));
    Map<String, String> failures = FileFailures.detect(read);
    Dataset<Row> validated = FileFailures.exclude(read, failures.keySet());

    progress.step("deduplicating events");
    BatchDedup dedup =
        BatchDedup.of(
            EventCleansing.filterValid(validated),
            run.plan().reprocessAll() ? null : index,
            lake.readAt(LakeTable.CLEANSED_EVENTS, cleansedWrite.checkedVersion()),
            run.plan().run());

    // The watermark: the newest event time seen so far (earlier runs and this one; a time in the
    // future counts as the run's start) less the threshold. It depends only on the plan, the files
    // and the committed state, so a redo finds the same one.
    Long batchMax =
        dedup.maxEventTsMicros() == null
            ? null
            : Math.min(dedup.maxEventTsMicros(), Iso8601.micros(run.startedAt()));
    Long newest = IngestRun.newest(historyMaxEventTsMicros, batchMax);
    Instant watermark =
        newest == null
            ? null
            : Instant.EPOCH.plus(newest, ChronoUnit.MICROS).minus(run.lateThreshold());

    Column late =
        watermark == null ? lit(false) : col(EVENT_TS).lt(lit(java.sql.Timestamp.from(watermark)));
    Dataset<Row> marked =
        validated
            .withColumn(KEPT, col(EventCleansing.VALID).and(dedup.keep()))
            .withColumn(IS_LATE, col(KEPT).and(late));
    LatePolicy policy = run.latePolicy();
    Dataset<Row> unique = marked.where(col(KEPT));
    Dataset<Row> cleansed =
        EventCleansing.toCleansed(EventCleansing.filterLateKept(unique, policy));
    Dataset<Row> quarantined =
        EventCleansing.toQuarantine(
            EventCleansing.filterRejected(validated)
                .unionByName(EventCleansing.filterLateToQuarantine(unique, policy), true),
            RecordType.EVENT);

    progress.step("counting");
    RecordCounts counts = count(marked, policy);
    return new Outcome(
        EventCleansing.toRawFromFiles(validated),
        cleansed,
        quarantined,
        counts,
        failures,
        batchMax,
        watermark,
        marked,
        policy);
  }

  /** Every count of the run in one aggregation: by validity, kept, late, and reasons. */
  private static RecordCounts count(Dataset<Row> marked, LatePolicy policy) {
    long read = 0;
    long valid = 0;
    long kept = 0;
    long late = 0;
    long rejected = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (Row row :
        marked
            .groupBy(col(EventCleansing.VALID), col(KEPT), col(IS_LATE), col(REASONS))
            .count()
            .collectAsList()) {
      long n = row.getLong(4);
      read += n;
      if (row.getBoolean(0)) {
        valid += n;
      } else {
        rejected += n;
        for (Object reason : row.getList(3)) {
          reasons.merge((String) reason, n, Long::sum);
        }
      }
      kept += row.getBoolean(1) ? n : 0;
      late += row.getBoolean(2) ? n : 0;
    }
    long lateQuarantined = policy == LatePolicy.QUARANTINE ? late : 0;
    if (lateQuarantined > 0) {
      reasons.merge(Reasons.LATE, lateQuarantined, Long::sum);
    }
    return new RecordCounts(
        read, kept - lateQuarantined, valid - kept, rejected + lateQuarantined, late, reasons);
  }
}
