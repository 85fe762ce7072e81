package dev.medallion.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.ConcurrentRunException;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.config.ConfigException;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.PendingRun;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummary;
import dev.medallion.testing.SharedSpark;
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
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job's bookmark, one test per rule of Glue's job bookmarks for a file source: what a
 * run reads under enable, pause (with and without a from/to range) and disable; equal and close
 * modification times; rewritten files; files modified after the run started; commit only at the
 * end; reset and rewind; a concurrent run refused before it writes anything.
 */
@Tag("integration")
class BookmarkIT {
  @TempDir Path tmp;
  static SparkSession spark;
  Path landing;
  LakeLocation lake;
  long now;

  @BeforeAll
  static void spark() {
    spark = SharedSpark.get();
  }

  @BeforeEach
  void dirs() throws IOException {
    landing = tmp.resolve("landing");
    Files.createDirectories(landing.resolve("events"));
    lake = LakeLocation.parse("--lake", tmp.resolve("lake").toString());
    now = System.currentTimeMillis();
  }

  // ---------------------------------------------------------------------------------------------

  /** A file of {@code n} valid events, uuids {@code name-i}, modified {@code agoMillis} ago. */
  private Path events(String name, int n, long agoMillis) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines.append(
          String.format(
              "{\"event_uuid\":\"%s-%d\",\"event_type\":\"click\","
                  + "\"event_ts\":\"2026-11-02T10:%02d:00Z\"}%n",
              name, i, i % 60));
    }
    Path file = landing.resolve("events").resolve(name + ".jsonl");
    Files.writeString(file, lines, StandardCharsets.UTF_8);
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

  private IngestConfig enable() {
    return config(BookmarkSettings.ENABLED);
  }

  private IngestConfig option(BookmarkOption option) {
    return config(new BookmarkSettings(option, Optional.empty(), Optional.empty()));
  }

  private IngestConfig range(String from, String to) {
    return config(new BookmarkSettings(BookmarkOption.PAUSE, Optional.of(from), Optional.of(to)));
  }

  private RunSummary run(IngestConfig config) {
    return new IngestJob(spark, Progress.silent()).run(config);
  }

  private BookmarkStore store() {
    return new HadoopBookmarkStore(
        new HadoopFiles(spark.sparkContext().hadoopConfiguration()), lake.uri(), IngestJob.JOB);
  }

  private static long eventsRead(RunSummary summary) {
    return summary.records().get("events").read();
  }

  private long rawRows(long run) {
    return new Lake(spark, lake)
        .read(LakeTable.RAW_EVENTS)
        .where(col(Columns.INGEST_RUN).equalTo(run))
        .count();
  }

  private long cleansed() {
    return new Lake(spark, lake).read(LakeTable.CLEANSED_EVENTS).count();
  }

  // ---------------------------------------------------------------------------------------------
  // enable

  @Test
  void enableReadsWhatIsNewAndMovesTheBookmark() throws IOException {
    events("a", 3, 3_600_000);
    RunSummary first = run(enable());
    assertThat(eventsRead(first)).isEqualTo(3);
    assertThat(store().current().committedBy()).isEqualTo(first.runId());

    RunSummary nothingNew = run(enable());
    assertThat(eventsRead(nothingNew)).isZero();
    assertThat(nothingNew.files().get("events").read()).isZero();
    assertThat(nothingNew.files().get("events").skipped()).isEqualTo(1);

    events("b", 2, 1_000);
    RunSummary third = run(enable());
    assertThat(eventsRead(third)).isEqualTo(2);
    assertThat(cleansed()).isEqualTo(5);
    assertThat(store().current().version()).isEqualTo(3);
  }

  @Test
  void aFileWithTheSameModificationTimeAsOneReadIsReadOnceWhenItIsListedLater() throws IOException {
    // a was read; b has the very same time but was not listed yet (a slow upload, say)
    events("a", 2, 60_000);
    run(enable());
    Path b = events("b", 3, 60_000);
    assertThat(Files.getLastModifiedTime(b).toMillis())
        .isEqualTo(Files.getLastModifiedTime(landing.resolve("events/a.jsonl")).toMillis());

    RunSummary second = run(enable());
    RunSummary third = run(enable());

    assertThat(eventsRead(second)).isEqualTo(3);
    assertThat(eventsRead(third)).isZero();
    assertThat(cleansed()).isEqualTo(5);
  }

  @Test
  void aFileOlderThanTheBandBeforeTheBookmarkIsHeldAsReadAsOnGlue() throws IOException {
    events("a", 2, 60_000);
    run(enable());
    // Copied in with a time from before the band: Glue takes it as processed.
    events("backfill", 2, 3_600_000);

    RunSummary second = run(enable());

    assertThat(eventsRead(second)).isZero();
    assertThat(second.files().get("events").skipped()).isEqualTo(2);
    // Touching it (a new modification time) makes it new.
    Files.setLastModifiedTime(
        landing.resolve("events/backfill.jsonl"), FileTime.fromMillis(System.currentTimeMillis()));
    assertThat(eventsRead(run(enable()))).isEqualTo(2);
  }

  @Test
  void aRewrittenFileIsReadAgainAndItsEventsAreDuplicates() throws IOException {
    events("a", 3, 60_000);
    run(enable());
    Path a = events("a", 4, 60_000); // one more line
    Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 10));

    RunSummary again = run(enable());

    assertThat(eventsRead(again)).isEqualTo(4);
    assertThat(again.records().get("events").duplicates()).isEqualTo(3);
    assertThat(again.records().get("events").cleansed()).isEqualTo(1);
    assertThat(cleansed()).isEqualTo(4);
  }

  @Test
  void aFileModifiedAfterTheRunStartedIsLeftToTheNextRun() throws IOException {
    events("a", 2, 60_000);
    events("future", 2, -3_600_000); // an hour ahead: the listing saw it before it was complete

    RunSummary first = run(enable());

    assertThat(eventsRead(first)).isEqualTo(2);
    assertThat(first.files().get("events").skipped()).isEqualTo(1);
    // Once its time has come, it is read: the bookmark did not take it as processed.
    Files.setLastModifiedTime(
        landing.resolve("events/future.jsonl"),
        FileTime.fromMillis(System.currentTimeMillis() - 1_000));
    assertThat(eventsRead(run(enable()))).isEqualTo(2);
  }

  // ---------------------------------------------------------------------------------------------
  // pause and disable

  @Test
  void pauseReadsWhatIsNewAndLeavesTheBookmark() throws IOException {
    events("a", 2, 60_000);
    run(enable());
    JobState before = store().current();
    events("b", 3, 1_000);

    RunSummary paused = run(option(BookmarkOption.PAUSE));

    assertThat(eventsRead(paused)).isEqualTo(3);
    assertThat(store().current()).isEqualTo(before);
    assertThat(store().pendingPlan()).isEmpty();
    // The next enabled run reads b again: its events are duplicates now.
    RunSummary next = run(enable());
    assertThat(eventsRead(next)).isEqualTo(3);
    assertThat(next.records().get("events").duplicates()).isEqualTo(3);
    assertThat(next.run()).isEqualTo(paused.run() + 1);
  }

  @Test
  void pauseWithARangeReadsExactlyWhatTheRunsOfTheRangeRead() throws IOException {
    events("a", 1, 60_000);
    RunSummary r1 = run(enable());
    events("b", 2, 50_000);
    RunSummary r2 = run(enable());
    events("c", 3, 40_000);
    RunSummary r3 = run(enable());
    events("d", 4, 30_000); // new, but not in the range
    JobState before = store().current();

    RunSummary replay = run(range(r1.runId(), r3.runId()));

    assertThat(eventsRead(replay)).isEqualTo(2 + 3);
    assertThat(replay.records().get("events").duplicates()).isEqualTo(5);
    assertThat(store().current()).isEqualTo(before);
    // by run number too, and only the later run's input
    assertThat(eventsRead(run(range(Long.toString(r2.run()), Long.toString(r3.run())))))
        .isEqualTo(3);
    // d is still new to the bookmark
    assertThat(eventsRead(run(enable()))).isEqualTo(4);
  }

  @Test
  void aRangeMustRunForward() throws IOException {
    events("a", 1, 60_000);
    RunSummary r1 = run(enable());
    events("b", 1, 50_000);
    RunSummary r2 = run(enable());

    assertThatThrownBy(() -> run(range(r2.runId(), r1.runId())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not after");
    assertThatThrownBy(() -> run(range(r1.runId(), "000099-20261121T000000Z")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no run '000099-20261121T000000Z'");
  }

  @Test
  void disableReadsEveryFileAndLeavesTheBookmark() throws IOException {
    events("a", 2, 60_000);
    events("b", 3, 50_000);
    run(enable());
    JobState before = store().current();

    RunSummary all = run(option(BookmarkOption.DISABLE));

    assertThat(eventsRead(all)).isEqualTo(5);
    assertThat(all.records().get("events").duplicates()).isEqualTo(5);
    assertThat(store().current()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------
  // commit, reset, rewind

  @Test
  void nothingIsPersistedWithoutTheCommitAndTheNextRunIsTheNextAttempt() throws IOException {
    events("a", 3, 60_000);
    RunSummary prepared;
    try (PendingRun pending = new IngestJob(spark, Progress.silent()).prepare(enable())) {
      prepared = pending.summary();
      assertThat(rawRows(prepared.run())).isEqualTo(3);
    } // closed without a commit
    assertThat(store().current()).isEqualTo(JobState.initial(IngestJob.JOB));

    RunSummary redone = run(enable());

    assertThat(redone.runId()).isEqualTo(prepared.runId());
    assertThat(store().current().attempt()).isEqualTo(2);
    assertThat(rawRows(prepared.run())).isEqualTo(3);
    assertThat(cleansed()).isEqualTo(3);
  }

  @Test
  void aResetReadsEverythingAgainAndARewindWhatCameAfterTheRun() throws IOException {
    events("a", 2, 60_000);
    RunSummary r1 = run(enable());
    events("b", 3, 50_000);
    run(enable());

    store().rewind(r1.runId());
    RunSummary afterRewind = run(enable());
    assertThat(eventsRead(afterRewind)).isEqualTo(3);

    store().reset();
    RunSummary afterReset = run(enable());
    assertThat(eventsRead(afterReset)).isEqualTo(5);
    assertThat(afterReset.records().get("events").duplicates()).isEqualTo(5);
    assertThat(cleansed()).isEqualTo(5);
    assertThat(store().current().committedBy()).isEqualTo(afterReset.runId());
  }

  // ---------------------------------------------------------------------------------------------
  // concurrent runs

  @Test
  void aSecondRunWhileOneIsInProgressFailsWithAVersionMismatchAndWritesNothing()
      throws IOException {
    events("a", 3, 60_000);
    try (RunLease other = store().lease("000001-20261121T000000Z", 1, 0)) {
      assertThatThrownBy(() -> run(enable()))
          .isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining("version mismatch")
          .hasMessageContaining("000001-20261121T000000Z")
          .hasMessageContaining("wrote nothing");
    }
    assertThat(Files.exists(tmp.resolve("lake").resolve("raw"))).isFalse();
    assertThat(store().pendingPlan()).isEmpty();
    assertThat(eventsRead(run(enable()))).isEqualTo(3);
  }

  @Test
  void twoRunsInOneProcess_theSecondIsRefusedUntilTheFirstCommits() throws IOException {
    events("a", 3, 60_000);
    IngestJob job = new IngestJob(spark, Progress.silent());
    try (PendingRun first = job.prepare(enable())) {
      long rowsBefore = rawRows(first.summary().run());
      assertThatThrownBy(() -> job.prepare(enable()))
          .isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining(first.summary().runId());
      assertThat(rawRows(first.summary().run())).isEqualTo(rowsBefore);
      first.commit();
    }
    assertThat(store().current().version()).isEqualTo(1);
    assertThat(eventsRead(run(enable()))).isZero();
  }

  @Test
  void aLeaseLeftByADeadProcessIsTakenOver() throws IOException {
    events("a", 1, 60_000);
    Path lease = tmp.resolve("lake/_state/ingest/lease.json");
    Files.createDirectories(lease.getParent());
    long dead = deadPid();
    Files.writeString(
        lease,
        String.format(
            "{\"owner\":\"x\",\"host\":\"%s\",\"pid\":%d,\"job\":\"ingest\",\"runId\":\"r\","
                + "\"attempt\":1,\"baseVersion\":0,\"acquiredAt\":%d,\"heartbeatAt\":%d}",
            java.net.InetAddress.getLocalHost().getHostName(),
            dead,
            System.currentTimeMillis(),
            System.currentTimeMillis()));

    assertThat(eventsRead(run(enable()))).isEqualTo(1);
    assertThat(Files.exists(lease)).isFalse();
  }

  /** The pid of a process that has ended. */
  private static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return p.pid();
  }

  // ---------------------------------------------------------------------------------------------
  // every record exactly once, through the real job

  @Test
  void randomArrivalsWithEqualTimesAcrossRunsAreEachReadExactlyOnce() throws IOException {
    // Files arrive between runs; each takes a modification time already used by an earlier file
    // (read or not) or a new one, all before the next run starts and within the band: the listing
    // shows some of them only a run later than their time says.
    java.util.Random random = new java.util.Random(20261121L);
    List<Long> times = new ArrayList<>(List.of(now - 300_000));
    Map<String, Integer> lines = new TreeMap<>();
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
        int n = 1 + random.nextInt(4);
        Path f = events(name, n, 0);
        Files.setLastModifiedTime(f, FileTime.fromMillis(time));
        lines.put(name, n);
      }
      RunSummary summary = run(enable());
      assertThat(summary.records().get("events").duplicates()).as("run %d", run).isZero();
    }
    assertThat(eventsRead(run(enable()))).as("a last run finds nothing left").isZero();

    int total = lines.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(cleansed()).isEqualTo(total);
    Map<String, Long> perFile = new TreeMap<>();
    new Lake(spark, lake)
        .read(LakeTable.RAW_EVENTS)
        .groupBy(col(Columns.SOURCE))
        .count()
        .collectAsList()
        .forEach(
            r -> {
              String path = r.getString(0);
              String name = path.substring(path.lastIndexOf('/') + 1).replace(".jsonl", "");
              perFile.put(name, r.getLong(1));
            });
    Map<String, Long> want = new TreeMap<>();
    lines.forEach((name, n) -> want.put(name, (long) n));
    assertThat(perFile).as("every line of every file read exactly once").isEqualTo(want);
  }
}
