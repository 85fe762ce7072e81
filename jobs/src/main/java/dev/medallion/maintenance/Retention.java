package dev.medallion.maintenance;

import dev.medallion.config.MaintenanceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The retention VACUUM uses for one table: the one asked for, made longer when a bookmark still
 * needs older files.
 *
 * <p>A job that reads a table's change feed from its bookmark (curate reads {@code cleansed.events}
 * from the version after the one it curated last; the warehouse load reads the curated tables from
 * the version after the one it loaded last) reads the data and change-data files that those
 * versions added. Compaction removes such files from the table (they stay on storage), and VACUUM
 * deletes a removed file once its removal is older than the retention. A file that a needed version
 * added was removed at or after that version's commit, so a retention at least as long as the age
 * of the oldest needed commit keeps every such file.
 *
 * @param hours the retention in whole hours
 * @param note why it is longer than asked; null when it is not
 */
public record Retention(long hours, String note) {
  /** Clocks of different hosts may disagree: an hour more than the age of the needed commit. */
  static final long MARGIN_HOURS = 1;

  /**
   * @param requestedHours the retention asked for
   * @param oldestNeeded the commit time of the oldest version a bookmark still needs, if any
   * @param reader who needs it, for the note (e.g. "curate")
   * @param now the time of the run
   */
  public static Retention of(
      long requestedHours, Optional<Instant> oldestNeeded, String reader, Instant now) {
    if (oldestNeeded.isEmpty()) {
      return new Retention(requestedHours, null);
    }
    Duration age = Duration.between(oldestNeeded.get(), now);
    long needed =
        MaintenanceConfig.hoursRoundedUp(age.isNegative() ? Duration.ZERO : age) + MARGIN_HOURS;
    if (needed <= requestedHours) {
      return new Retention(requestedHours, null);
    }
    return new Retention(
        needed,
        String.format(
            "kept %dh, not %dh: %s has not read the changes committed since %s yet",
            needed, requestedHours, reader, oldestNeeded.get()));
  }
}
