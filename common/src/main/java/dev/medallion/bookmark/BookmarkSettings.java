package dev.medallion.bookmark;

import dev.medallion.config.ConfigException;
import java.util.Optional;

/**
 * A run's bookmark arguments, checked once: {@code --job-bookmark-option} and, with {@code
 * job-bookmark-pause} only and only together, {@code --job-bookmark-from} and {@code
 * --job-bookmark-to} (Glue run ids; Medallion's are like {@code 000042-20261121T101500Z}, and a
 * bare run number is taken too).
 *
 * @param option enable, pause or disable
 * @param from the run whose input is excluded from a paused run's range
 * @param to the last run whose input is included in a paused run's range
 */
public record BookmarkSettings(BookmarkOption option, Optional<String> from, Optional<String> to) {
  public static final String OPTION_FLAG = "--job-bookmark-option";
  public static final String FROM_FLAG = "--job-bookmark-from";
  public static final String TO_FLAG = "--job-bookmark-to";

  /** Enabled, with no range: what a run does unless told otherwise. */
  public static final BookmarkSettings ENABLED =
      new BookmarkSettings(BookmarkOption.ENABLE, Optional.empty(), Optional.empty());

  public BookmarkSettings {
    if (from.isPresent() != to.isPresent()) {
      throw new ConfigException(
          from.isPresent() ? TO_FLAG : FROM_FLAG,
          "is missing: " + FROM_FLAG + " and " + TO_FLAG + " go together",
          "pass both run ids, or neither");
    }
    if (from.isPresent() && option != BookmarkOption.PAUSE) {
      throw new ConfigException(
          FROM_FLAG,
          "only applies with " + OPTION_FLAG + " " + BookmarkOption.PAUSE.value(),
          "add " + OPTION_FLAG + " " + BookmarkOption.PAUSE.value() + ", or drop the range");
    }
  }

  /** Parses the three arguments as a command line or Glue gives them; null means absent. */
  public static BookmarkSettings parse(String option, String from, String to) {
    return new BookmarkSettings(
        option == null ? BookmarkOption.ENABLE : BookmarkOption.parse(option),
        Optional.ofNullable(from).filter(s -> !s.isBlank()),
        Optional.ofNullable(to).filter(s -> !s.isBlank()));
  }

  /** Whether the run reads a range of earlier runs' input rather than what is new. */
  public boolean isRange() {
    return from.isPresent();
  }
}
