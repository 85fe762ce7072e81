package dev.medallion.bench.cli;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.cli.MedallionCli;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.testing.Cli;
import dev.medallion.testing.LocalKinesis;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion bench stream} at a tiny size, through the emulator: every section is printed,
 * each drain counted what the producer put (and the lake holds it), every produced event has a
 * latency, percentiles are ordered, state rows are sampled. Never a time.
 */
@Tag("integration")
@Tag("long") // a benchmark run: not in the default suite (-P long runs it)
class BenchStreamIT {
  private static final String PARQUET = "Parquet files (in-process source)";
  private static final String SPIKES = PARQUET + ", steady with spikes";
  private static final String EMULATOR = "Kinesis emulator via medallion-kinesis";

  @TempDir static Path tmp;
  static Cli.Result bench;
  static Path work;

  @BeforeAll
  static void runTheBenchmarkOnce() {
    LocalKinesis.assumeAvailable();
    SharedSpark.get();
    work = tmp.resolve("work");
    bench =
        Cli.run(
            "bench",
            "stream",
            "--events",
            "3000",
            "--batch-events",
            "1000",
            "--emulator-events",
            "1000",
            "--rates",
            "500",
            "--seconds",
            "5",
            "--warm-up-seconds",
            "2",
            "--long-rate",
            "500",
            "--long-seconds",
            "10",
            "--steady-rate",
            "500",
            "--spike-rate",
            "1000",
            "--steady-seconds",
            "12",
            "--spike-seconds",
            "4",
            "--spikes",
            "1",
            "--watermark-delay",
            "2s",
            "--work",
            work.toString());
  }

  @Test
  void printsEverySectionAgainstItsGoal() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    assertThat(bench.out())
        .containsPattern("machine: +\\d+ cores")
        .contains("1. Sustained rate")
        .contains("goal >= 50,000 events/s: ")
        .contains("2. Steady with spikes, " + PARQUET)
        .contains("goal lag under 5 s within 60 s after each spike: ")
        .contains("goal memory flat: ")
        .contains("3. End-to-end latency, " + EMULATOR)
        .contains("goal p99 < 3 s at 5,000 records/s, trigger 1s: not measured")
        .contains("4. State over a long run, " + EMULATOR + ", state store rocksdb")
        .contains("peak heap in use");
  }

  @Test
  void eachDrainCountsWhatTheProducerPutAndTheLakeHoldsIt() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    for (String drain : List.of(PARQUET, EMULATOR)) {
      // records, cleansed, duplicates, quarantined (late depends on the watermark)
      long[] produced = Arrays.copyOf(numbers(row(drain + ": producer")), 4);
      long[] drained = Arrays.copyOf(numbers(row(drain + ": drained")), 4);
      assertThat(drained).as(drain).containsExactly(produced);
      assertThat(bench.out()).contains(drain + ": the drain counted what the producer put");
    }
    long[] parquet = numbers(row(PARQUET + ": producer"));
    assertThat(parquet[0]).as("records: events and their retries").isGreaterThan(3000);
    assertThat(parquet[1] + parquet[3]).as("cleansed and malformed events").isEqualTo(3000);
    assertThat(parquet[2]).as("retries").isPositive();

    Lake lake =
        new Lake(
            SharedSpark.get(),
            LakeLocation.parse("--lake", work.resolve("backlog-lake").toString()));
    assertThat(lake.read(LakeTable.RAW_EVENTS).count()).isEqualTo(parquet[0]);
    assertThat(lake.read(LakeTable.CLEANSED_EVENTS).select(EVENT_UUID).distinct().count())
        .isEqualTo(parquet[1]);
    assertThat(lake.read(LakeTable.CLEANSED_EVENTS).count()).isEqualTo(parquet[1]);
    assertThat(lake.read(LakeTable.QUARANTINE_RECORDS).count()).isEqualTo(parquet[3]);
  }

  @Test
  void theSteadyWithSpikesPhaseCountsWhatTheProducerWroteAndReportsTheSpike() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    long[] produced = Arrays.copyOf(numbers(row(SPIKES + ": producer")), 4);
    long[] drained = Arrays.copyOf(numbers(row(SPIKES + ": drained")), 4);
    assertThat(drained).containsExactly(produced);
    assertThat(produced[0]).as("about 12 s at 500 records/s, 4 of them at 1,000").isPositive();
    assertThat(bench.out())
        .contains(SPIKES + ": the drain counted what the producer put")
        .containsPattern("spike 1 \\(4-8 s\\): (lag back under 5 s within|not back under 5 s)");
    long[] all = numbers(row("all "));
    assertThat(all[0]).as("a latency per valid event").isEqualTo(produced[1]);
  }

  @Test
  void theParquetDrainReadsTheBacklogInSeveralMicroBatchesThatAddUp() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    long records = numbers(row(PARQUET + ": drained"))[0];
    List<long[]> batches =
        bench
            .out()
            .lines()
            .dropWhile(l -> !l.startsWith("micro-batch of the drain, " + PARQUET))
            .skip(2)
            .takeWhile(l -> !l.isBlank())
            .map(BenchStreamIT::numbers)
            .toList();
    assertThat(batches).as("batches of about 1,000 records").hasSizeGreaterThanOrEqualTo(3);
    assertThat(batches.stream().mapToLong(b -> b[1]).sum()).isEqualTo(records);
    assertThat(batches).allSatisfy(b -> assertThat(b[1]).isBetween(1L, 2000L));
    long[] summary = numbers(row(PARQUET));
    assertThat(summary[0]).as("records").isEqualTo(records);
    assertThat(summary[1]).as("micro-batches").isEqualTo(batches.size());
  }

  @Test
  void everyProducedEventHasALatencyAndThePercentilesAreOrdered() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    String[] cells = row("500").split("\\s{2,}");
    // rate, trigger, achieved/s, valid events, latencies, p50, p95, p99, max, batches, heap, load
    assertThat(cells[1]).isEqualTo("1s");
    long valid = number(cells[3]);
    assertThat(valid).as("about 5 s at 500 records/s").isBetween(2000L, 2500L);
    assertThat(number(cells[4])).as("latencies").isEqualTo(valid);
    long p50 = number(cells[5]), p95 = number(cells[6]), p99 = number(cells[7]);
    long max = number(cells[8]);
    assertThat(p50).isNotNegative().isLessThanOrEqualTo(p95);
    assertThat(p95).isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(max);
    assertThat(number(cells[9])).as("micro-batches with records").isPositive();
  }

  @Test
  void theLongRunSamplesTheStateRows() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    List<long[]> samples =
        bench
            .out()
            .lines()
            .dropWhile(l -> !l.startsWith("4. State over a long run"))
            .skip(3)
            .takeWhile(l -> !l.startsWith("sampled every tenth"))
            .map(l -> l.split("\\s{2,}"))
            .map(c -> new long[] {number(c[0]), number(c[3])}) // seconds, state rows
            .toList();
    // A sample is taken each tenth of the run once a micro-batch has reported: the first one of a
    // query (opening five tables, reading the references) may take a few of the 10 seconds.
    assertThat(samples).hasSizeBetween(2, 11);
    assertThat(samples).allSatisfy(s -> assertThat(s[1]).isNotNegative());
    assertThat(samples.stream().mapToLong(s -> s[1]).max().orElse(0))
        .as("the state holds uuids while events flow")
        .isPositive();
    Matcher m =
        Pattern.compile("min (\\d[\\d,]*), max (\\d[\\d,]*)")
            .matcher(row("state rows over the second half"));
    assertThat(m.find()).isTrue();
    assertThat(number(m.group(1))).as("min").isLessThanOrEqualTo(number(m.group(2)));
  }

  @Test
  void sizesThatMakeNoSenseAreUsageErrors() {
    for (List<String> args :
        List.of(
            List.of("--rates", "0"),
            List.of("--state-store", "disk"),
            List.of("--batch-events", "2", "--shards", "4"),
            List.of("--trigger", "fast"),
            List.of("--events", "0"))) {
      List<String> line = new ArrayList<>(List.of("bench", "stream"));
      line.addAll(args);
      Cli.Result r = Cli.run(line.toArray(String[]::new));
      assertThat(r.exit()).as(line + "\n" + r.both()).isEqualTo(MedallionCli.USAGE);
      assertThat(r.err()).as("names the option").contains(args.get(0));
    }
  }

  /** The line of the output that starts with {@code start}. */
  private static String row(String start) {
    return bench
        .out()
        .lines()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + start + "' in:\n" + bench.out()));
  }

  /** The whole numbers of a line's cells (thousands separated by commas), left to right. */
  private static long[] numbers(String line) {
    return Arrays.stream(line.split("\\s{2,}"))
        .map(String::strip)
        .filter(c -> c.matches("-?\\d[\\d,]*"))
        .mapToLong(BenchStreamIT::number)
        .toArray();
  }

  private static long number(String cell) {
    return Long.parseLong(cell.strip().replace(",", ""));
  }
}
