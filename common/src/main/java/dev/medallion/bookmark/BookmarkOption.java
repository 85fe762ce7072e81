package dev.medallion.bookmark;

import dev.medallion.config.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Glue's {@code --job-bookmark-option}: what a run reads and whether it moves the bookmark. */
public enum BookmarkOption {
  /** Read what is new since the bookmark, and move the bookmark past it on commit. */
  ENABLE("job-bookmark-enable"),
  /**
   * Read what is new since the bookmark (or the range {@code --job-bookmark-from}..{@code
   * --job-bookmark-to}), and leave the bookmark where it is.
   */
  PAUSE("job-bookmark-pause"),
  /** Read everything, and leave the bookmark where it is. */
  DISABLE("job-bookmark-disable");

  private final String value;

  BookmarkOption(String value) {
    this.value = value;
  }

  /** The value as Glue spells it, e.g. {@code job-bookmark-enable}. */
  public String value() {
    return value;
  }

  public boolean movesBookmark() {
    return this == ENABLE;
  }

  public static BookmarkOption parse(String text) {
    for (BookmarkOption option : values()) {
      if (option.value.equals(text)) {
        return option;
      }
    }
    throw new ConfigException(
        "--job-bookmark-option",
        "'" + text + "' is not a bookmark option",
        "use one of "
            + Arrays.stream(values()).map(BookmarkOption::value).collect(Collectors.joining(", ")));
  }
}
