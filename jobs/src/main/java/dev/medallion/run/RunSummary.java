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
    @JsonInclude(JsonInclude.Include.NON_NULL) List<MicroBatch> microBatches) {

  /** How many micro-batches a summary lists at most: the last ones. */
  public static final int MAX_MICRO_BATCHES = 1000;

  /** One micro-batch of the streaming job: its counts and what Spark measured. */
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
      long stateRows) {}

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
        null);
  }
}
