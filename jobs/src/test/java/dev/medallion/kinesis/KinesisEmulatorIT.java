package dev.medallion.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.LocalKinesis;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
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

  /**
   * What an AWS SDK call interrupted mid-request does (as Spark does to a query's threads when it
   * stops it): the headers sent, the connection closed before the whole body. kinesalite 3.3.3
   * rethrew Node's 'aborted' error of that request, which stopped the server for every client.
   */
  @Test
  void aClientThatGoesAwayInTheMiddleOfARequestLeavesTheServerRunning() throws Exception {
    LocalKinesis.assumeAvailable();
    try (KinesisEmulator emulator = KinesisEmulator.start()) {
      URI uri = emulator.endpoint();
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket
            .getOutputStream()
            .write(
                ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-amz-json-1.1\r\n"
                        + "X-Amz-Target: Kinesis_20131202.ListStreams\r\n"
                        + "Content-Length: 100\r\n\r\n{\"Limit\":")
                    .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.sleep(200);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (emulator.isRunning()
          && !Files.readString(emulator.log()).contains("dropped")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }

      assertThat(emulator.exitReason()).isEmpty();
      assertThat(Files.readString(emulator.log()))
          .contains("ListStreams dropped, its client went away before sending all of it");
      try (KinesisClient client = emulator.kinesis().client()) {
        assertThat(client.listStreams().streamNames()).isEmpty();
      }
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
