package dev.medallion.bench.cli;

import dev.medallion.bench.StreamBenchReport;
import dev.medallion.bench.StreamBenchmark;
import dev.medallion.cli.MedallionCli;
import dev.medallion.cli.SparkOptions;
import dev.medallion.config.DurationParser;
import dev.medallion.lake.LocalTrees;
import dev.medallion.run.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Measure the streaming job's cleanse stage: its sustained rate, end-to-end",
      "latency and the size of its dedup state. Numbers are printed, never asserted.",
      "",
      "1. A backlog of --events events from the producer's generator (2%% retried, 1%%",
      "   late, 1%% malformed) is written as Parquet files of the Kinesis source's rows",
      "   and drained by the stream job (Trigger.AvailableNow) into an empty lake,",
      "   after an untimed drain of a few events into another lake. Then",
      "   --emulator-events events put on the local Kinesis emulator are drained",
      "   through medallion-kinesis, for reference (the emulator bounds that one).",
      "2. Through the emulator, for each --trigger and each of --rates: the job runs in",
      "   the background; the producer puts events at the rate for --warm-up-seconds",
      "   (not counted), then for --seconds; latency from produce to visible in",
      "   cleansed, p50/p95/p99/max.",
      "3. At --long-rate for --long-seconds: the dedup state's rows sampled through",
      "   the run, once per --state-store.",
      "",
      "The emulator phases need Node.js; without it they are left out. Prints progress,",
      "then tables, peak heap, the machine and its load average. With the defaults it",
      "takes 12 to 16 minutes.",
      ""
    })
final class BenchStreamCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_EVENTS,
      description = "Events in the Parquet backlog (retries come on top).")
  long events;

  @Option(
      names = "--batch-events",
      paramLabel = "N",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_BATCH_EVENTS,
      description = "About how many records a micro-batch of the Parquet drain reads.")
  int batchEvents;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_SHARDS,
      description = "Shards of every stream (and files a micro-batch of the Parquet drain).")
  int shards;

  @Option(
      names = "--emulator-events",
      paramLabel = "N",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_EMULATOR_EVENTS,
      description = "Events of the backlog drained through the emulator (0: leave it out).")
  long emulatorEvents;

  @Option(
      names = "--rates",
      paramLabel = "N",
      split = ",",
      defaultValue = "2000,5000",
      description = "Records per second of the latency runs.")
  List<Double> rates;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "60",
      description = "The measured period of each latency run (0: no latency runs).")
  int seconds;

  @Option(
      names = "--warm-up-seconds",
      paramLabel = "S",
      defaultValue = "10",
      description = "The warm-up of each latency run, at its rate, not counted.")
  int warmUpSeconds;

  @Option(
      names = "--trigger",
      paramLabel = "EVERY",
      split = ",",
      defaultValue = "1s",
      description =
          "The processing-time triggers of the latency runs (e.g. 1s,500ms); the long run uses"
              + " the first.")
  List<String> triggers;

  @Option(
      names = "--long-rate",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Records per second of the long run.")
  double longRate;

  @Option(
      names = "--long-seconds",
      paramLabel = "S",
      defaultValue = "300",
      description = "How long the long run produces (0: leave it out).")
  int longSeconds;

  @Option(
      names = "--watermark-delay",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "The stream job's watermark delay in every phase.")
  String watermarkDelay;

  @Option(
      names = "--state-store",
      paramLabel = "STORE",
      split = ",",
      defaultValue = "rocksdb",
      description =
          "rocksdb or memory: the first for every phase; the long run is repeated with each"
              + " (e.g. rocksdb,memory to compare).")
  List<String> stateStores;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = {
        "Where the backlogs and lakes go, kept afterwards; emptied first if a benchmark made it"
            + " (default: a temporary directory, removed afterwards)."
      })
  Path work;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws IOException {
    List<Duration> every =
        triggers.stream().map(t -> DurationParser.parse("--trigger", t)).toList();
    StreamBenchmark.Config config =
        new StreamBenchmark.Config(
            events,
            batchEvents,
            shards,
            emulatorEvents,
            rates,
            seconds,
            warmUpSeconds,
            every,
            longRate,
            longSeconds,
            DurationParser.parse("--watermark-delay", watermarkDelay),
            stateStores.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList());
    Path workDir =
        work == null
            ? Files.createTempDirectory("medallion-bench-stream-")
            : BenchCommand.recreate(work, "--work");
    try {
      StreamBenchmark.Result result =
          new StreamBenchmark(spark.session("bench stream"), Progress.to(System.out, "bench"))
              .run(config, workDir);
      System.out.println();
      System.out.print(StreamBenchReport.render(result));
    } finally {
      if (work == null) {
        LocalTrees.delete(workDir);
      }
    }
    return MedallionCli.OK;
  }
}
