package dev.medallion.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.LocalKinesis;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@Tag("integration")
@ExtendWith(LocalKinesis.Diagnose.class)
class KinesisEmulatorIT {
  @Test
  void aRecordPutIsReadBackWithItsArrivalTime() {
    KinesisEndpoint endpoint = LocalKinesis.endpoint();
    try (KinesisClient client = endpoint.client()) {
      KinesisStreams.ensure(client, "emulator-it", 2);
      assertThat(KinesisStreams.shards(client, "emulator-it")).hasSize(2);
      Instant before = Instant.now().minusSeconds(1);
      String shard =
          client
              .putRecord(
                  b ->
                      b.streamName("emulator-it")
                          .partitionKey("k")
                          .data(SdkBytes.fromString("{\"a\":1}", StandardCharsets.UTF_8)))
              .shardId();
      String iterator =
          client
              .getShardIterator(
                  b ->
                      b.streamName("emulator-it")
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      GetRecordsResponse got = client.getRecords(b -> b.shardIterator(iterator));
      List<Record> records = got.records();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).data().asUtf8String()).isEqualTo("{\"a\":1}");
      assertThat(records.get(0).approximateArrivalTimestamp()).isAfter(before);
    }
  }

  @Test
  void anEmulatorStoppedByCloseSaysSoAndKeepsNoLog() {
    LocalKinesis.assumeAvailable();
    KinesisEmulator emulator = KinesisEmulator.start();
    assertThat(emulator.exitReason()).isEmpty();
    assertThat(emulator.log()).exists();

    emulator.close();

    assertThat(emulator.exitReason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("exited with code 0, stopped by close()")
                    .contains("kinesalite: standard input closed, stopping"));
    assertThat(emulator.log()).doesNotExist();
  }
}
