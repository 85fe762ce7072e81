package dev.medallion.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on a command line: {@code 90s}, {@code 15m}, {@code 6h}, {@code
 * 3d}.
 */
public final class DurationParser {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)");

  private DurationParser() {}

  public static Duration parse(String key, String text) {
    if (text == null) {
      throw new ConfigException(key, "no duration given", "write e.g. 3d");
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          key,
          "'" + text + "' is not a duration",
          "write a number of at most 9 digits and a unit: ms, s, m, h or d (e.g. 3d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
