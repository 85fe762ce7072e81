package dev.medallion.stream;

import dev.medallion.run.RecordCounts;
import java.util.Map;

/**
 * What one micro-batch did with its records: {@code read} = {@code cleansed} + {@code duplicates} +
 * {@code quarantined}, as for a batch run.
 *
 * @param late events behind the watermark, wherever the late policy sent them
 * @param written whether the batch wrote (false: a replay whose writes were already committed, or a
 *     batch with no records)
 */
public record BatchCounts(
    long batchId,
    long read,
    long cleansed,
    long duplicates,
    long quarantined,
    long late,
    Map<String, Long> quarantinedByReason,
    long processingMillis) {

  public static BatchCounts empty(long batchId, long processingMillis) {
    return new BatchCounts(batchId, 0, 0, 0, 0, 0, Map.of(), processingMillis);
  }

  public boolean balanced() {
    return read == cleansed + duplicates + quarantined;
  }

  public RecordCounts records() {
    return new RecordCounts(read, cleansed, duplicates, quarantined, late, quarantinedByReason);
  }
}
