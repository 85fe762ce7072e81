package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job jar's command line without module bench on the class path (as under spark-submit): no
 * {@code bench} in the help, and {@code bench ...} is a usage error that says where it is, never
 * another command.
 */
class CliExtensionTest {
  @Test
  void theHelpListsNoBench() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exit()).as(help.both()).isZero();
    assertThat(help.out()).doesNotContainPattern("(?m)^\\s+bench\\s");
  }

  @Test
  void benchSaysItIsInModuleBenchWhateverFollowsIt() {
    for (List<String> args :
        List.of(
            List.of("bench"),
            List.of("bench", "--help"),
            List.of("bench", "load", "--rows", "10"),
            List.of("bench", "stream", "--stream", "events"))) {
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(args + "\n" + r.both()).isEqualTo(MedallionCli.USAGE);
      assertThat(r.err())
          .as(args.toString())
          .contains("medallion: error: bench: not a command of this jar")
          .contains("module bench")
          .contains("bin/medallion");
      assertThat(r.out()).as(args.toString()).isEmpty();
    }
  }
}
