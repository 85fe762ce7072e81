package dev.medallion.validate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** The timestamp rule of the data contract: ISO-8601 with an offset or {@code Z}. */
final class Iso8601 {
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
}
