package dev.medallion.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The job state store on a local directory: versions, commits, plans and broken files. */
class JobStateStoreTest {
  private static final String JOB = "ingest";

  @TempDir Path lake;
  private JobStateStore store;

  @BeforeEach
  void newStore() {
    store = new JobStateStore(new HadoopFiles(new Configuration()), lakeUri(), JOB);
  }

  private String lakeUri() {
    return LakeLocation.parse("--lake", lake.toString()).uri();
  }

  private Path stateDir() {
    return lake.resolve("_state").resolve(JOB);
  }

  private static Map<String, Map<String, FileMark>> files(
      String source, String path, long size, long mtime, long run) {
    return Map.of(source, Map.of(path, new FileMark(size, mtime, run)));
  }

  @Test
  void anEmptyLakeHasTheInitialState() {
    JobState state = store.current();

    assertThat(state).isEqualTo(JobState.initial(JOB));
    assertThat(state.version()).isZero();
    assertThat(state.lastRun()).isZero();
    assertThat(state.sources()).isEmpty();
    assertThat(state.values()).isEmpty();
    assertThat(state.files("events")).isEmpty();
    assertThat(store.pendingPlan()).isEmpty();
  }

  @Test
  void theHighestCommittedVersionIsCurrentWithFilesAndValuesMerged() {
    JobState v1 =
        JobState.initial(JOB)
            .next(1, files("events", "file:/l/events/a.jsonl", 10, 100, 1), Map.of("k", "one"));
    store.commit(v1);
    assertThat(store.current()).isEqualTo(v1);

    JobState v2 =
        store
            .current()
            .next(
                2,
                Map.of(
                    "events", Map.of("file:/l/events/b.jsonl", new FileMark(20, 200, 2)),
                    "users", Map.of("file:/l/users/u.csv", new FileMark(30, 300, 2))),
                Map.of("k", "two", "other", "x"));
    store.commit(v2);

    JobState current = store.current();
    assertThat(current).isEqualTo(v2);
    assertThat(current.version()).isEqualTo(2);
    assertThat(current.lastRun()).isEqualTo(2);
    assertThat(current.files("events"))
        .containsOnlyKeys("file:/l/events/a.jsonl", "file:/l/events/b.jsonl")
        .containsEntry("file:/l/events/a.jsonl", new FileMark(10, 100, 1))
        .containsEntry("file:/l/events/b.jsonl", new FileMark(20, 200, 2));
    assertThat(current.files("users"))
        .containsExactly(Map.entry("file:/l/users/u.csv", new FileMark(30, 300, 2)));
    assertThat(current.values())
        .containsExactlyInAnyOrderEntriesOf(Map.of("k", "two", "other", "x"));
  }

  @Test
  void aFileRewrittenSinceIsRememberedWithItsNewMark() {
    store.commit(JobState.initial(JOB).next(1, files("events", "f", 10, 100, 1), Map.of()));
    store.commit(store.current().next(2, files("events", "f", 11, 150, 2), Map.of()));

    assertThat(store.current().files("events"))
        .containsExactly(Map.entry("f", new FileMark(11, 150, 2)));
  }

  @Test
  void versionsAreOrderedByNumberNotByName() {
    JobState state = JobState.initial(JOB);
    for (int run = 1; run <= 12; run++) {
      state = state.next(run, Map.of(), Map.of("run", Integer.toString(run)));
      store.commit(state);
    }

    assertThat(store.current().version()).isEqualTo(12);
    assertThat(store.current().values()).containsEntry("run", "12");
  }

  @Test
  void committingAVersionThatIsAlreadyCommittedIsRefused() {
    JobState v1 = JobState.initial(JOB).next(1, files("events", "a", 1, 1, 1), Map.of());
    store.commit(v1);
    // A second run that started from the same base version and ends later.
    JobState rival = JobState.initial(JOB).next(1, files("events", "b", 2, 2, 1), Map.of());

    assertThatThrownBy(() -> store.commit(rival))
        .isInstanceOf(IllegalStateException.class)
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
            1_793_613_600_000L,
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

    store.commit(JobState.initial(JOB).next(3, Map.of(), Map.of()));
    assertThat(store.pendingPlan()).isEmpty();
  }

  @Test
  void aDiscardedPlanIsGone() {
    store.savePlan(new RunPlan(JOB, 1, "r", 0, 0, true, Map.of(), Map.of(), null));
    assertThat(store.pendingPlan()).isPresent();

    store.discardPlan();

    assertThat(store.pendingPlan()).isEmpty();
    assertThat(store.current()).isEqualTo(JobState.initial(JOB));
  }

  // ---------------------------------------------------------------------------------------------
  // Where the next run starts

  /** A state after three committed runs: version 3, last run 3. */
  private static JobState afterThreeRuns() {
    return new JobState(JOB, 3, 3, Map.of(), Map.of());
  }

  private static RunPlan plan(long run, long baseVersion) {
    return new RunPlan(
        JOB,
        run,
        RunPlan.runId(run, 1_793_613_600_000L),
        baseVersion,
        1_793_613_600_000L,
        false,
        Map.of("events", List.of(new LandingFile("file:/l/events/a.jsonl", 1, 1))),
        Map.of("late_policy", "KEEP"),
        null);
  }

  @Test
  void withoutAPlanTheNextRunFollowsTheLastOne() {
    JobStateStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(4);
    assertThat(store.resume(JobState.initial(JOB)).nextRun()).isEqualTo(1);
  }

  @Test
  void thePlanOfTheNextRunFromTheCurrentVersionIsUnfinishedAndKept() {
    RunPlan plan = plan(4, 3);
    store.savePlan(plan);

    JobStateStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).contains(plan);
    assertThat(resume.nextRun()).isEqualTo(4);
    assertThat(store.pendingPlan()).contains(plan);
    // Asking again gives the same answer: nothing was discarded.
    assertThat(store.resume(afterThreeRuns()).unfinished()).contains(plan);
  }

  @Test
  void aPlanFromAnotherVersionIsStaleAndItsRunNumberNotReused() {
    store.savePlan(plan(4, 2)); // the right run number, but made from version 2

    JobStateStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(5);
    // The stale plan stays until the next run's plan replaces it, so its number is not forgotten
    // should this process die before then.
    assertThat(store.pendingPlan()).map(RunPlan::run).contains(4L);
    assertThat(store.resume(afterThreeRuns()).nextRun()).isEqualTo(5);
  }

  @Test
  void aPlanAheadOfTheStateIsStaleAndTheNextRunIsNumberedPastIt() {
    store.savePlan(plan(7, 3)); // the current version, but not run 4

    JobStateStore.Resume resume = store.resume(afterThreeRuns());

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(8);
    // The stale plan stays until the next run's plan replaces it, so its number is not forgotten
    // should this process die before then.
    assertThat(store.pendingPlan()).map(RunPlan::run).contains(7L);
    assertThat(store.resume(afterThreeRuns()).nextRun()).isEqualTo(8);
  }

  @Test
  void aPlanBehindTheStateIsStaleAndTheNextRunFollowsTheLastOne() {
    store.savePlan(plan(3, 2)); // run 3, already committed as version 3

    JobStateStore.Resume resume = store.resume(afterThreeRuns());

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

    JobStateStore.Resume resume = store.resume(JobState.initial(JOB));

    assertThat(resume.unfinished()).isEmpty();
    assertThat(resume.nextRun()).isEqualTo(6);
  }

  @Test
  void aCorruptStateFileIsAnErrorNamingTheFile() throws Exception {
    store.commit(JobState.initial(JOB).next(1, Map.of(), Map.of()));
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
    store.commit(JobState.initial(JOB).next(1, Map.of(), Map.of("a", "b")));
    JobStateStore curate =
        new JobStateStore(new HadoopFiles(new Configuration()), lakeUri(), "curate");

    assertThat(curate.current()).isEqualTo(JobState.initial("curate"));
  }
}
