package dev.medallion.metrics;

import dev.medallion.metrics.Emf.Metric;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch run's metrics as one Embedded Metric Format line: {@code RunFailed} (0 or 1), and for a
 * run that read records {@code RecordsRead}, {@code RecordsCleansed}, {@code RecordsQuarantined}
 * and {@code QuarantineRatio}, over every kind of record it read; for curate and load, {@code
 * RowsWritten}. The alarms of the deployment watch {@code QuarantineRatio} of ingest and {@code
 * RunFailed} of load.
 */
public final class RunMetrics {
  private RunMetrics() {}

  public static String emf(RunSummary summary) {
    Map<String, Metric> metrics = new LinkedHashMap<>();
    metrics.put("RunFailed", Metric.count(RunSummary.FAILED.equals(summary.status()) ? 1 : 0));
    metrics.put("DurationMs", Metric.millis(summary.elapsedMillis()));
    if (summary.records() != null && !summary.records().isEmpty()) {
      long read = 0, cleansed = 0, quarantined = 0;
      for (RecordCounts c : summary.records().values()) {
        read += c.read();
        cleansed += c.cleansed();
        quarantined += c.quarantined();
      }
      metrics.put("RecordsRead", Metric.count(read));
      metrics.put("RecordsCleansed", Metric.count(cleansed));
      metrics.put("RecordsQuarantined", Metric.count(quarantined));
      metrics.put("QuarantineRatio", Metric.ratio(read == 0 ? 0 : (double) quarantined / read));
    }
    if (summary.curated() != null && !summary.curated().isEmpty()) {
      metrics.put(
          "RowsWritten",
          Metric.count(summary.curated().values().stream().mapToLong(Long::longValue).sum()));
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("RunId", summary.runId());
    properties.put("Status", summary.status());
    return Emf.line(
        summary.job(),
        summary.startedAt() == null
            ? System.currentTimeMillis()
            : Instant.parse(summary.startedAt()).toEpochMilli() + summary.elapsedMillis(),
        metrics,
        properties);
  }
}
