package dev.medallion.validate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** The timestamp rule of the data contract: ISO-8601 with an offset or {@code Z}. */
public final class Iso8601 {
  private Iso8601() {}

  /**
   * The instant of {@code text}, or null when it is not an ISO-8601 timestamp with an offset. A
   * timestamp without an offset is refused: its UTC date would be a guess.
   */
  static Instant parseWithOffset(String text) {
    Instant fast = parseCanonical(text);
    return fast != null ? fast : parseWithFormatter(text);
  }

  /** {@link #parseWithOffset} by Java's ISO formatter: every form the contract accepts. */
  static Instant parseWithFormatter(String text) {
    try {
      return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The instant of the common form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}, read
   * digit by digit (the formatter costs several times as much); null for anything else, which the
   * formatter then decides. Every text this accepts, the formatter reads as the same instant.
   */
  static Instant parseCanonical(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        nanos = nanos * 10 + (t.charAt(i) - '0');
        i++;
      }
      int fraction = i - start;
      if (fraction < 1 || fraction > 9 || i >= n) {
        return null;
      }
      for (int k = fraction; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    char sign = t.charAt(i);
    if (sign == 'Z' && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((sign == '+' || sign == '-') && i + 6 == n && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return null;
      }
      offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    long seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The first and last instants the lake stores: years 0001 to 9999 (UTC), as SQL engines do. */
  static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

  static boolean inRange(Instant instant) {
    return !instant.isBefore(MIN) && !instant.isAfter(MAX);
  }

  /** Microseconds since the epoch, exactly (no detour through nanoseconds, which overflow). */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }
}
