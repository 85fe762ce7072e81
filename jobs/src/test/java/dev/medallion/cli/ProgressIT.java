package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.progress.ProgressFormat;
import dev.medallion.progress.ProgressMode;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.ChildJvm;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on stderr, from a command run in a JVM of its own with log4j as {@code
 * spark-submit} leaves it on a stock distribution (Spark's defaults: everything at INFO): the
 * progress of the ingest as plain lines and none of Spark's INFO lines; with {@code --verbose},
 * Spark's INFO lines. Stdout holds the run summary and no progress.
 */
@Tag("integration")
class ProgressIT {
  @TempDir static Path tmp;
  static Output ingest;
  static Output verboseQuery;

  /** What a command printed. */
  record Output(int exit, String out, String err) {
    String both() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @BeforeAll
  static void runTwoCommandsInJvmsOfTheirOwn() throws Exception {
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(11L, 150, 1).writeTo(sample);
    // Side by side: the ingest, and a command that only starts Spark with --verbose (a query of
    // an empty lake, a usage error once the session is up).
    Started ingesting =
        start(
            "ingest",
            "--landing",
            sample.resolve("run-1").toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--conf",
            "spark.sql.shuffle.partitions=2",
            "--conf",
            "spark.databricks.delta.snapshotPartitions=1");
    Started querying =
        start("--verbose", "query", "--lake", tmp.resolve("empty").toString(), "SELECT 1");
    ingest = ingesting.output();
    verboseQuery = querying.output();
  }

  /** A command running in its JVM, its stdout and stderr going to files. */
  record Started(String name, Process process, Path out, Path err) {
    Output output() throws IOException, InterruptedException {
      try {
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("medallion %s ended", name).isTrue();
      } finally {
        process.destroyForcibly();
      }
      return new Output(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  static Started start(String... args) throws IOException {
    URL sparkDefaults = SparkContext.class.getClassLoader().getResource(CliLogging.SPARK_DEFAULTS);
    assertThat(sparkDefaults).isNotNull();
    String name = args[0].startsWith("-") ? args[1] : args[0];
    Path out = tmp.resolve(name + ".out");
    Path err = tmp.resolve(name + ".err");
    Process process =
        ChildJvm.start(
            List.of(args),
            Map.of("log4j2.configurationFile", sparkDefaults.toString()),
            Map.of(ProgressMode.ENV, "plain", "SPARK_LOCAL_IP", "127.0.0.1"),
            out,
            err);
    return new Started(name, process, out, err);
  }

  @Test
  void theIngestShowsItsProgressOnStderrAsPlainLines() {
    assertThat(ingest.exit()).as(ingest.both()).isZero();
    List<String> progress =
        ingest.errLines().stream().filter(l -> l.startsWith("ingest ")).toList();
    // Every record of the summary's files, read: events, users and transactions.
    Matcher read =
        Pattern.compile("(?m)^  (?:events|users|transactions) +(\\d+) ").matcher(ingest.out());
    long records = 0;
    while (read.find()) {
      records += Long.parseLong(read.group(1));
    }
    assertThat(records).as(ingest.both()).isPositive();
    assertThat(progress)
        .as(ingest.both())
        .isNotEmpty()
        .last()
        .asString()
        .matches(
            "ingest \\d+:\\d\\d  files 5/5  records "
                + ProgressFormat.count(records)
                + "  [\\d,.]+ rec/s  done");
    assertThat(ingest.err()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void sparksOwnLoggingIsQuietByDefault() {
    List<String> others = new ArrayList<>(ingest.errLines());
    others.removeIf(l -> l.startsWith("ingest "));
    assertThat(others).as(ingest.both()).isEmpty();
    assertThat(ingest.err()).doesNotContain(" INFO ").doesNotContain("NativeCodeLoader");
  }

  @Test
  void stdoutHasTheSummaryAndNoProgress() {
    assertThat(ingest.out()).as(ingest.both()).contains("== ingest run ").contains(" SUCCEEDED ");
    assertThat(ingest.out().lines()).noneMatch(l -> l.startsWith("ingest "));
  }

  @Test
  void verboseShowsSparksInfoLines() {
    assertThat(verboseQuery.err())
        .as(verboseQuery.both())
        .contains(" INFO  SparkContext: Running Spark version")
        .contains("there are no Medallion tables");
    assertThat(verboseQuery.exit()).isEqualTo(MedallionCli.USAGE);
  }
}
