package dev.medallion.bookmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Glue's file-source bookmark rules, one test per rule, and a property over random arrivals. */
class FileSelectionTest {
  private static final long BAND = FileBookmark.DEFAULT_MAX_BAND;
  private static final long T0 = 1_800_000_000_000L;

  private static SourceFile file(String path, long modified) {
    return new SourceFile(path, modified);
  }

  private static List<String> paths(FileSelection selection) {
    return selection.toRead().stream().map(SourceFile::path).toList();
  }

  private static final FileBookmark NONE = FileBookmark.empty(BAND);

  @Test
  void theFirstRunReadsEveryFileModifiedBeforeItStarted() {
    var listing = List.of(file("b", T0 + 2), file("a", T0 + 1), file("late", T0 + 100));
    var selection = FileSelection.select(listing, NONE, BookmarkOption.ENABLE, T0 + 100);
    assertThat(paths(selection)).containsExactly("a", "b");
  }

  @Test
  void filesComeInIngestOrderByModificationTimeThenPath() {
    var listing = List.of(file("z", T0), file("a", T0 + 5), file("m", T0));
    var selection = FileSelection.select(listing, NONE, BookmarkOption.ENABLE, T0 + 10);
    assertThat(paths(selection)).containsExactly("m", "z", "a");
  }

  @Test
  void aFileModifiedAtOrAfterTheRunStartIsLeftToTheNextRun() {
    var listing = List.of(file("now", T0 + 10), file("after", T0 + 11));
    var first = FileSelection.select(listing, NONE, BookmarkOption.ENABLE, T0 + 10);
    assertThat(paths(first)).isEmpty();
    var second = FileSelection.select(listing, first.next(), BookmarkOption.ENABLE, T0 + 20);
    assertThat(paths(second)).containsExactly("now", "after");
  }

  @Test
  void enableMovesTheBookmarkSoTheNextRunSkipsWhatWasRead() {
    var listing = List.of(file("a", T0));
    var first = FileSelection.select(listing, NONE, BookmarkOption.ENABLE, T0 + 10);
    var second = FileSelection.select(listing, first.next(), BookmarkOption.ENABLE, T0 + 20);
    assertThat(paths(first)).containsExactly("a");
    assertThat(paths(second)).isEmpty();
    assertThat(second.next().highWatermark()).isEqualTo(T0 + 20);
  }

  @Test
  void pauseReadsWhatIsNewButLeavesTheBookmark() {
    var listing = List.of(file("a", T0));
    var paused = FileSelection.select(listing, NONE, BookmarkOption.PAUSE, T0 + 10);
    assertThat(paths(paused)).containsExactly("a");
    assertThat(paused.next()).isEqualTo(NONE);
    var enabled = FileSelection.select(listing, paused.next(), BookmarkOption.ENABLE, T0 + 20);
    assertThat(paths(enabled)).containsExactly("a");
  }

  @Test
  void disableReadsEverythingAndLeavesTheBookmark() {
    var listing = List.of(file("a", T0), file("b", T0 + 1));
    var first = FileSelection.select(listing, NONE, BookmarkOption.ENABLE, T0 + 10);
    var disabled = FileSelection.select(listing, first.next(), BookmarkOption.DISABLE, T0 + 20);
    assertThat(paths(disabled)).containsExactly("a", "b");
    assertThat(disabled.next()).isEqualTo(first.next());
  }

  @Test
  void aFileListedLateButModifiedWithinTheBandIsNotLost() {
    // "b" was written just before run 1 started but only became visible after it.
    var run1 = FileSelection.select(List.of(file("a", T0)), NONE, BookmarkOption.ENABLE, T0 + 10);
    var listing = List.of(file("a", T0), file("b", T0));
    var run2 = FileSelection.select(listing, run1.next(), BookmarkOption.ENABLE, T0 + 20);
    assertThat(paths(run2)).containsExactly("b");
  }

  @Test
  void aFileListedLaterThanTheBandIsLostAsOnGlue() {
    var run1 = FileSelection.select(List.of(file("a", T0)), NONE, BookmarkOption.ENABLE, T0 + 10);
    long muchLater = T0 + 10 + BAND + 1;
    var run2 =
        FileSelection.select(
            List.of(file("a", T0), file("stale", T0 + 1)),
            run1.next(),
            BookmarkOption.ENABLE,
            muchLater);
    // Its modification time is before the band of run 1's bookmark: Glue takes it as read.
    assertThat(paths(run2)).containsExactly("stale");
    var run3 =
        FileSelection.select(
            List.of(file("a", T0), file("older", T0 - BAND - 100)),
            run1.next(),
            BookmarkOption.ENABLE,
            muchLater);
    assertThat(paths(run3)).isEmpty();
  }

  @Test
  void filesWithEqualTimestampsAreReadOnceEach() {
    var run1 =
        FileSelection.select(
            List.of(file("a", T0), file("b", T0)), NONE, BookmarkOption.ENABLE, T0 + 1);
    var run2 =
        FileSelection.select(
            List.of(file("a", T0), file("b", T0), file("c", T0)),
            run1.next(),
            BookmarkOption.ENABLE,
            T0 + 2);
    assertThat(paths(run1)).containsExactly("a", "b");
    assertThat(paths(run2)).containsExactly("c");
  }

  @Test
  void aFileRewrittenSinceItWasReadIsReadAgain() {
    var run1 = FileSelection.select(List.of(file("a", T0)), NONE, BookmarkOption.ENABLE, T0 + 10);
    var run2 =
        FileSelection.select(
            List.of(file("a", T0 + 15)), run1.next(), BookmarkOption.ENABLE, T0 + 20);
    assertThat(paths(run2)).containsExactly("a");
    var run3 =
        FileSelection.select(
            List.of(file("a", T0 + 15)), run2.next(), BookmarkOption.ENABLE, T0 + 30);
    assertThat(paths(run3)).isEmpty();
  }

  @Test
  void theBandKeepsOnlyFilesModifiedWithinItOfTheHighWatermark() {
    var read = List.of(file("old", T0), file("recent", T0 + BAND + 5));
    var next = NONE.after(T0 + BAND + 10, read);
    assertThat(next.inBand()).containsOnlyKeys("recent");
    assertThat(next.highWatermark()).isEqualTo(T0 + BAND + 10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"})
  void optionsParseFromGlueSpelling(String text) {
    assertThat(BookmarkOption.parse(text).value()).isEqualTo(text);
  }

  @Test
  void anUnknownOptionIsAnErrorNamingTheKeyAndTheValues() {
    assertThatThrownBy(() -> BookmarkOption.parse("enable"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--job-bookmark-option")
        .hasMessageContaining("job-bookmark-enable, job-bookmark-pause, job-bookmark-disable");
  }

  /**
   * Files arrive with modification times drawn from a few instants (so many are equal) and become
   * visible in the listing up to a band later; runs happen at random times. Whatever the seed,
   * every file is read exactly once.
   */
  @Test
  void randomArrivalsOverManyRunsAreEachReadExactlyOnce() {
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      long band = 1 + random.nextInt(1000);
      int files = 1 + random.nextInt(60);
      long[] modified = new long[files];
      long[] visible = new long[files];
      for (int i = 0; i < files; i++) {
        modified[i] = T0 + 100L * random.nextInt(20); // few distinct instants: ties are common
        visible[i] = modified[i] + (long) (random.nextDouble() * (band - 1));
      }
      List<Long> runs = new ArrayList<>();
      long t = T0 - 1000;
      while (t < T0 + 2000 + band) {
        t += 1 + random.nextInt(400);
        runs.add(t);
      }
      runs.add(t + 10 * band + 5000); // one last run after everything is visible and old

      FileBookmark bookmark = FileBookmark.empty(band);
      Map<String, Integer> reads = new HashMap<>();
      for (long runStart : runs) {
        List<SourceFile> listing = new ArrayList<>();
        for (int i = 0; i < files; i++) {
          if (visible[i] <= runStart) {
            listing.add(file("f" + i, modified[i]));
          }
        }
        FileSelection selection =
            FileSelection.select(listing, bookmark, BookmarkOption.ENABLE, runStart);
        selection.toRead().forEach(f -> reads.merge(f.path(), 1, Integer::sum));
        bookmark = selection.next();
      }
      for (int i = 0; i < files; i++) {
        assertThat(reads.getOrDefault("f" + i, 0)).as("seed %d, file f%d", seed, i).isEqualTo(1);
      }
    }
  }
}
