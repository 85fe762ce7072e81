package dev.medallion.bench;

import dev.medallion.cli.MedallionCli;
import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.lake.LocalTrees;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * {@code medallion bench batch}: Medallion's batch pipeline against the same work done by DuckDB
 * ({@link DuckDbPipeline}) and by a naive Spark job ({@link NaiveSparkPipeline}), each a fresh JVM
 * on the same landing files, one after the other.
 *
 * <p>In order: the landing data is generated or reused ({@link BatchBenchData}); with a history,
 * its run lands and each system ingests it into a lake of its own (timed, shown apart, not in the
 * ratios); then the measured run lands and each system runs on it over its lake: {@code
 * dev.medallion.cli.MedallionCli pipeline --landing L --lake K} as a user runs it, DuckDB, the
 * naive job. Each step is timed by wall clock from process start to exit, with its peak resident
 * set ({@link TimedJvm}). Then, untimed: the counts of each (Medallion's from its run summary, the
 * peers' from theirs) and the generator's expected counts; Medallion's {@code
 * curated.daily_event_metrics} (read with Spark) against DuckDB's. Medallion and DuckDB must agree
 * on both; the naive job's counts are shown only.
 */
public final class BatchBenchmark {
  public static final String MEDALLION = "Medallion pipeline";
  public static final String DUCKDB = "DuckDB";
  public static final String NAIVE = "naive Spark";

  /** How many differing metrics rows a report lists at most. */
  static final int MAX_DIFFERENCES = 20;

  /**
   * What to measure.
   *
   * @param events event lines of the measured run
   * @param history event lines landed and ingested before it (0: none)
   * @param seed the generator's seed
   * @param naive whether to run the naive Spark job too
   */
  public record Config(int events, int history, long seed, boolean naive) {
    public static final int DEFAULT_EVENTS = 1_000_000;

    public Config {
      if (events < 10) {
        throw new ConfigException(
            "--events", "must be at least 10, got " + events, "pass e.g. --events 100000");
      }
      if (history < 0 || (history > 0 && history < 10)) {
        throw new ConfigException(
            "--history", "must be 0 or at least 10, got " + history, "pass e.g. --history 100000");
      }
    }

    /** The number of the measured run: 2 with a history, else 1. */
    int measuredRun() {
      return history > 0 ? 2 : 1;
    }
  }

  /**
   * One system's step.
   *
   * @param system {@link #MEDALLION}, {@link #DUCKDB} or {@link #NAIVE}
   * @param eventLines the event lines of the run it processed
   * @param seconds wall-clock time of its JVM, start to exit
   * @param peakRss its peak resident set in bytes, when known
   * @param log where its output went
   */
  public record Step(
      String system, long eventLines, double seconds, OptionalLong peakRss, Path log) {
    public double eventsPerSecond() {
      return seconds <= 0 ? 0 : eventLines / seconds;
    }
  }

  /**
   * Everything measured and checked.
   *
   * @param history the steps of the history run (empty without one)
   * @param measured the steps of the measured run
   * @param counts each system's counts of the measured run, per kind, then the generator's
   * @param countDifferences Medallion against DuckDB; empty when they agree
   * @param metricsRows the rows of Medallion's {@code curated.daily_event_metrics}
   * @param metricsDifferences Medallion's metrics against DuckDB's; empty when they agree
   */
  public record Result(
      Config config,
      Machine machine,
      String duckDbVersion,
      List<String> jvmOptions,
      double loadAverageAtEnd,
      List<Step> history,
      List<Step> measured,
      Map<String, Map<String, RecordCounts>> counts,
      List<String> countDifferences,
      long metricsRows,
      List<String> metricsDifferences,
      Path work) {
    public boolean agree() {
      return countDifferences.isEmpty() && metricsDifferences.isEmpty();
    }

    /** {@code system}'s step of the measured run. */
    public Step measured(String system) {
      return measured.stream().filter(s -> s.system().equals(system)).findFirst().orElseThrow();
    }

    /** Medallion's events/s divided by {@code system}'s: above 1, Medallion is faster. */
    public double ratio(String system) {
      return measured(MEDALLION).eventsPerSecond() / measured(system).eventsPerSecond();
    }
  }

  /** The generator's counts, under this name in {@link Result#counts()}. */
  public static final String EXPECTED = "generator (expected.json)";

  private final Progress progress;

  public BatchBenchmark(Progress progress) {
    this.progress = progress;
  }

  /**
   * Runs the benchmark.
   *
   * @param work the benchmark's directory: its data sets are kept in {@code data/}, everything else
   *     below it is made anew
   * @param spark the session to read Medallion's metrics with once the timed steps are over
   */
  public Result run(Config config, Path work, Supplier<SparkSession> spark) {
    double loadAtStart = loadAverage();
    Path landing = work.resolve("landing");
    Path lake = work.resolve("medallion-lake");
    Path duckdb = work.resolve("duckdb-lake");
    Path naive = work.resolve("naive-spark-lake");
    Path logs = work.resolve("logs");
    for (Path dir : List.of(landing, lake, duckdb, naive, logs)) {
      LocalTrees.delete(dir);
    }
    BatchBenchData data =
        BatchBenchData.prepare(
            work.resolve("data"), config.seed(), config.history(), config.events(), progress);

    List<Contender> contenders = new ArrayList<>();
    contenders.add(
        new Contender(
            MEDALLION,
            "dev.medallion.cli.MedallionCli",
            List.of("pipeline", "--landing", landing.toString(), "--lake", lake.toString())));
    contenders.add(
        new Contender(
            DUCKDB,
            DuckDbPipeline.class.getName(),
            List.of("--landing", landing.toString(), "--out", duckdb.toString())));
    if (config.naive()) {
      contenders.add(
          new Contender(
              NAIVE,
              NaiveSparkPipeline.class.getName(),
              List.of("--landing", landing.toString(), "--out", naive.toString())));
    }

    List<Step> history = new ArrayList<>();
    if (data.history().isPresent()) {
      BatchBenchData.land(data.history().get(), landing);
      long lines = data.expected(1).get("events").read();
      for (Contender system : contenders) {
        history.add(step(system, "history", lines, logs));
      }
    }
    BatchBenchData.land(data.measured(), landing);
    long lines = data.expected(config.measuredRun()).get("events").read();
    List<Step> measured = new ArrayList<>();
    for (Contender system : contenders) {
      measured.add(step(system, "measured", lines, logs));
    }
    double loadAtEnd = loadAverage();

    progress.step("reading the counts and the daily metrics (not timed)");
    Map<String, Map<String, RecordCounts>> counts = new LinkedHashMap<>();
    counts.put(MEDALLION, MedallionRuns.ingest(lake, config.measuredRun()));
    counts.put(DUCKDB, PeerRuns.read(duckdb, config.measuredRun()));
    if (config.naive()) {
      counts.put(NAIVE, PeerRuns.read(naive, config.measuredRun()));
    }
    counts.put(EXPECTED, data.expected(config.measuredRun()));
    List<String> countDifferences =
        CountChecks.differences(counts.get(MEDALLION), MEDALLION, counts.get(DUCKDB), DUCKDB);

    SparkSession session = spark.get();
    List<MetricsRows.Metric> ours =
        MetricsRows.of(
            new Lake(session, LakeLocation.parse("--lake", lake.toString()))
                .read(LakeTable.CURATED_DAILY_EVENT_METRICS));
    List<MetricsRows.Metric> theirs =
        MetricsRows.of(
            session.read().parquet(duckdb.resolve("curated/daily_event_metrics").toString()));
    List<String> metricsDifferences =
        MetricsRows.differences(ours, theirs, DUCKDB, MAX_DIFFERENCES);

    return new Result(
        config,
        Machine.describe(session, loadAtStart),
        duckDbVersion(),
        jvmOptions(),
        loadAtEnd,
        history,
        measured,
        counts,
        countDifferences,
        ours.size(),
        metricsDifferences,
        work);
  }

  /** A system under test: its name, its main class and its arguments. */
  private record Contender(String name, String mainClass, List<String> args) {}

  private Step step(Contender system, String phase, long lines, Path logs) {
    String file = (system.name() + "-" + phase).toLowerCase(Locale.ROOT).replace(' ', '-');
    progress.step(
        system.name()
            + ", "
            + phase
            + " run: "
            + String.format(Locale.ROOT, "%,d", lines)
            + " event lines");
    TimedJvm.Run run =
        TimedJvm.run(
            TimedJvm.command(system.mainClass(), system.args()), logs.resolve(file + ".log"));
    if (run.exit() != MedallionCli.OK) {
      throw new IllegalStateException(
          system.name()
              + " failed in the "
              + phase
              + " run (exit "
              + run.exit()
              + "); the end of its log "
              + run.log()
              + ":\n"
              + run.tail(30));
    }
    progress.step(
        String.format(
            Locale.ROOT,
            "%s, %s run: %.1f s, %,.0f events/s",
            system.name(),
            phase,
            run.seconds(),
            lines / run.seconds()));
    return new Step(system.name(), lines, run.seconds(), run.peakRss(), run.log());
  }

  /** The options the steps' JVMs get: this JVM's, as {@code bin/medallion} gave them. */
  private static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(o -> o.startsWith("-Xmx") || o.startsWith("-XX:+Use"))
        .toList();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String duckDbVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version()")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }
}
