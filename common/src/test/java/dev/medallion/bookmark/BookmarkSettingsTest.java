package dev.medallion.bookmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import dev.medallion.config.CurateConfig;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bookmark arguments, checked once as Glue checks them, and how each job takes them. */
class BookmarkSettingsTest {
  private static final LakeLocation LAKE = LakeLocation.parse("--lake", "/tmp/lake");

  @Test
  void withoutArgumentsTheBookmarkIsEnabled() {
    assertThat(BookmarkSettings.parse(null, null, null)).isEqualTo(BookmarkSettings.ENABLED);
    assertThat(BookmarkSettings.parse("job-bookmark-disable", "", " ").option())
        .isEqualTo(BookmarkOption.DISABLE);
  }

  @Test
  void anUnknownOptionNamesTheThreeThatExist() {
    assertThatThrownBy(() -> BookmarkSettings.parse("job-bookmark-on", null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'job-bookmark-on' is not a bookmark option")
        .hasMessageContaining("job-bookmark-enable, job-bookmark-pause, job-bookmark-disable");
  }

  @Test
  void fromAndToOnlyWithPause() {
    assertThatThrownBy(() -> BookmarkSettings.parse("job-bookmark-enable", "1", "2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only applies with --job-bookmark-option job-bookmark-pause");
    assertThat(BookmarkSettings.parse("job-bookmark-pause", "1", "2").isRange()).isTrue();
  }

  @Test
  void fromAndToOnlyTogether() {
    assertThatThrownBy(() -> BookmarkSettings.parse("job-bookmark-pause", "1", null))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("--job-bookmark-to"))
        .hasMessageContaining("go together");
    assertThatThrownBy(() -> BookmarkSettings.parse("job-bookmark-pause", null, "2"))
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("--job-bookmark-from"));
  }

  @Test
  void reprocessingEverythingNeedsTheBookmarkEnabled() {
    assertThatThrownBy(
            () ->
                new IngestConfig(
                    LAKE,
                    LAKE,
                    true,
                    LatePolicy.KEEP,
                    Duration.ofDays(3),
                    new BookmarkSettings(BookmarkOption.PAUSE, Optional.empty(), Optional.empty())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--reprocess-all");
  }

  @Test
  void curateTakesEnableAndDisableButNotPause() {
    assertThat(CurateConfig.of(LAKE, false, null).fullRebuild()).isFalse();
    assertThat(CurateConfig.of(LAKE, false, "job-bookmark-enable").fullRebuild()).isFalse();
    assertThat(CurateConfig.of(LAKE, false, "job-bookmark-disable").fullRebuild()).isTrue();
    assertThatThrownBy(() -> CurateConfig.of(LAKE, false, "job-bookmark-pause"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("would append them again");
  }
}
