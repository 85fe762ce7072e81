package dev.medallion.validate;

import dev.medallion.contract.Reasons;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * This outcome for a record whose reading failed with {@code readError} ({@code <reason code>:
   * <detail>}; null when the record was read whole): the read error's code comes first among the
   * reasons and its text first in the detail. A record over the size limit gets only that reason,
   * since its text is cut.
   */
  public ValidatedEvent withReadError(String readError) {
    if (readError == null) {
      return this;
    }
    int colon = readError.indexOf(':');
    String code = colon < 0 ? readError : readError.substring(0, colon);
    List<String> all = new ArrayList<>(reasons.size() + 1);
    all.add(code);
    if (!code.equals(Reasons.RECORD_TOO_LARGE)) {
      all.addAll(reasons);
    }
    return new ValidatedEvent(
        eventUuid,
        eventType,
        eventSubtype,
        eventTs,
        userId,
        transactionId,
        deviceId,
        value,
        attributes,
        List.copyOf(all),
        reasonDetail == null ? readError : readError + "; " + reasonDetail);
  }
}
