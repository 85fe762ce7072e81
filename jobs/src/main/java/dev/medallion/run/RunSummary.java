package dev.medallion.run;

import dev.medallion.state.RunPlan;
import java.time.Instant;
import java.util.Map;

/**
 * The summary every job run prints and writes to {@code <lake>/_runs/<job>/<run-id>.json}.
 *
 * @param files per landing kind (ingest only)
 * @param records per kind: events, users, transactions (ingest only)
 * @param curated rows written per table (curate, load)
 * @param watermark the event-time watermark of the run (ingest), ISO-8601 or null
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
    String message) {

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
        message);
  }
}
