package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.RecordType;
import dev.medallion.dedup.Deduplication;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.Lake;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.transform.EventCleansing;
import dev.medallion.validate.Iso8601;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The events of one ingest run, from landed lines to the rows of raw, cleansed and quarantine:
 * validate, deduplicate (in the batch, then against history through the uuid index), flag late
 * events and apply the late policy, and count.
 */
final class EventBatch {
  private EventBatch() {}

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
      Instant watermark) {}

  static Outcome run(
      IngestRun run,
      LandingReader reader,
      Lake lake,
      UuidIndex index,
      Long historyMaxEventTsMicros,
      Cached cache,
      Progress progress) {
    List<LandingFile> files =
        run.plan().files(LandingKind.EVENTS.directory()).stream()
            .filter(f -> !run.recordedFailures().containsKey(f.path()))
            .toList();
    progress.step("reading " + files.size() + " event file(s)");
    // One cached copy: the lines as read, validated. A failed file's rows are in it too (its
    // failure row is how the failure is known) and are left out of everything below.
    progress.step("validating events");
    Dataset<Row> read =
        cache.keep(EventCleansing.withValidation(run.withLineage(reader.readLines(files))));
    Map<String, String> failures = FileFailures.detect(read);
    Dataset<Row> validated = FileFailures.exclude(read, failures.keySet());
    Dataset<Row> raw = EventCleansing.toRawFromFiles(validated);
    Dataset<Row> rejected = EventCleansing.filterRejected(validated);
    Dataset<Row> valid = EventCleansing.filterValid(validated);

    progress.step("deduplicating events");
    Dataset<Row> firstInBatch = cache.keep(Deduplication.filterFirstInBatch(valid));
    Dataset<Row> unique =
        run.plan().reprocessAll()
            ? firstInBatch
            : Deduplication.filterUnseen(
                firstInBatch,
                index.seen(firstInBatch, lake.read(LakeTable.CLEANSED_EVENTS), run.plan().run()));
    unique = cache.keep(unique);

    // The watermark: the newest event time seen so far (earlier runs and this one; a time in the
    // future counts as the run's start) less the threshold. It depends only on the plan, the files
    // and the committed state, so a redo finds the same one.
    Row maxRow = unique.agg(max(col(EVENT_TS))).head();
    Long batchMax =
        maxRow.isNullAt(0)
            ? null
            : Math.min(toMicros(maxRow.get(0)), Iso8601.micros(run.startedAt()));
    Long newest = IngestRun.newest(historyMaxEventTsMicros, batchMax);
    Instant watermark =
        newest == null
            ? null
            : Instant.EPOCH.plus(newest, ChronoUnit.MICROS).minus(run.lateThreshold());
    Dataset<Row> flagged = cache.keep(EventCleansing.withLateFlag(unique, watermark));
    Dataset<Row> cleansed =
        cache.keep(
            EventCleansing.toCleansed(EventCleansing.filterLateKept(flagged, run.latePolicy())));
    Dataset<Row> quarantined =
        cache.keep(
            EventCleansing.toQuarantine(
                rejected.unionByName(
                    EventCleansing.filterLateToQuarantine(flagged, run.latePolicy()), true),
                RecordType.EVENT));

    progress.step("counting");
    long validCount = valid.count();
    long uniqueCount = unique.count();
    RecordCounts counts =
        new RecordCounts(
            raw.count(),
            cleansed.count(),
            validCount - uniqueCount,
            quarantined.count(),
            flagged.where(col(IS_LATE)).count(),
            EventCleansing.reasonCounts(quarantined));
    return new Outcome(raw, cleansed, quarantined, counts, failures, batchMax, watermark);
  }

  private static long toMicros(Object timestamp) {
    return Iso8601.micros(timestamp instanceof Instant i ? i : ((Timestamp) timestamp).toInstant());
  }
}
