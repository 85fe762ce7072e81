package dev.medallion.ingest;

import static dev.medallion.contract.Columns.REASONS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.ReferenceCleansing;
import dev.medallion.validate.ReferenceKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    Dataset<Row> latest = ReferenceCleansing.filterLatestPerKey(valid, kind);
    Dataset<Row> quarantined =
        EventCleansing.toQuarantine(EventCleansing.filterRejected(validated), kind.recordType());
    // Every count in one aggregation: the latest row per key is one row per distinct key.
    long records = 0;
    long validCount = 0;
    long latestCount = 0;
    long rejected = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (Row row :
        validated
            .groupBy(col(EventCleansing.VALID), col(REASONS))
            .agg(count(lit(1)), countDistinct(col(kind.key())))
            .collectAsList()) {
      long n = row.getLong(2);
      records += n;
      if (row.getBoolean(0)) {
        validCount += n;
        latestCount += row.getLong(3);
      } else {
        rejected += n;
        for (Object reason : row.getList(1)) {
          reasons.merge((String) reason, n, Long::sum);
        }
      }
    }
    RecordCounts counts =
        new RecordCounts(records, latestCount, validCount - latestCount, rejected, 0, reasons);
    return new Outcome(ReferenceCleansing.toCleansed(latest, kind), quarantined, counts, failures);
  }
}
