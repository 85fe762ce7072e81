package dev.medallion.run;

import java.util.Map;

/**
 * What happened to the records of one kind in one run. For events: {@code read} (= raw) = {@code
 * cleansed} + {@code duplicates} + {@code quarantined}. For users and transactions: {@code read} =
 * {@code cleansed} (rows upserted) + {@code duplicates} (rows replaced by a later row of the same
 * key in the same run) + {@code quarantined}.
 *
 * @param late events behind the watermark, wherever the late policy sent them
 * @param quarantinedByReason how often each reason occurred (a record may have several)
 */
public record RecordCounts(
    long read,
    long cleansed,
    long duplicates,
    long quarantined,
    long late,
    Map<String, Long> quarantinedByReason) {

  public boolean balanced() {
    return read == cleansed + duplicates + quarantined;
  }
}
