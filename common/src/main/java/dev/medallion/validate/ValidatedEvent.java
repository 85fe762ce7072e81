package dev.medallion.validate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of validating one event record: its typed fields (those that could be read) and every
 * reason it failed; valid when there are no reasons.
 */
public record ValidatedEvent(
    String eventUuid,
    String eventType,
    String eventSubtype,
    Instant eventTs,
    String userId,
    String transactionId,
    String deviceId,
    Double value,
    Map<String, String> attributes,
    List<String> reasons,
    String reasonDetail) {

  public boolean isValid() {
    return reasons.isEmpty();
  }
}
