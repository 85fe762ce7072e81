package dev.medallion.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The text of a progress line, e.g. {@code ingest 0:12 files 12/40 records 1,234,567 41,000 rec/s
 * ETA 0:23}: pure functions, the same whatever the locale.
 */
public final class ProgressFormat {
  private ProgressFormat() {}

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** A count with thousands separators: {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * A rate per second: whole numbers with thousands separators from 10 up ({@code 41,000}), one
   * decimal below ({@code 2.5}).
   */
  public static String rate(double perSecond) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      return "?";
    }
    return perSecond >= 10
        ? count(Math.round(perSecond))
        : String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** A duration as a clock shows it: {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
  public static String duration(long seconds) {
    long s = Math.max(0, seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", m, s % 60);
  }

  /** The unit of a rate: {@code rec/s} for records, else the unit per second ({@code rows/s}). */
  public static String rateUnit(String unit) {
    return unit.equals("records") ? "rec/s" : unit + "/s";
  }

  /**
   * The seconds left, from the part of the work done as best known: bytes (the planner knows every
   * file's size), else records, else files. Empty when no total is known, nothing is done yet, or
   * less than a second is left.
   */
  static OptionalLong remainingSeconds(Snapshot s) {
    if (s.filesTotal() >= 0 && s.filesDone() >= s.filesTotal()) {
      return OptionalLong.empty(); // every file is read, whatever the byte counts say
    }
    double fraction;
    if (s.bytesTotal() > 0) {
      fraction = (double) s.bytesDone() / s.bytesTotal();
    } else if (s.recordsTotal() > 0) {
      fraction = (double) s.records() / s.recordsTotal();
    } else if (s.filesTotal() > 0) {
      fraction = (double) s.filesDone() / s.filesTotal();
    } else {
      return OptionalLong.empty();
    }
    if (fraction <= 0 || fraction >= 1) {
      return OptionalLong.empty();
    }
    // The counts are as of the last time they grew (a task's end, an executor's heartbeat): the
    // time left is reckoned from then, and counts down until they grow again.
    double elapsed = (double) s.elapsedNanos() / NANOS_PER_SECOND;
    double seen = s.activeNanos() > 0 ? (double) s.activeNanos() / NANOS_PER_SECOND : elapsed;
    long seconds = Math.round(seen * (1 - fraction) / fraction - (elapsed - seen));
    // Nearly every byte read, but not every file (a small one waits its turn): 0:00 would stay
    // on the line for as long as it waits.
    return seconds < 1 ? OptionalLong.empty() : OptionalLong.of(seconds);
  }

  /**
   * The line of a snapshot: label and elapsed time, files done of the total, records (of the total
   * when known), the rate while they were counted, then the ETA while the counted part runs, or the
   * tasks of the Spark stages running once it is done, or {@code done} at the end.
   */
  public static String line(Snapshot s) {
    List<String> parts = new ArrayList<>();
    parts.add(s.label() + " " + duration(s.elapsedNanos() / NANOS_PER_SECOND));
    if (s.filesTotal() >= 0) {
      parts.add(
          "files " + count(Math.min(s.filesDone(), s.filesTotal())) + "/" + count(s.filesTotal()));
    }
    if (s.recordsTotal() >= 0) {
      parts.add(s.unit() + " " + count(s.records()) + "/" + count(s.recordsTotal()));
    } else if (s.records() > 0 || s.filesTotal() < 0) {
      parts.add(s.unit() + " " + count(s.records()));
    }
    if (s.records() > 0 && s.activeNanos() > 0) {
      double perSecond = s.records() / ((double) s.activeNanos() / NANOS_PER_SECOND);
      parts.add(rate(perSecond) + " " + rateUnit(s.unit()));
    }
    OptionalLong eta = remainingSeconds(s);
    if (s.finished()) {
      parts.add("done");
    } else if (eta.isPresent()) {
      parts.add("ETA " + duration(eta.getAsLong()));
    } else if (s.tasksTotal() > 0) {
      parts.add("spark tasks " + count(s.tasksDone()) + "/" + count(s.tasksTotal()));
    }
    return String.join("  ", parts);
  }

  /** {@code text} cut to {@code width} characters (a redrawn line must not wrap). */
  public static String fit(String text, int width) {
    return width <= 0 || text.length() <= width ? text : text.substring(0, width);
  }
}
