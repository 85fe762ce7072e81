package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import org.junit.jupiter.api.Test;

/**
 * {@code medallion produce} and {@code medallion kinesis-emulator} where no Kinesis is needed:
 * help, usage errors (exit 2) and an endpoint nobody answers at (exit 1). Runs against the emulator
 * are in {@link ProduceCommandIT}.
 */
class ProduceCommandTest {
  /** A port nothing listens on. */
  private static final String NOBODY = "http://127.0.0.1:1";

  @Test
  void helpListsTheOptions() {
    Result r = Cli.run("produce", "--help");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("--stream=NAME", "--events=N", "--rate=N", "--duplicates=P", "--late=P")
        .contains("--late-by=DURATION", "--malformed=P", "--seed=S", "--shards=N", "--summary=FILE")
        .contains("--endpoint=URL", "MEDALLION_KINESIS_ENDPOINT", "--region=REGION");
    Result top = Cli.run("--help");
    assertThat(top.out()).contains("produce", "kinesis-emulator");
  }

  @Test
  void aFractionOutsideZeroToOneIsAUsageError() {
    Result r =
        Cli.run(
            "produce",
            "--endpoint",
            NOBODY,
            "--stream",
            "s",
            "--events",
            "10",
            "--duplicates",
            "1.5");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("medallion: error: --duplicates: is a fraction from 0 to 1, got 1.5");

    r =
        Cli.run(
            "produce", "--endpoint", NOBODY, "--stream", "s", "--events", "10", "--late", "-0.1");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--late: is a fraction from 0 to 1, got -0.1");
  }

  @Test
  void otherBadValuesAreUsageErrorsNamingTheOption() {
    Result r =
        Cli.run(
            "produce",
            "--endpoint",
            NOBODY,
            "--stream",
            "s",
            "--events",
            "10",
            "--late-by",
            "soon");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--late-by: 'soon' is not a duration");

    r = Cli.run("produce", "--endpoint", "localhost:4567", "--stream", "s", "--events", "10");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--endpoint: 'localhost:4567' is not an http(s) URL");

    r = Cli.run("produce", "--endpoint", NOBODY, "--stream", "no spaces", "--events", "10");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--stream: 'no spaces' is not a stream name");

    r = Cli.run("produce", "--endpoint", NOBODY, "--stream", "s");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("Missing required option: '--events=N'");

    r = Cli.run("kinesis-emulator", "--shards", "0");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("--shards: must be from 1 to 1000, got 0");
  }

  @Test
  void anEndpointNobodyAnswersAtFailsSayingWhatToCheck() {
    Result r = Cli.run("produce", "--endpoint", NOBODY, "--stream", "s", "--events", "10");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.err())
        .contains("medallion: the produce run failed: cannot reach " + NOBODY)
        .contains("'medallion kinesis-emulator' starts one")
        .contains("MEDALLION_KINESIS_ENDPOINT");
    assertThat(r.out()).isEmpty();
  }
}
