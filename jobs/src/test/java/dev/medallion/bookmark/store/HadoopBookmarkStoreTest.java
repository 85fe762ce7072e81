package dev.medallion.bookmark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.bookmark.SourceFile;
import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.landing.LandingFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bookmark store on Hadoop files (a local directory): versions, commits, run claims, plans,
 * resets and rewinds, and broken files.
 */
class HadoopBookmarkStoreTest {
  private static final String JOB = "ingest";

  @TempDir Path lake;
  private BookmarkStore store;

  @BeforeEach
  void newStore() {
    store = new HadoopBookmarkStore(new HadoopFiles(new Configuration()), lakeUri(), JOB);
  }

  private String lakeUri() {
    return LakeLocation.parse("--lake", lake.toString()).uri();
  }

  private Path stateDir() {
    return lake.resolve("_state").resolve(JOB);
  }

  /**
   * The state after run {@code run} read {@code path} (modified at {@code mtime}) at {@code start}.
   */
  private static JobState after(JobState state, long run, String path, long mtime, long start) {
    List<SourceFile> read = List.of(new SourceFile(path, mtime));
    return state.committed(
        run,
        RunPlan.runId(run, start),
        1,
        Map.of("events", state.bookmark("events").after(start, read)),
        Map.of(),
        Map.of("events", read),
        Map.of());
  }

  @Test
  void anEmptyLakeHasTheInitialState() {
    JobState state = store.current();

    assertThat(state).isEqualTo(JobState.initial(JOB));
    assertThat(state.version()).isZero();
    assertThat(state.lastRun()).isZero();
    assertThat(state.bookmarks()).isEmpty();
    assertThat(state.values()).isEmpty();
    assertThat(state.bookmark("events").highWatermark()).isEqualTo(-1);
    assertThat(store.pendingPlan()).isEmpty();
    assertThat(store.versions()).isEmpty();
  }

  @Test
  void theHighestCommittedVersionIsCurrentWithBookmarksManifestAndValues() {
    JobState v1 = after(JobState.initial(JOB), 1, "file:/l/events/a.jsonl", 100, 1_000_000);
    store.commit(v1);
    JobState v2 = after(store.current(), 2, "file:/l/events/b.jsonl", 1_500_000, 2_000_000);
    store.commit(v2);
    JobState v3 = store.current().next(3, "r3", 1, Map.of("k", "two"));
    store.commit(v3);

    JobState current = store.current();
    assertThat(current).isEqualTo(v3);
    assertThat(current.version()).isEqualTo(3);
    assertThat(store.versions()).containsExactly(1L, 2L, 3L);
    // a run with no file source keeps the bookmarks, and names itself
    assertThat(current.bookmarks()).isEqualTo(v2.bookmarks());
    assertThat(current.committedBy()).isEqualTo("r3");
    assertThat(store.version(1)).isEqualTo(v1);
    assertThat(current.bookmark("events").highWatermark()).isEqualTo(2_000_000);
    // b is within the band of the new mark, a long before it
    assertThat(current.bookmark("events").inBand())
        .containsExactly(Map.entry("file:/l/events/b.jsonl", 1_500_000L));
    assertThat(store.version(2).read("events"))
        .containsExactly(new SourceFile("file:/l/events/b.jsonl", 1_500_000));
    assertThat(current.values()).containsEntry("k", "two");
  }

  @Test
  void versionsAreOrderedByNumberNotByName() {
    JobState state = JobState.initial(JOB);
    for (int run = 1; run <= 12; run++) {
      state = state.next(run, "r" + run, 1, Map.of("run", Integer.toString(run)));
      store.commit(state);
    }

    assertThat(store.current().version()).isEqualTo(12);
    assertThat(store.current().values()).containsEntry("run", "12");
  }

  @Test
  void committingAVersionThatIsAlreadyCommittedIsRefused() {
    JobState v1 = after(JobState.initial(JOB), 1, "a", 1, 10);
    store.commit(v1);
    // A second run that started from the same base version and ends later.
    JobState rival = after(JobState.initial(JOB), 2, "b", 2, 20);

    assertThatThrownBy(() -> store.commit(rival))
        .isInstanceOf(ConcurrentRunException.class)
        .hasMessageContaining("version mismatch")
        .hasMessageContaining("another run")
        .hasMessageContaining("version 1");
    assertThatThrownBy(() -> store.commit(v1)).hasMessageContaining("another run");
    // The committed state is untouched.
    assertThat(store.current()).isEqualTo(v1);
  }

  @Test
  void aPlanRoundTripsAndTheCommitRemovesIt() {
    RunPlan plan =
        new RunPlan(
            JOB,
            3,
            "000003-20261102T100000Z",
            2,
            2,
            1_793_613_600_000L,
            "job-bookmark-enable",
            false,
            Map.of(
                "events",
                List.of(
                    new LandingFile("file:/l/events/b.jsonl", 120, 1000),
                    new LandingFile("file:/l/events/a.jsonl.gz", 80, 2000)),
                "users",
                List.of()),
            Map.of("snapshot", "7"),
            Map.of("file:/l/events/c.jsonl", "cannot read file:/l/events/c.jsonl: truncated"));
    store.savePlan(plan);

    RunPlan read = store.pendingPlan().orElseThrow();
    assertThat(read).isEqualTo(plan);
    // The order of the files is the ingest order: kept as written.
    assertThat(read.files("events"))
        .extracting(LandingFile::path)
        .containsExactly("file:/l/events/b.jsonl", "file:/l/events/a.jsonl.gz");
    assertThat(read.files("transactions")).isEmpty();

    store.commit(JobState.initial(JOB).next(3, "r3", 1, Map.of()));
    assertThat(store.pendingPlan()).isEmpty();
  }

  @Test
  void aDiscardedPlanIsGone() {
    store.savePlan(
        new RunPlan(JOB, 1, "r", 1, 0, 0, "job-bookmark-enable", true, Map.of(), Map.of(), null));
    assertThat(store.pendingPlan()).isPresent();

    store.discardPlan();

    assertThat(store.pendingPlan()).isEmpty();
    assertThat(store.current()).isEqualTo(JobState.initial(JOB));
  }

  // ---------------------------------------------------------------------------------------------
  // Where the next run starts

  /** A state after three committed runs: version 3, last run 3. */
  private static JobState afterThreeRuns() {
    return new JobState(JOB, 3, 3, "r3", 1, null, Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static RunPlan plan(long run, long baseVersion) {
    return new RunPlan(
        JOB,
        run,
        RunPlan.runId(run, 1_793_613_600_000L),
        1,
        baseVersion,
        1_793_613_600_000L,
        "job-bookmark-enable",
        false,
        Map.of("events", List.of(new LandingFile("file:/l/events/a.jsonl", 1, 1))),
        Map.of("late_policy", "KEEP"),
        null);
  }

  @Test
  void withoutAPlanTheNextRunFollowsTheLastOne() {
    BookmarkStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(4);
    assertThat(store.resume(JobState.initial(JOB)).nextRun()).isEqualTo(1);
  }

  @Test
  void thePlanOfTheNextRunFromTheCurrentVersionIsUnfinishedAndKept() {
    RunPlan plan = plan(4, 3);
    store.savePlan(plan);

    BookmarkStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).contains(plan);
    assertThat(resume.nextRun()).isEqualTo(4);
    assertThat(store.pendingPlan()).contains(plan);
    // Asking again gives the same answer: nothing was discarded.
    assertThat(store.resume(afterThreeRuns()).unfinished()).contains(plan);
  }

  @Test
  void aPlanFromAnotherVersionIsStaleAndItsRunNumberNotReused() {
    store.savePlan(plan(4, 2)); // the right run number, but made from version 2

    BookmarkStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(5);
    // The stale plan stays until the next run's plan replaces it, so its number is not forgotten
    // should this process die before then.
    assertThat(store.pendingPlan()).map(RunPlan::run).contains(4L);
    assertThat(store.resume(afterThreeRuns()).nextRun()).isEqualTo(5);
  }

  @Test
  void aPlanFromTheCurrentVersionIsUnfinishedWhateverItsNumber() {
    // Runs 4 to 6 were paused or disabled runs: they committed no version.
    store.savePlan(plan(7, 3));

    BookmarkStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).map(RunPlan::run).contains(7L);
    assertThat(resume.nextRun()).isEqualTo(7);
  }

  @Test
  void runNumbersGoOnPastEveryClaimedRunEvenWithoutACommit() {
    store.claim(plan(4, 3));
    store.claim(plan(5, 3));

    assertThat(store.resume(afterThreeRuns()).nextRun()).isEqualTo(6);
    assertThat(store.highestAttempt(5)).isEqualTo(1);
    assertThat(store.highestAttempt(6)).isZero();
  }

  @Test
  void aRunAttemptCanBeClaimedOnceOnly() {
    RunPlan plan = plan(4, 3);
    store.claim(plan);

    assertThatThrownBy(() -> store.claim(plan))
        .isInstanceOf(ConcurrentRunException.class)
        .hasMessageContaining("version mismatch")
        .hasMessageContaining("attempt 1 of run 4")
        .hasMessageContaining("wrote nothing");
    store.claim(plan.withAttempt(2));
    assertThat(store.highestAttempt(4)).isEqualTo(2);
  }

  @Test
  void aPlanBehindTheStateIsStaleAndTheNextRunFollowsTheLastOne() {
    store.savePlan(plan(3, 2)); // run 3, already committed as version 3

    BookmarkStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(4);
    // The stale plan stays until the next run's plan replaces it, so its number is not forgotten
    // should this process die before then.
    assertThat(store.pendingPlan()).map(RunPlan::run).contains(3L);
    assertThat(store.resume(afterThreeRuns()).nextRun()).isEqualTo(4);
  }

  @Test
  void aStalePlanOfAnEmptyLakeIsNumberedPast() {
    store.savePlan(plan(5, 7));

    BookmarkStore.Resume resume = store.resume(JobState.initial(JOB));

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(6);
  }

  @Test
  void aCorruptStateFileIsAnErrorNamingTheFile() throws Exception {
    store.commit(JobState.initial(JOB).next(1, "r1", 1, Map.of()));
    Path corrupt = stateDir().resolve("state-00000000000000000002.json");
    Files.writeString(corrupt, "{\"job\": \"ingest\", \"version\": 2, ", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> store.current())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("state-00000000000000000002.json")
        .hasMessageContaining("not readable");
  }

  @Test
  void aCorruptPlanIsAnErrorNamingTheFile() throws Exception {
    Files.createDirectories(stateDir());
    Files.writeString(stateDir().resolve("plan.json"), "not json at all", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> store.pendingPlan())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plan.json");
  }

  @Test
  void eachJobHasItsOwnState() {
    store.commit(JobState.initial(JOB).next(1, "r1", 1, Map.of("a", "b")));
    BookmarkStore curate =
        new HadoopBookmarkStore(new HadoopFiles(new Configuration()), lakeUri(), "curate");

    assertThat(curate.current()).isEqualTo(JobState.initial("curate"));
  }

  // ---------------------------------------------------------------------------------------------
  // Reset and rewind

  @Test
  void aResetIsANewVersionWithNoBookmarkAndTheRunNumbersGoOn() {
    store.commit(after(JobState.initial(JOB), 1, "a", 1, 10));
    store.commit(after(store.current(), 2, "b", 2, 20));

    JobState reset = store.reset();

    assertThat(reset.version()).isEqualTo(3);
    assertThat(reset.lastRun()).isEqualTo(2);
    assertThat(reset.bookmarks()).isEmpty();
    assertThat(reset.committedBy()).isNull();
    assertThat(reset.note()).isEqualTo("reset");
    assertThat(store.current()).isEqualTo(reset);
    assertThat(store.resume(reset).nextRun()).isEqualTo(3);
    // nothing is deleted: the versions before the reset can still be rewound to
    assertThat(store.versions()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aRewindRestoresTheBookmarkARunLeftByIdOrNumber() {
    JobState v1 = after(JobState.initial(JOB), 1, "a", 1, 10);
    store.commit(v1);
    store.commit(after(store.current(), 2, "b", 2, 20));
    store.commit(after(store.current(), 3, "c", 3, 30));

    JobState rewound = store.rewind(v1.committedBy());

    assertThat(rewound.version()).isEqualTo(4);
    assertThat(rewound.lastRun()).isEqualTo(3);
    assertThat(rewound.bookmarks()).isEqualTo(v1.bookmarks());
    assertThat(rewound.note()).isEqualTo("rewound to after run " + v1.committedBy());
    assertThat(store.rewind("3").bookmark("events").highWatermark()).isEqualTo(30);
  }

  @Test
  void aRewindToARunThatCommittedNothingNamesTheRunsThatDid() {
    store.commit(after(JobState.initial(JOB), 1, "a", 1, 10));

    assertThatThrownBy(() -> store.rewind("000009-20261121T000000Z"))
        .isInstanceOf(dev.medallion.config.ConfigException.class)
        .hasMessageContaining("no run '000009-20261121T000000Z'")
        .hasMessageContaining(RunPlan.runId(1, 10));
  }

  @Test
  void aResetIsRefusedWhileARunHoldsTheJob() {
    try (RunLease running = store.lease("000001-20261121T000000Z", 1, 0)) {
      assertThatThrownBy(() -> store.reset())
          .isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining("000001-20261121T000000Z");
    }
    assertThat(store.reset().version()).isEqualTo(1);
  }
}
