package dev.medallion.config;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;

/**
 * The batch ingest/cleanse job's configuration, parsed and validated once at the edge.
 *
 * @param landing the landing root: {@code events/**}, {@code users/*.csv}, {@code
 *     transactions/*.csv}
 * @param lake the lake root
 * @param reprocessAll ignore what earlier runs processed and rebuild every table from all files
 * @param latePolicy where events behind the watermark go
 * @param lateThreshold how far behind the newest event time seen an event is late
 * @param bookmark which files to read and whether the run moves the job bookmark
 */
public record IngestConfig(
    LakeLocation landing,
    LakeLocation lake,
    boolean reprocessAll,
    LatePolicy latePolicy,
    Duration lateThreshold,
    BookmarkSettings bookmark) {

  public static final LatePolicy DEFAULT_LATE_POLICY = LatePolicy.KEEP;
  public static final Duration DEFAULT_LATE_THRESHOLD = Duration.ofDays(3);

  /** With the bookmark enabled. */
  public IngestConfig(
      LakeLocation landing,
      LakeLocation lake,
      boolean reprocessAll,
      LatePolicy latePolicy,
      Duration lateThreshold) {
    this(landing, lake, reprocessAll, latePolicy, lateThreshold, BookmarkSettings.ENABLED);
  }

  public IngestConfig {
    if (reprocessAll && bookmark.option() != BookmarkOption.ENABLE) {
      throw new ConfigException(
          "--reprocess-all",
          "rebuilds every table and restarts the bookmark, which "
              + bookmark.option().value()
              + " does not allow",
          "drop --reprocess-all, or run with job-bookmark-enable");
    }
    if (lateThreshold.isNegative() || lateThreshold.isZero()) {
      throw new ConfigException(
          "--late-threshold", "must be positive, got " + lateThreshold, "pass e.g. 3d");
    }
  }
}
