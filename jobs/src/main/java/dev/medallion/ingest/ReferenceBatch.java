package dev.medallion.ingest;

import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.ReferenceCleansing;
import dev.medallion.validate.ReferenceKind;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The users or transactions of one ingest run: validate the CSV records, keep the latest row per
 * key, and count. A later row for a key replaces an earlier one of the same run, as a later run's
 * row replaces one already in cleansed.
 */
final class ReferenceBatch {
  private ReferenceBatch() {}

  /**
   * @param cleansed the latest valid row per key, to upsert
   * @param quarantine the rejected records (not file failures)
   * @param failures files that failed while this attempt read them
   */
  record Outcome(
      Dataset<Row> cleansed,
      Dataset<Row> quarantine,
      RecordCounts counts,
      Map<String, String> failures) {}

  static Outcome run(
      IngestRun run, LandingReader reader, ReferenceKind kind, Cached cache, Progress progress) {
    List<LandingFile> files =
        run.plan().files(kind.directory()).stream()
            .filter(f -> !run.recordedFailures().containsKey(f.path()))
            .toList();
    progress.step("reading " + files.size() + " " + kind.directory() + " file(s)");
    Dataset<Row> read =
        cache.keep(
            ReferenceCleansing.withValidation(
                run.withLineage(reader.readCsvRecords(files, kind.key())), kind));
    Map<String, String> failures = FileFailures.detect(read);
    Dataset<Row> validated = FileFailures.exclude(read, failures.keySet());
    Dataset<Row> valid = EventCleansing.filterValid(validated);
    Dataset<Row> latest = cache.keep(ReferenceCleansing.filterLatestPerKey(valid, kind));
    Dataset<Row> quarantined =
        cache.keep(
            EventCleansing.toQuarantine(
                EventCleansing.filterRejected(validated), kind.recordType()));
    long validCount = valid.count();
    long latestCount = latest.count();
    RecordCounts counts =
        new RecordCounts(
            validated.count(),
            latestCount,
            validCount - latestCount,
            quarantined.count(),
            0,
            EventCleansing.reasonCounts(quarantined));
    return new Outcome(ReferenceCleansing.toCleansed(latest, kind), quarantined, counts, failures);
  }
}
