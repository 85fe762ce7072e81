package dev.medallion.bookmark;

import java.util.Map;
import java.util.TreeMap;

/**
 * The bookmark of one file source (one {@code transformation_ctx}), with Glue's semantics for
 * Amazon S3: a file whose modification time is before {@code highWatermark - maxBand} has been
 * processed; a file modified within the band (the last {@code maxBand} milliseconds before the
 * high-water mark) has been processed only if it is in {@code inBand} with that very modification
 * time. The band exists because a listing may show a file later than its modification time (S3 was
 * eventually consistent, uploads take time): files with equal or close timestamps are then neither
 * lost nor read twice. A file rewritten since (a new modification time) is read again.
 *
 * @param highWatermark the start time of the run that committed this bookmark (epoch ms); files
 *     modified at or after it belong to later runs. {@code -1} before any commit.
 * @param maxBand the band, in milliseconds (Glue's default: 900,000)
 * @param inBand path to modification time of the processed files modified within the band
 */
public record FileBookmark(long highWatermark, long maxBand, Map<String, Long> inBand) {
  /** Glue's default band: 15 minutes. */
  public static final long DEFAULT_MAX_BAND = 900_000;

  public FileBookmark {
    inBand = Map.copyOf(inBand);
  }

  /** The bookmark of a source nothing has been read from. */
  public static FileBookmark empty(long maxBand) {
    return new FileBookmark(-1, maxBand, Map.of());
  }

  /** Whether {@code file} is still to be read. */
  public boolean isNew(SourceFile file) {
    if (highWatermark < 0) {
      return true;
    }
    if (file.modificationTime() < highWatermark - maxBand) {
      return false;
    }
    Long seen = inBand.get(file.path());
    return seen == null || seen != file.modificationTime();
  }

  /**
   * The bookmark after a run that started at {@code runStart} read {@code read}: the high-water
   * mark moves to the run's start, and the band keeps every processed file (read now or before)
   * modified within {@code maxBand} of it.
   */
  public FileBookmark after(long runStart, Iterable<SourceFile> read) {
    Map<String, Long> band = new TreeMap<>();
    long bandStart = runStart - maxBand;
    inBand.forEach(
        (path, modified) -> {
          if (modified >= bandStart) {
            band.put(path, modified);
          }
        });
    for (SourceFile file : read) {
      if (file.modificationTime() >= bandStart) {
        band.put(file.path(), file.modificationTime());
      }
    }
    return new FileBookmark(Math.max(runStart, highWatermark), maxBand, band);
  }
}
