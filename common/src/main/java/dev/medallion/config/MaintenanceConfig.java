package dev.medallion.config;

import java.time.Duration;

/**
 * The maintenance job's configuration: which lake, how long VACUUM keeps the files a table no
 * longer uses, and whether to change anything.
 *
 * <p>The retention protects readers: a query, a job or the stream that reads a version of a table
 * needs that version's files as long as it reads them, and so does time travel to it. Delta's check
 * refuses a VACUUM retention shorter than the table's {@code delta.deletedFileRetentionDuration} (7
 * days unless a table sets it); so does this configuration, unless the user says explicitly that no
 * reader can be that far behind ({@link #ALLOW_SHORT_RETENTION}).
 *
 * @param lake the lake root
 * @param retain how long a file removed from a table is kept before VACUUM deletes it
 * @param allowShortRetention {@code retain} may be shorter than {@link #DELTA_MINIMUM}
 * @param dryRun measure and report what a run would do, change nothing
 */
public record MaintenanceConfig(
    LakeLocation lake, Duration retain, boolean allowShortRetention, boolean dryRun) {
  public static final String RETAIN = "--retain";
  public static final String ALLOW_SHORT_RETENTION = "--allow-short-retention";
  public static final String DRY_RUN = "--dry-run";

  /**
   * Delta's default {@code delta.deletedFileRetentionDuration}, which its VACUUM check enforces.
   */
  public static final Duration DELTA_MINIMUM = Duration.ofHours(168);

  /** The default retention: Delta's own. */
  public static final String DEFAULT_RETAIN = "168h";

  public MaintenanceConfig {
    if (lake == null || retain == null) {
      throw new IllegalArgumentException("a lake and a retention are required");
    }
  }

  /**
   * The configuration of a command line or a job's arguments.
   *
   * @param retain a duration as {@link DurationParser} reads it ({@code 168h}, {@code 14d}); null
   *     for {@value #DEFAULT_RETAIN}
   */
  public static MaintenanceConfig of(
      LakeLocation lake, String retain, boolean allowShortRetention, boolean dryRun) {
    String text = retain == null || retain.isBlank() ? DEFAULT_RETAIN : retain;
    Duration duration = DurationParser.parse(RETAIN, text);
    if (duration.compareTo(DELTA_MINIMUM) < 0 && !allowShortRetention) {
      throw new ConfigException(
          RETAIN,
          "'"
              + text
              + "' is shorter than the 168h (7 days) that Delta's VACUUM check requires: files"
              + " removed from a table (by compaction, an overwrite) are deleted once older than"
              + " this, and a query or job still reading an older version of the table, or time"
              + " travel to it, then fails",
          "keep the default (168h) or give more; if nothing ever reads the lake that far behind,"
              + " add "
              + ALLOW_SHORT_RETENTION
              + " to go shorter anyway");
    }
    return new MaintenanceConfig(lake, duration, allowShortRetention, dryRun);
  }

  /** The retention in whole hours, as VACUUM takes it (rounded up: never shorter than asked). */
  public long retainHours() {
    return hoursRoundedUp(retain);
  }

  /** {@code duration} in whole hours, rounded up. */
  public static long hoursRoundedUp(Duration duration) {
    long hours = duration.toHours();
    return duration.equals(Duration.ofHours(hours)) ? hours : hours + 1;
  }
}
