package dev.medallion.config;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.bookmark.BookmarkSettings;

/**
 * The curate job's configuration.
 *
 * <p>Curate reads the change feed of {@code cleansed.events}, a Delta source, not files: its
 * bookmark is the cleansed version it has curated up to. {@code job-bookmark-enable} curates what
 * is new since; {@code job-bookmark-disable} curates everything again, which replaces the curated
 * tables (and so records the version it rebuilt from); {@code job-bookmark-pause} is refused,
 * because curate appends what it curates and a paused run would append the same events again.
 *
 * @param lake the lake root
 * @param fullRebuild rebuild the curated tables from all of cleansed instead of only what is new
 */
public record CurateConfig(LakeLocation lake, boolean fullRebuild) {
  /** The configuration for a bookmark option given as Glue spells it (null: enable). */
  public static CurateConfig of(LakeLocation lake, boolean fullRebuild, String bookmarkOption) {
    BookmarkOption option =
        bookmarkOption == null ? BookmarkOption.ENABLE : BookmarkOption.parse(bookmarkOption);
    if (option == BookmarkOption.PAUSE) {
      throw new ConfigException(
          BookmarkSettings.OPTION_FLAG,
          "curate does not take job-bookmark-pause: it appends the events it curates, so a"
              + " paused run would append them again on the next run",
          "use job-bookmark-enable (what is new) or job-bookmark-disable (rebuild curated)");
    }
    return new CurateConfig(lake, fullRebuild || option == BookmarkOption.DISABLE);
  }
}
