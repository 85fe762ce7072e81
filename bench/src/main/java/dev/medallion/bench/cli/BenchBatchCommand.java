package dev.medallion.bench.cli;

import dev.medallion.bench.BatchBenchReport;
import dev.medallion.bench.BatchBenchmark;
import dev.medallion.cli.MedallionCli;
import dev.medallion.config.ConfigException;
import dev.medallion.run.Progress;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.spark.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Time the batch pipeline (ingest + curate) against DuckDB and a naive Spark job.",
      "",
      "Landing data from the project's generator (duplicates, late and malformed",
      "records, invalid CSV rows), kept under --work by seed and size and reused.",
      "With --history, that many events land and each system ingests them first",
      "(timed, shown apart). Then the measured run lands and each system runs on it,",
      "one after the other, each a fresh JVM with this one's class path and options:",
      "'medallion pipeline' as a user runs it; the same work in DuckDB through JDBC,",
      "with Medallion's validation rules in SQL; a naive Spark job with Spark's",
      "defaults. Prints seconds, events/s, peak RSS, the throughput ratios, every",
      "system's counts, and whether Medallion and DuckDB agree on the counts and on",
      "curated.daily_event_metrics (exit 1 if not); appends the same, with a chart,",
      "to the report.",
      ""
    })
final class BenchBatchCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "" + BatchBenchmark.Config.DEFAULT_EVENTS,
      description = "Event lines of the measured run.")
  int events;

  @Option(
      names = "--history",
      paramLabel = "M",
      defaultValue = "0",
      description = "Event lines landed and ingested before it (0: an empty lake).")
  int history;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + SampleDataGenerator.DEFAULT_SEED,
      description = "The generator's seed.")
  long seed;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description =
          "The benchmark's directory, kept: data sets in DIR/data (reused by seed and size), the"
              + " lakes, landing area and logs made anew (default: medallion-bench-batch in the"
              + " temporary directory). One that holds anything a benchmark did not make is"
              + " refused.")
  Path work;

  @Option(names = "--skip-naive", description = "Leave the naive Spark job out.")
  boolean skipNaive;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "The Markdown file the result is appended to (default: docs/benchmarks.md of the"
              + " project when run from inside it; none otherwise).")
  Path report;

  @Option(names = "--no-report", description = "Append the result to no file.")
  boolean noReport;

  @Override
  public Integer call() throws IOException {
    BatchBenchmark.Config config = new BatchBenchmark.Config(events, history, seed, !skipNaive);
    Optional<Path> reportFile = noReport ? Optional.empty() : reportFile();
    Path dir =
        claim(
            work != null
                ? work
                : Path.of(System.getProperty("java.io.tmpdir"), "medallion-bench-batch"));
    BatchBenchmark.Result result =
        new BatchBenchmark(Progress.to(System.out, "bench"))
            .run(config, dir, () -> Sessions.getOrCreate("medallion bench batch", Map.of()));
    System.out.println();
    System.out.print(BatchBenchReport.render(result));
    if (reportFile.isPresent()) {
      append(reportFile.get(), BatchBenchReport.markdown(result, LocalDate.now(ZoneOffset.UTC)));
      System.out.println("report:    appended to " + reportFile.get());
    } else {
      System.out.println("report:    none (give --report FILE to keep it)");
    }
    return result.agree() ? MedallionCli.OK : MedallionCli.FAILED;
  }

  private Optional<Path> reportFile() {
    if (report != null) {
      return Optional.of(report);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path docs = dir.resolve("docs").resolve("benchmarks.md");
      if (Files.isRegularFile(docs) && Files.isRegularFile(dir.resolve("bench/pom.xml"))) {
        return Optional.of(docs);
      }
    }
    return Optional.empty();
  }

  /**
   * The work directory, made if needed and marked as a benchmark's. Unlike the other benchmarks' it
   * is not emptied here: its data sets are kept for the next run.
   */
  private static Path claim(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new ConfigException(
            "--work", dir.toAbsolutePath() + " is a file", "give a directory");
      }
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(dir.resolve(BenchCommand.MARKER))) {
        throw new ConfigException(
            "--work",
            dir.toAbsolutePath()
                + " is not empty and was not made by a benchmark, so it is left alone",
            "give a new or empty directory");
      }
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(BenchCommand.MARKER),
        "made by 'medallion bench batch': its next run makes all but data/ anew\n");
    return dir.toAbsolutePath();
  }

  private static void append(Path file, String section) throws IOException {
    String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String separator = before.isEmpty() || before.endsWith("\n") ? "" : "\n";
    Files.writeString(
        file,
        separator + section,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
