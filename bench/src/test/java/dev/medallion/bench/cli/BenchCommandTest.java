package dev.medallion.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.cli.MedallionCli;
import dev.medallion.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With this module on the class path, the job jar's command line has {@code bench} (found through
 * {@link BenchCliExtension}), and the README's bench command lines parse. Nothing is run.
 */
class BenchCommandTest {
  @Test
  void theCommandLineHasBenchWithItsBenchmarks() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exit()).as(help.both()).isZero();
    assertThat(help.out()).containsPattern("(?m)^\\s+bench\\s");
    assertThat(MedallionCli.commandLine().getSubcommands().get("bench").getSubcommands())
        .containsOnlyKeys("load", "stream", "batch");

    Cli.Result none = Cli.run("bench");
    assertThat(none.exit()).as(none.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(none.err()).contains("name a benchmark: load, stream, batch");
  }

  @Test
  void theReadmesBenchCommandLinesParse() throws IOException {
    List<String> lines =
        Files.readAllLines(Path.of("..", "README.md")).stream()
            .filter(l -> l.startsWith("bin/medallion bench "))
            .toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      List<String> args = new ArrayList<>(List.of(line.split("#")[0].strip().split("\\s+")));
      args.remove(0); // bin/medallion
      assertThat(MedallionCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand())
          .as(line)
          .isNotNull();
    }
  }
}
