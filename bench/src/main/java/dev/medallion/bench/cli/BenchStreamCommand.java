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
      "Measure the streaming job (each micro-batch lands raw, quarantine, cleansed and",
      "curated.events_enriched): its sustained rate, its lag under spikes, end-to-end",
      "latency and the size of its dedup state. Latency runs from produced_at_ms to",
      "visible in curated.events_enriched. Numbers are printed, never asserted; each",
      "says its path: Parquet files (in-process source) or Kinesis emulator via",
      "medallion-kinesis.",
      "",
      "1. A backlog of --events events from the producer's generator (2%% retried, 1%%",
      "   late, 1%% malformed) is written as Parquet files of the Kinesis source's rows",
      "   and drained by the stream job (Trigger.AvailableNow) into an empty lake,",
      "   after an untimed drain of a few events into another lake (in-process source).",
      "   Then --emulator-events events put on the local Kinesis emulator are drained",
      "   through medallion-kinesis, for reference (the emulator bounds that one).",
      "2. Steady with spikes (in-process source: the emulator takes too few records a",
      "   second): a producer thread writes each second's records as a Parquet file per",
      "   shard, --steady-rate records/s for --steady-seconds with --spikes spikes of",
      "   --spike-seconds at --spike-rate, evenly placed; the job reads them with a 1 s",
      "   trigger. Lag every second, latency during and after the spikes, how soon the",
      "   lag is back under 5 s after each spike, heap over the run.",
      "3. Through the emulator, for each --trigger and each of --rates: the job runs in",
      "   the background; the producer puts events at the rate for --warm-up-seconds",
      "   (not counted), then for --seconds; latency p50/p95/p99/max.",
      "4. Through the emulator, at --long-rate for --long-seconds: the dedup state's",
      "   rows sampled through the run, once per --state-store.",
      "",
      "The emulator phases need Node.js; without it they are left out. Prints progress,",
      "then tables, peak heap, the machine and its load average. With the defaults it",
      "takes about 20 to 25 minutes.",
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
      description =
          "The measured period of each latency run through the emulator (0: no latency runs).")
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
      names = "--steady-rate",
      paramLabel = "N",
      defaultValue = "" + (long) StreamBenchmark.Config.DEFAULT_STEADY_RATE,
      description = "Records per second of the steady-with-spikes phase outside its spikes.")
  double steadyRate;

  @Option(
      names = "--spike-rate",
      paramLabel = "N",
      defaultValue = "" + (long) StreamBenchmark.Config.DEFAULT_SPIKE_RATE,
      description = "Records per second during its spikes.")
  double spikeRate;

  @Option(
      names = "--steady-seconds",
      paramLabel = "S",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_STEADY_SECONDS,
      description =
          "How long the steady-with-spikes phase produces, spikes included (0: leave it out).")
  int steadySeconds;

  @Option(
      names = "--spike-seconds",
      paramLabel = "S",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_SPIKE_SECONDS,
      description = "How long each spike lasts.")
  int spikeSeconds;

  @Option(
      names = "--spikes",
      paramLabel = "N",
      defaultValue = "" + StreamBenchmark.Config.DEFAULT_SPIKES,
      description = "How many spikes, evenly placed (2 in 300 s: at 60-120 s and 180-240 s).")
  int spikes;

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
            steadyRate,
            spikeRate,
            steadySeconds,
            spikeSeconds,
            spikes,
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
