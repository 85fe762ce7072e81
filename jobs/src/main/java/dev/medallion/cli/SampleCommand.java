package dev.medallion.cli;

import dev.medallion.sample.SampleDataGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Generate landing data deterministically: run-1/, run-2/, ... (events, users, transactions)",
      "with duplicates, late events and bad records, and expected.json with the counts the",
      "design's rules imply. The defaults regenerate the checked-in sample-data/ exactly."
    })
final class SampleCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "sample-data",
      description = "Where to write.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "" + SampleDataGenerator.DEFAULT_SEED,
      description = "Random seed.")
  long seed;

  @Option(
      names = "--events-per-run",
      paramLabel = "N",
      defaultValue = "" + SampleDataGenerator.DEFAULT_EVENTS_PER_RUN,
      description = "Event lines per run.")
  int eventsPerRun;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "" + SampleDataGenerator.DEFAULT_RUNS,
      description = "Runs (landing folders) to generate.")
  int runs;

  @Override
  public Integer call() {
    if (eventsPerRun < 10 || runs < 1) {
      throw new dev.medallion.config.ConfigException(
          "--events-per-run/--runs", "need at least 10 events per run and 1 run", "raise them");
    }
    new SampleDataGenerator(seed, eventsPerRun, runs).writeTo(out);
    System.out.println("wrote " + runs + " run(s) of sample data to " + out.toAbsolutePath());
    return MedallionCli.OK;
  }
}
