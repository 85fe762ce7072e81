package dev.medallion.bench.cli;

import dev.medallion.cli.MedallionCli;
import dev.medallion.config.ConfigException;
import dev.medallion.lake.LocalTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code medallion bench}: benchmarks, each one path of Medallion against the obvious alternative
 * on the same data on this machine. They print their numbers; docs/benchmarks.md keeps them.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks: each times one path of Medallion against the obvious",
      "alternative, on the same data on this machine, and prints rows/s, seconds,",
      "the speed-up and the machine's facts. docs/benchmarks.md keeps the numbers.",
      ""
    },
    subcommands = {BenchLoadCommand.class, BenchStreamCommand.class, BenchBatchCommand.class})
final class BenchCommand implements Runnable {
  /** The file that marks a directory as a benchmark's own, which it may empty. */
  static final String MARKER = ".medallion-bench";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw MedallionCli.missingSubcommand(spec, "benchmark");
  }

  /**
   * A benchmark's working directory, given with {@code option}: made, or emptied if a benchmark
   * made it before; one that holds anything else is refused.
   */
  static Path recreate(Path dir, String option) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new ConfigException(option, dir.toAbsolutePath() + " is a file", "give a directory");
      }
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(dir.resolve(MARKER))) {
        throw new ConfigException(
            option,
            dir.toAbsolutePath()
                + " is not empty and was not made by a benchmark, so it is left"
                + " alone",
            "give a new or empty directory");
      }
      LocalTrees.delete(dir);
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(MARKER), "made by 'medallion bench': its next run empties this directory\n");
    return dir;
  }
}
