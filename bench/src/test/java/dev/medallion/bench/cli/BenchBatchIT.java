package dev.medallion.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.cli.MedallionCli;
import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion bench batch} at a small size, on an empty lake (its runs over a history are in
 * docs/benchmarks.md; here each system starts one JVM, to keep the long suites short): Medallion's
 * pipeline, DuckDB and the naive Spark job each run in a JVM of its own; Medallion and DuckDB count
 * the measured run as the generator says it must be counted, and the command says they agree
 * (metrics too); the lakes and the report are written. Never a time.
 */
@Tag("integration")
@Tag("long") // a benchmark run with three child JVMs: not in the default suite (-P long runs it)
class BenchBatchIT {
  private static final int EVENTS = 3000;

  /** A row of a counts table: the system, then read, cleansed, duplicates, quarantined, late. */
  private static final Pattern COUNTS =
      Pattern.compile(
          "(?m)^(.+?)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)$");

  @TempDir static Path tmp;
  static Path work;
  static Path report;
  static Cli.Result bench;

  @BeforeAll
  static void runTheBenchmarkOnce() throws IOException {
    SharedSpark.get();
    work = tmp.resolve("work");
    report = tmp.resolve("benchmarks.md");
    Files.writeString(report, "# Benchmarks\n\nEarlier sections stay.");
    bench =
        Cli.run(
            "bench",
            "batch",
            "--events",
            Integer.toString(EVENTS),
            "--work",
            work.toString(),
            "--report",
            report.toString());
  }

  @Test
  void medallionAndDuckDbCountTheMeasuredRunAsTheGeneratorSaysAndAgree() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    String events = table(bench.out(), "events of the measured run");
    List<String> medallion = counts(events, "Medallion pipeline");
    List<String> duckdb = counts(events, "DuckDB");
    List<String> expected = counts(events, "generator (expected.json)");
    assertThat(expected.get(0)).isEqualTo("3,003");
    assertThat(medallion.subList(0, 4)).isEqualTo(expected.subList(0, 4));
    assertThat(duckdb.subList(0, 4)).isEqualTo(expected.subList(0, 4));
    assertThat(counts(events, "naive Spark").get(0)).isEqualTo("3,003");
    for (String kind : List.of("users", "transactions")) {
      String rows = table(bench.out(), kind + " of the measured run");
      assertThat(counts(rows, "DuckDB").subList(0, 4))
          .as(kind)
          .isEqualTo(counts(rows, "Medallion pipeline").subList(0, 4))
          .isEqualTo(counts(rows, "generator (expected.json)").subList(0, 4));
    }
    assertThat(bench.out())
        .contains("Medallion and DuckDB agree")
        .containsPattern("the same [\\d,]+ rows of curated.daily_event_metrics");
  }

  @Test
  void everyStepIsTimedAndTheRatiosArePrinted() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    String out = bench.out();
    for (String system : List.of("Medallion pipeline", "DuckDB", "naive Spark")) {
      assertThat(out).containsPattern("(?m)^" + system + " +3,003 +\\d+\\.\\d +[\\d,]+ ");
    }
    assertThat(out)
        .containsPattern("Medallion/DuckDB \\d+\\.\\d\\dx, Medallion/naive Spark \\d+\\.\\d\\dx")
        .containsPattern("machine: +\\d+ cores")
        .contains("at the end");
  }

  @Test
  void theLakesAndTheReportAreWritten() throws IOException {
    assertThat(bench.exit()).as(bench.both()).isZero();
    assertThat(work.resolve("medallion-lake/curated/daily_event_metrics/_delta_log")).isDirectory();
    assertThat(work.resolve("naive-spark-lake/curated/daily_event_metrics/_delta_log"))
        .isDirectory();
    assertThat(parquetFiles(work.resolve("duckdb-lake/cleansed/events"))).isNotEmpty();
    assertThat(parquetFiles(work.resolve("duckdb-lake/curated/events_enriched"))).isNotEmpty();
    assertThat(work.resolve("data/seed-20261102-history-0-events-3000/complete")).exists();

    String md = Files.readString(report);
    assertThat(md)
        .startsWith("# Benchmarks\n\nEarlier sections stay.\n")
        .contains("## Batch pipeline against DuckDB and a naive Spark job (")
        .contains("| measured run | event lines | seconds | events/s | peak RSS |")
        .contains("```mermaid\nxychart-beta\n")
        .contains("Medallion and DuckDB agree");
    assertThat(bench.out()).contains("report:    appended to " + report);
  }

  @Test
  void refusesSizesThatMakeNoSenseAndADirectoryItDidNotMake() throws IOException {
    Cli.Result few = Cli.run("bench", "batch", "--events", "5", "--no-report");
    assertThat(few.exit()).as(few.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(few.err()).contains("--events");

    Cli.Result history = Cli.run("bench", "batch", "--history", "-1", "--no-report");
    assertThat(history.exit()).as(history.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(history.err()).contains("--history");

    Path someoneElses = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(someoneElses.resolve("keep.txt"), "mine");
    Cli.Result foreign =
        Cli.run("bench", "batch", "--work", someoneElses.toString(), "--no-report");
    assertThat(foreign.exit()).as(foreign.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(foreign.err()).contains("--work").contains("left alone");
    assertThat(someoneElses.resolve("keep.txt")).exists();
  }

  /** The lines of the table whose header starts with {@code title}, up to the blank line. */
  private static String table(String out, String title) {
    int start = out.indexOf(title);
    assertThat(start).as("a table '%s' in:%n%s", title, out).isNotNegative();
    int end = out.indexOf("\n\n", start);
    return out.substring(start, end < 0 ? out.length() : end);
  }

  /** read, cleansed, duplicates, quarantined, late of {@code system}'s row. */
  private static List<String> counts(String table, String system) {
    Matcher m = COUNTS.matcher(table);
    while (m.find()) {
      if (m.group(1).strip().equals(system)) {
        return List.of(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
      }
    }
    throw new AssertionError("no row '" + system + "' in:\n" + table);
  }

  private static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
  }
}
