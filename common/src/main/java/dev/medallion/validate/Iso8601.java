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
    try {
      return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
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
