package dev.medallion.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.ConfigException;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.run.Progress;
import dev.medallion.transform.LatePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job's bookmark, one test per rule of Glue's job bookmarks for a file source, on the
 * planner alone (no Spark): which files a run reads under enable, pause (with and without a from/to
 * range) and disable; equal and close modification times; rewritten files; files modified after the
 * run started; a run that did not commit is done again; reset and rewind. A "run" here plans, then
 * commits the state a successful run would. What the tables then hold (duplicates of a file read
 * twice, nothing written by a refused run) is {@link BookmarkIT}'s part.
 */
class IngestPlannerTest {
  @TempDir Path tmp;
  Path landing;
  LakeLocation lake;
  HadoopFiles files;
  BookmarkStore store;
  long now;

  @BeforeEach
  void dirs() throws IOException {
    landing = tmp.resolve("landing");
    Files.createDirectories(landing.resolve("events"));
    lake = LakeLocation.parse("--lake", tmp.resolve("lake").toString());
    files = new HadoopFiles(new Configuration());
    store = new HadoopBookmarkStore(files, lake.stateRoot(), IngestJob.JOB);
    now = System.currentTimeMillis();
  }

  /** An events file {@code name}.jsonl modified {@code agoMillis} ago. */
  private Path events(String name, long agoMillis) throws IOException {
    Path file = landing.resolve("events").resolve(name + ".jsonl");
    Files.writeString(file, "{\"event_uuid\":\"" + name + "\"}\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(now - agoMillis));
    return file;
  }

  private IngestConfig config(BookmarkSettings bookmark) {
    return new IngestConfig(
        LakeLocation.parse("--landing", landing.toString()),
        lake,
        false,
        LatePolicy.KEEP,
        Duration.ofDays(3),
        bookmark);
  }

  private static BookmarkSettings option(BookmarkOption option) {
    return new BookmarkSettings(option, Optional.empty(), Optional.empty());
  }

  private static BookmarkSettings range(String from, String to) {
    return new BookmarkSettings(BookmarkOption.PAUSE, Optional.of(from), Optional.of(to));
  }

  private IngestPlanner.Planned plan(BookmarkSettings bookmark) {
    return new IngestPlanner(files, Progress.silent())
        .plan(config(bookmark), store, store.current());
  }

  /** Commits what a run of {@code plan} would, that could not read the files of {@code failed}. */
  private void commit(RunPlan plan, JobState state, Map<String, String> failed, Long newest) {
    store.commit(
        IngestPlanner.committed(plan.withFailedFiles(failed), state, failed.keySet(), newest));
  }

  /** Plans a run and commits what a run that read every planned file would. */
  private RunPlan run(BookmarkSettings bookmark) {
    JobState state = store.current();
    RunPlan plan = plan(bookmark).plan();
    if (plan.movesBookmark()) {
      commit(plan, state, Map.of(), null);
    } else {
      store.discardPlan();
    }
    return plan;
  }

  private RunPlan enable() {
    return run(BookmarkSettings.ENABLED);
  }

  /** The names of the event files a plan reads. */
  private static List<String> read(RunPlan plan) {
    return plan.files(LandingKind.EVENTS.directory()).stream()
        .map(LandingFile::path)
        .map(p -> p.substring(p.lastIndexOf('/') + 1))
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // enable

  @Test
  void enableReadsWhatIsNewAndMovesTheBookmark() throws IOException {
    events("a", 3_600_000);
    RunPlan first = enable();
    assertThat(read(first)).containsExactly("a.jsonl");
    assertThat(store.current().committedBy()).isEqualTo(first.runId());

    IngestPlanner.Planned nothingNew = plan(BookmarkSettings.ENABLED);
    assertThat(read(nothingNew.plan())).isEmpty();
    assertThat(nothingNew.skipped().get("events")).isEqualTo(1);
    store.discardPlan();

    events("b", 1_000);
    assertThat(read(enable())).containsExactly("b.jsonl");
    assertThat(store.current().version()).isEqualTo(2);
  }

  @Test
  void aFileWithTheSameModificationTimeAsOneReadIsReadOnceWhenItIsListedLater() throws IOException {
    // a was read; b has the very same time but was not listed yet (a slow upload, say)
    events("a", 60_000);
    enable();
    Path b = events("b", 60_000);
    assertThat(Files.getLastModifiedTime(b).toMillis())
        .isEqualTo(Files.getLastModifiedTime(landing.resolve("events/a.jsonl")).toMillis());

    assertThat(read(enable())).containsExactly("b.jsonl");
    assertThat(read(enable())).isEmpty();
  }

  @Test
  void aFileOlderThanTheBandBeforeTheBookmarkIsHeldAsReadAsOnGlue() throws IOException {
    events("a", 60_000);
    enable();
    // Copied in with a time from before the band: Glue takes it as processed.
    events("backfill", 3_600_000);

    IngestPlanner.Planned second = plan(BookmarkSettings.ENABLED);
    assertThat(read(second.plan())).isEmpty();
    assertThat(second.skipped().get("events")).isEqualTo(2);
    store.discardPlan();

    // Touching it (a new modification time) makes it new.
    Files.setLastModifiedTime(
        landing.resolve("events/backfill.jsonl"),
        FileTime.fromMillis(System.currentTimeMillis() - 10));
    assertThat(read(enable())).containsExactly("backfill.jsonl");
  }

  @Test
  void aRewrittenFileIsReadAgain() throws IOException {
    events("a", 60_000);
    enable();
    Path a = events("a", 60_000);
    Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 10));

    assertThat(read(enable())).containsExactly("a.jsonl");
  }

  @Test
  void aFileModifiedAfterTheRunStartedIsLeftToTheNextRun() throws IOException {
    events("a", 60_000);
    events("future", -3_600_000); // an hour ahead: the listing saw it before it was complete

    IngestPlanner.Planned first = plan(BookmarkSettings.ENABLED);
    assertThat(read(first.plan())).containsExactly("a.jsonl");
    assertThat(first.skipped().get("events")).isEqualTo(1);
    commit(first.plan(), store.current(), Map.of(), null);

    // Once its time has come, it is read: the bookmark did not take it as processed.
    Files.setLastModifiedTime(
        landing.resolve("events/future.jsonl"),
        FileTime.fromMillis(System.currentTimeMillis() - 1_000));
    assertThat(read(enable())).containsExactly("future.jsonl");
  }

  @Test
  void aFileThatCouldNotBeReadIsReadAgainByTheNextRun() throws IOException {
    events("a", 60_000);
    events("broken", 50_000);
    JobState state = store.current();
    RunPlan first = plan(BookmarkSettings.ENABLED).plan();
    String broken = first.files("events").get(1).path();
    commit(first, state, Map.of(broken, "truncated"), null);

    assertThat(read(enable())).containsExactly("broken.jsonl");
    assertThat(read(enable())).isEmpty();
  }

  @Test
  void theNewestEventTimeIsKeptInTheCommittedState() throws IOException {
    events("a", 60_000);
    JobState state = store.current();
    commit(plan(BookmarkSettings.ENABLED).plan(), state, Map.of(), 1_700_000_000_000_000L);

    assertThat(store.current().values()).containsEntry(IngestJob.MAX_EVENT_TS, "1700000000000000");
  }

  // ---------------------------------------------------------------------------------------------
  // pause and disable

  @Test
  void pauseReadsWhatIsNewAndLeavesTheBookmark() throws IOException {
    events("a", 60_000);
    enable();
    JobState before = store.current();
    events("b", 1_000);

    RunPlan paused = run(option(BookmarkOption.PAUSE));

    assertThat(read(paused)).containsExactly("b.jsonl");
    assertThat(store.current()).isEqualTo(before);
    assertThat(store.pendingPlan()).isEmpty();
    // The next enabled run reads b again, and is the next run.
    RunPlan next = enable();
    assertThat(read(next)).containsExactly("b.jsonl");
    assertThat(next.run()).isEqualTo(paused.run() + 1);
  }

  @Test
  void pauseWithARangeReadsExactlyWhatTheRunsOfTheRangeRead() throws IOException {
    events("a", 60_000);
    RunPlan r1 = enable();
    events("b", 50_000);
    RunPlan r2 = enable();
    events("c", 40_000);
    RunPlan r3 = enable();
    events("d", 30_000); // new, but not in the range
    JobState before = store.current();

    RunPlan replay = run(range(r1.runId(), r3.runId()));

    assertThat(read(replay)).containsExactly("b.jsonl", "c.jsonl");
    assertThat(store.current()).isEqualTo(before);
    // by run number too, and only the later run's input
    assertThat(read(run(range(Long.toString(r2.run()), Long.toString(r3.run())))))
        .containsExactly("c.jsonl");
    // d is still new to the bookmark
    assertThat(read(enable())).containsExactly("d.jsonl");
  }

  @Test
  void aRangeMustRunForwardAndNameCommittedRuns() throws IOException {
    events("a", 60_000);
    RunPlan r1 = enable();
    events("b", 50_000);
    RunPlan r2 = enable();

    assertThatThrownBy(() -> plan(range(r2.runId(), r1.runId())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not after");
    assertThatThrownBy(() -> plan(range(r1.runId(), "000099-20261121T000000Z")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no run '000099-20261121T000000Z'");
  }

  @Test
  void aRangeWhoseFilesAreGoneIsAnErrorNotAGap() throws IOException {
    events("a", 60_000);
    RunPlan r1 = enable();
    Path b = events("b", 50_000);
    RunPlan r2 = enable();
    Files.delete(b);

    assertThatThrownBy(() -> plan(range(r1.runId(), r2.runId())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no longer in the landing area");
  }

  @Test
  void disableReadsEveryFileAndLeavesTheBookmark() throws IOException {
    events("a", 60_000);
    events("b", 50_000);
    enable();
    JobState before = store.current();

    RunPlan all = run(option(BookmarkOption.DISABLE));

    assertThat(read(all)).containsExactly("a.jsonl", "b.jsonl");
    assertThat(store.current()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // a run that did not commit, reset, rewind

  @Test
  void aRunThatDidNotCommitIsDoneAgainFromItsPlanAsItsNextAttempt() throws IOException {
    events("a", 60_000);
    RunPlan first = plan(BookmarkSettings.ENABLED).plan(); // claimed, never committed
    events("b", 1_000); // arrives in between: not part of the unfinished run

    RunPlan again = plan(BookmarkSettings.ENABLED).plan();

    assertThat(again.runId()).isEqualTo(first.runId());
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(read(again)).containsExactly("a.jsonl");
  }

  @Test
  void aResetReadsEverythingAgainAndARewindWhatCameAfterTheRun() throws IOException {
    events("a", 60_000);
    RunPlan r1 = enable();
    events("b", 50_000);
    enable();

    store.rewind(r1.runId());
    assertThat(read(enable())).containsExactly("b.jsonl");

    store.reset();
    RunPlan afterReset = enable();
    assertThat(read(afterReset)).containsExactly("a.jsonl", "b.jsonl");
    assertThat(store.current().committedBy()).isEqualTo(afterReset.runId());
  }

  @Test
  void reprocessAllReadsEveryFileAndRestartsTheBookmark() throws IOException {
    events("a", 60_000);
    enable();
    events("b", 50_000);
    IngestConfig all =
        new IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            lake,
            true,
            LatePolicy.KEEP,
            Duration.ofDays(3),
            BookmarkSettings.ENABLED);
    JobState state = store.current();

    RunPlan plan = new IngestPlanner(files, Progress.silent()).plan(all, store, state).plan();

    assertThat(plan.reprocessAll()).isTrue();
    assertThat(read(plan)).containsExactly("a.jsonl", "b.jsonl");
  }

  // ---------------------------------------------------------------------------------------------
  // every file exactly once

  @Test
  void randomArrivalsWithEqualTimesAcrossRunsAreEachReadExactlyOnce() throws IOException {
    // Files arrive between runs; each takes a modification time already used by an earlier file
    // (read or not) or a new one, all before the next run starts and within the band: the listing
    // shows some of them only a run later than their time says.
    Random random = new Random(20261121L);
    List<Long> times = new ArrayList<>(List.of(now - 300_000));
    Set<String> arrived = new TreeSet<>();
    List<String> readInAll = new ArrayList<>();
    int file = 0;
    for (int run = 1; run <= 5; run++) {
      int arriving = 1 + random.nextInt(3);
      for (int k = 0; k < arriving; k++) {
        long time =
            random.nextBoolean()
                ? times.get(random.nextInt(times.size()))
                : System.currentTimeMillis() - 1_000 - random.nextInt(60_000);
        times.add(time);
        String name = String.format("f%02d", file++);
        Path f = events(name, 0);
        Files.setLastModifiedTime(f, FileTime.fromMillis(time));
        arrived.add(name + ".jsonl");
      }
      readInAll.addAll(read(enable()));
    }
    assertThat(read(enable())).as("a last run finds nothing left").isEmpty();
    assertThat(readInAll).as("every file read exactly once").hasSameSizeAs(arrived);
    assertThat(new TreeSet<>(readInAll)).isEqualTo(arrived);
  }
}
