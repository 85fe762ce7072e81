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
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job's bookmark through whole runs: the job reads what its planner chose and commits
 * the bookmark only at the end; a rewritten file's events are duplicates; a run closed without its
 * commit is done again; a concurrent run is refused before it writes anything; a dead process's
 * lease is taken over. Each rule of Glue's bookmarks on its own (enable, pause with and without a
 * range, disable, equal and close modification times, late files, reset, rewind) is tested on the
 * planner alone, without Spark, in {@link IngestPlannerTest}.
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

  // ---------------------------------------------------------------------------------------------
  // commit only at the end

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
}
