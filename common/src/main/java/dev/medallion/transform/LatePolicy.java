package dev.medallion.transform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an event behind the watermark goes. Either way it is counted, never lost. */
public enum LatePolicy {
  /** Into cleansed, flagged {@code is_late} (the default). */
  KEEP,
  /** Into quarantine with reason {@code late}. */
  QUARANTINE;

  public static LatePolicy parse(String text) {
    for (LatePolicy policy : values()) {
      if (policy.name().equalsIgnoreCase(text.trim())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown late policy '" + text + "': use one of " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values())
        .map(p -> p.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
