package dev.medallion.cli;

import dev.medallion.bookmark.FileBookmark;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.curate.CurateJob;
import dev.medallion.ingest.IngestJob;
import dev.medallion.lake.HadoopFiles;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medallion bookmarks}: look at a job's bookmark, reset it, or rewind it to where a run left
 * it, as {@code aws glue get-job-bookmark} and {@code reset-job-bookmark [--run-id]} do. No Spark:
 * the state is small files under the lake.
 */
@Command(
    name = "bookmarks",
    mixinStandardHelpOptions = true,
    description = {
      "A job's bookmark: what its runs have read, per source.",
      "show it, reset it (the next run reads everything again), or rewind it to where a run",
      "left it (the next run reads what came after that run). Tables are not changed: events",
      "read again are counted as duplicates of what cleansed already holds."
    },
    subcommands = {
      BookmarksCommand.Show.class,
      BookmarksCommand.Reset.class,
      BookmarksCommand.Rewind.class
    })
final class BookmarksCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw MedallionCli.missingSubcommand(spec, "subcommand");
  }

  /** The options every bookmarks subcommand takes. */
  static final class Target {
    @Option(
        names = "--job",
        required = true,
        paramLabel = "NAME",
        description = "The job: " + IngestJob.JOB + " or " + CurateJob.JOB + ".")
    String job;

    @Mixin LakeOption lake;

    @Mixin SparkOptions spark;

    BookmarkStore store() {
      if (!List.of(IngestJob.JOB, CurateJob.JOB).contains(job)) {
        throw new ConfigException(
            "--job", "'" + job + "' is not a job", "use " + IngestJob.JOB + " or " + CurateJob.JOB);
      }
      LakeLocation location = lake.location();
      return new HadoopBookmarkStore(
          new HadoopFiles(spark.hadoopConf()), location.stateRoot(), job);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = "The current bookmark per source, the run in progress and the history.")
  static final class Show implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() {
      print(target.store(), System.out);
      return MedallionCli.OK;
    }
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "Reset the bookmark: the next run reads every file again.",
        "With --run-id, rewind instead (as 'aws glue reset-job-bookmark --run-id')."
      })
  static final class Reset implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = "--run-id",
        paramLabel = "RUN_ID",
        description = "Rewind to where this run left the bookmark (an id or run number).")
    String runId;

    @Override
    public Integer call() {
      BookmarkStore store = target.store();
      JobState state = runId == null ? store.reset() : store.rewind(runId);
      System.out.println(describe(store.job(), state));
      return MedallionCli.OK;
    }
  }

  @Command(
      name = "rewind",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "Rewind the bookmark to where a run left it: the next run reads the files",
        "that arrived (or changed) after that run."
      })
  static final class Rewind implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = "--run-id",
        required = true,
        paramLabel = "RUN_ID",
        description = "The run (an id or run number; see 'bookmarks show').")
    String runId;

    @Override
    public Integer call() {
      BookmarkStore store = target.store();
      System.out.println(describe(store.job(), store.rewind(runId)));
      return MedallionCli.OK;
    }
  }

  private static String describe(String job, JobState state) {
    return "job "
        + job
        + ": bookmark "
        + state.note()
        + ", now version "
        + state.version()
        + "; the next run is numbered after run "
        + state.lastRun()
        + ".";
  }

  static void print(BookmarkStore store, PrintStream out) {
    JobState state = store.current();
    out.printf(
        "job %s: bookmark version %d, %s%n",
        store.job(),
        state.version(),
        state.committedBy() != null
            ? "committed by run " + state.committedBy() + " (attempt " + state.attempt() + ")"
            : state.note() != null ? state.note() : "no run has committed yet");
    Optional<RunLease.Holder> live = store.liveLease();
    out.println(
        "  in progress: "
            + live.map(h -> "run " + h.runId() + " (pid " + h.pid() + " on " + h.host() + ")")
                .orElse("none"));
    Optional<RunPlan> pending = store.pendingPlan();
    if (pending.isPresent() && live.isEmpty()) {
      RunPlan p = pending.get();
      out.println(
          "  unfinished: run "
              + p.runId()
              + " (attempt "
              + p.attempt()
              + ", "
              + p.bookmarkOption()
              + ")"
              + (p.baseVersion() == state.version()
                  ? ": the next run does it again first"
                  : ": stale (made from version " + p.baseVersion() + "), the next run skips it"));
    }
    if (!state.bookmarks().isEmpty()) {
      out.printf(
          "  %-14s %-26s %7s %14s %9s%n",
          "source", "high-water mark (UTC)", "band", "files in band", "to retry");
      new TreeMap<>(state.bookmarks())
          .forEach(
              (source, b) ->
                  out.printf(
                      "  %-14s %-26s %5d s %14d %9d%n",
                      source,
                      mark(b),
                      b.maxBand() / 1000,
                      b.inBand().size(),
                      state.retry(source).size()));
    }
    new TreeMap<>(state.values()).forEach((k, v) -> out.printf("  %s = %s%n", k, v));
    List<JobState> history = store.history();
    if (!history.isEmpty()) {
      out.println("  history:");
      out.printf("  %8s  %-26s %8s  %s%n", "version", "run", "attempt", "read / note");
      for (JobState v : history) {
        out.printf(
            "  %8d  %-26s %8s  %s%n",
            v.version(),
            v.committedBy() == null ? "-" : v.committedBy(),
            v.committedBy() == null ? "-" : Integer.toString(v.attempt()),
            v.committedBy() == null ? v.note() : manifest(v.read()));
      }
    }
  }

  private static String mark(FileBookmark b) {
    return b.highWatermark() < 0
        ? "(nothing read)"
        : Instant.ofEpochMilli(b.highWatermark()).toString();
  }

  private static String manifest(Map<String, ? extends List<?>> read) {
    if (read.isEmpty()) {
      return "no file source";
    }
    return new TreeMap<>(read)
        .entrySet().stream()
            .map(e -> e.getValue().size() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }
}
