package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import dev.medallion.testing.LocalKinesis;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** {@code medallion produce} and {@code medallion kinesis-emulator} against a local emulator. */
@Tag("integration")
@ExtendWith(LocalKinesis.Diagnose.class)
class ProduceCommandIT {
  @TempDir Path tmp;

  private static long recordsOn(KinesisClient client, String stream) {
    long n = 0;
    for (var shard : KinesisStreams.shards(client, stream)) {
      String iterator =
          client
              .getShardIterator(
                  b ->
                      b.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (true) {
        String it = iterator;
        GetRecordsResponse got = client.getRecords(b -> b.shardIterator(it));
        if (got.records().isEmpty()) {
          break;
        }
        n += got.records().size();
        iterator = got.nextShardIterator();
      }
    }
    return n;
  }

  @Test
  void produceCreatesTheStreamPutsTheEventsAndWritesTheSummary() throws IOException {
    KinesisEndpoint endpoint = LocalKinesis.endpoint();
    String stream = "produce-cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path summaryFile = tmp.resolve("out/summary.json");

    Result r =
        Cli.run(
            "produce",
            "--endpoint",
            endpoint.endpoint(),
            "--stream",
            stream,
            "--shards",
            "2",
            "--events",
            "400",
            "--duplicates",
            "0.1",
            "--late",
            "0.1",
            "--late-by",
            "3h",
            "--malformed",
            "0.05",
            "--seed",
            "7",
            "--summary",
            summaryFile.toString());

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.err()).contains("created stream " + stream + " with 2 shard(s)");
    JsonNode json = new ObjectMapper().readTree(summaryFile.toFile());
    ProduceSummary summary = ProduceSummary.readJson(summaryFile);
    assertThat(summary.stream()).isEqualTo(stream);
    assertThat(summary.seed()).isEqualTo(7);
    assertThat(summary.events()).isEqualTo(400);
    assertThat(summary.recordsPut()).isEqualTo(400 + summary.duplicates());
    assertThat(summary.duplicates()).isPositive();
    assertThat(summary.malformed()).isPositive();
    assertThat(summary.late()).isPositive();
    assertThat(json.at("/expectedWithLatePolicyKeep/raw").asLong()).isEqualTo(summary.recordsPut());
    assertThat(json.at("/expectedWithLatePolicyKeep/cleansed").asLong())
        .isEqualTo(summary.distinctValidUuids())
        .isEqualTo(400 - summary.malformed());
    assertThat(json.at("/expectedWithLatePolicyKeep/quarantined").asLong())
        .isEqualTo(summary.malformed());
    assertThat(r.out())
        .contains(String.format("put %,d records on stream %s", summary.recordsPut(), stream))
        .contains("seed 7")
        .contains("summary: " + summaryFile.toAbsolutePath());
    try (KinesisClient client = endpoint.client()) {
      assertThat(KinesisStreams.openShards(client, stream)).isEqualTo(2);
      assertThat(recordsOn(client, stream)).isEqualTo(summary.recordsPut());
    }

    // Again into the existing stream: --shards is not needed, and a different count is only noted.
    Result again =
        Cli.run(
            "produce",
            "--endpoint",
            endpoint.endpoint(),
            "--stream",
            stream,
            "--shards",
            "4",
            "--events",
            "10");
    assertThat(again.exit()).as(again.both()).isZero();
    assertThat(again.err()).contains("exists with 2 open shard(s); --shards 4 applies only");
    try (KinesisClient client = endpoint.client()) {
      assertThat(recordsOn(client, stream)).isEqualTo(summary.recordsPut() + 10);
    }
  }

  @Test
  void aMissingStreamWithoutShardsIsAUsageErrorThatSaysHowToCreateIt() {
    KinesisEndpoint endpoint = LocalKinesis.endpoint();
    Result r =
        Cli.run(
            "produce",
            "--endpoint",
            endpoint.endpoint(),
            "--stream",
            "no-such-stream",
            "--events",
            "5");
    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err())
        .contains("--stream: stream no-such-stream does not exist at " + endpoint.endpoint())
        .contains("pass --shards N to create it");
  }

  @Test
  void theEmulatorCommandPrintsItsEndpointAndMakesTheStreams() {
    AtomicReference<Integer> shardsSeen = new AtomicReference<>();
    KinesisEmulatorCommand.Waiter original = KinesisEmulatorCommand.waiter;
    KinesisEmulatorCommand.waiter =
        emulator -> {
          try (KinesisClient client = emulator.kinesis().client()) {
            shardsSeen.set(KinesisStreams.openShards(client, "clicks"));
          }
        };
    Result r;
    try {
      r = Cli.run("kinesis-emulator", "--stream", "clicks", "--shards", "3");
    } finally {
      KinesisEmulatorCommand.waiter = original;
    }
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(shardsSeen.get()).isEqualTo(3);
    Matcher m =
        Pattern.compile("export MEDALLION_KINESIS_ENDPOINT=(http://127\\.0\\.0\\.1:(\\d+))\n")
            .matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(r.out())
        .contains("at " + m.group(1) + "\n")
        .contains("stream clicks: 3 shard(s)")
        .contains("produce --stream clicks");
    // The command stops the emulator when it returns.
    int port = Integer.parseInt(m.group(2));
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }
}
