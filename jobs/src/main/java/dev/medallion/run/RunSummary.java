package dev.medallion.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.medallion.bookmark.store.RunPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The summary every job run prints and writes to {@code <lake>/_runs/<job>/<run-id>.json}.
 *
 * @param files per landing kind (ingest only)
 * @param records per kind: events, users, transactions (ingest only)
 * @param curated rows written per table (curate, load)
 * @param watermark the event-time watermark of the run (ingest), ISO-8601 or null
 * @param microBatches the streaming job's micro-batches with records (at most the last {@value
 *     #MAX_MICRO_BATCHES}); null for the batch jobs
 * @param maintained per table (and the uuid index), its files before and after (maintenance only;
 *     null for the other jobs)
 */
public record RunSummary(
    String job,
    String runId,
    long run,
    String status,
    String startedAt,
    long elapsedMillis,
    Map<String, FileCounts> files,
    Map<String, RecordCounts> records,
    Map<String, Long> curated,
    String watermark,
    String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<MicroBatch> microBatches,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Maintained> maintained) {

  /** A summary of any job but maintenance. */
  public RunSummary(
      String job,
      String runId,
      long run,
      String status,
      String startedAt,
      long elapsedMillis,
      Map<String, FileCounts> files,
      Map<String, RecordCounts> records,
      Map<String, Long> curated,
      String watermark,
      String message,
      List<MicroBatch> microBatches) {
    this(
        job,
        runId,
        run,
        status,
        startedAt,
        elapsedMillis,
        files,
        records,
        curated,
        watermark,
        message,
        microBatches,
        null);
  }

  /**
   * What the maintenance job did to one table: its data files (those of its current version) and
   * the files stored under it (those plus the ones removed from the table that VACUUM has not
   * deleted yet, and change data), before and after. In a dry run, "after" is what a real run would
   * leave.
   *
   * @param retainedHours the retention VACUUM used for the table (null: not vacuumed)
   * @param note what else to know, e.g. why the retention is longer than asked; or null
   */
  public record Maintained(
      long filesBefore,
      long filesAfter,
      long bytesBefore,
      long bytesAfter,
      long storedFilesBefore,
      long storedFilesAfter,
      long storedBytesBefore,
      long storedBytesAfter,
      Long retainedHours,
      String note) {}

  /** How many micro-batches a summary lists at most: the last ones. */
  public static final int MAX_MICRO_BATCHES = 1000;

  /**
   * One micro-batch of the streaming job: its counts and what Spark measured.
   *
   * @param latencyMedianMillis from the producer to curated, the median over the micro-batch's
   *     events that carry their production time (null: none did)
   * @param latencyMaxMillis the same, the longest: how far the stream lagged behind its producers
   */
  public record MicroBatch(
      long batchId,
      long read,
      long cleansed,
      long duplicates,
      long quarantined,
      long late,
      long durationMillis,
      double rowsPerSecond,
      String watermark,
      long stateRows,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long latencyMedianMillis,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long latencyMaxMillis) {}

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  /**
   * The summary of a planned run that ended with {@code status} now, having started (in this
   * process) at {@code started}.
   */
  public static RunSummary of(
      RunPlan plan,
      String status,
      long started,
      Map<String, FileCounts> files,
      Map<String, RecordCounts> records,
      Map<String, Long> curated,
      String watermark,
      String message) {
    return new RunSummary(
        plan.job(),
        plan.runId(),
        plan.run(),
        status,
        Instant.ofEpochMilli(plan.startedAt()).toString(),
        System.currentTimeMillis() - started,
        files,
        records,
        curated,
        watermark,
        message,
        null,
        null);
  }
}
