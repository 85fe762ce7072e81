package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.lake.Txn;
import dev.medallion.transform.LatePolicy;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One ingest run as its plan fixed it: its lineage columns, settings and transaction id. Everything
 * a run writes derives from here and from the files, so a redo writes the same rows.
 */
record IngestRun(RunPlan plan) {
  static final String LATE_POLICY = "late_policy";
  static final String LATE_THRESHOLD = "late_threshold";

  static Map<String, String> settings(LatePolicy policy, Duration threshold) {
    return Map.of(LATE_POLICY, policy.name(), LATE_THRESHOLD, threshold.toString());
  }

  LatePolicy latePolicy() {
    return LatePolicy.parse(plan.value(LATE_POLICY));
  }

  Duration lateThreshold() {
    return Duration.parse(plan.value(LATE_THRESHOLD));
  }

  Instant startedAt() {
    return Instant.ofEpochMilli(plan.startedAt());
  }

  Txn txn() {
    return new Txn("medallion." + IngestJob.JOB, plan.run());
  }

  /** Files whose failure the first attempt recorded: a redo leaves them out without reading. */
  Map<String, String> recordedFailures() {
    return plan.failedFiles() == null ? Map.of() : plan.failedFiles();
  }

  Dataset<Row> withLineage(Dataset<Row> rows) {
    Instant at = startedAt();
    return rows.withColumn(INGESTED_AT, lit(Timestamp.from(at)))
        .withColumn(RUN_ID, lit(plan.runId()))
        .withColumn(INGEST_RUN, lit(plan.run()))
        .withColumn(INGEST_DATE, lit(Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC))));
  }

  /**
   * The newer of two event times (epoch micros), either of which may be absent. (Written out: a
   * conditional mixing {@code Long} and {@code long} unboxes a null.)
   */
  static Long newest(Long a, Long b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Math.max(a, b);
  }
}
