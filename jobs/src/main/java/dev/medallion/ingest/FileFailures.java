package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import dev.medallion.landing.LandingReader;
import dev.medallion.transform.EventCleansing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Files that could not be read to their end. Their records are left out of the run (the file is
 * read again by the next one) and each is recorded in quarantine as one {@code file} record.
 */
final class FileFailures {
  private FileFailures() {}

  /** File path to cause, for the files whose reading ended with a failure row. */
  static Map<String, String> detect(Dataset<Row> landed) {
    Map<String, String> failed = new TreeMap<>();
    for (Row row :
        landed
            .where(col(LINE).equalTo(LandingReader.FILE_FAILURE_LINE))
            .select(SOURCE, READ_ERROR)
            .collectAsList()) {
      failed.put(row.getString(0), row.getString(1));
    }
    return failed;
  }

  /** The landed rows less every row of the failed files. */
  static Dataset<Row> exclude(Dataset<Row> landed, Iterable<String> failed) {
    List<Object> paths = new ArrayList<>();
    failed.forEach(paths::add);
    return paths.isEmpty() ? landed : landed.where(not(col(SOURCE).isin(paths.toArray())));
  }

  /** One quarantine row per failed file, with the run's lineage. */
  static Dataset<Row> quarantineRows(
      SparkSession spark, Map<String, String> failed, IngestRun run) {
    List<Row> rows = new ArrayList<>();
    failed.forEach((path, cause) -> rows.add(RowFactory.create(path, cause)));
    Dataset<Row> files =
        spark.createDataFrame(
            rows,
            new org.apache.spark.sql.types.StructType()
                .add(SOURCE, "string", false)
                .add(REASON_DETAIL, "string"));
    return EventCleansing.select(
        run.withLineage(files)
            .withColumn(RECORD_TYPE, lit(RecordType.FILE.value()))
            .withColumn(RECORD, lit(null).cast("string"))
            .withColumn(REASONS, array(lit(Reasons.UNREADABLE_FILE)))
            .withColumn(LINE, lit(null).cast("long")),
        Schemas.QUARANTINE_RECORDS);
  }
}
