package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Where the benchmark's backlog places records, before any file is written. */
class BacklogStreamTest {
  // Large files: nothing is flushed, so no Spark is needed.
  private final BacklogStream stream =
      new BacklogStream(null, Path.of("unused"), "s", 4, 1_000_000);

  @Test
  void recordsGoToTheShardOfTheirKeysHashWithSequenceNumbersIncreasingPerShard() {
    Map<String, String> lastSequence = new HashMap<>();
    Map<String, Integer> perShard = new HashMap<>();
    Set<String> sequences = new HashSet<>();
    for (int call = 0; call < 20; call++) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey("key-" + call + "-" + i)
                .data(SdkBytes.fromUtf8String("{}"))
                .build());
      }
      PutRecordsResponse response = stream.putRecords(b -> b.streamName("s").records(entries));
      assertThat(response.failedRecordCount()).isZero();
      assertThat(response.records()).hasSize(500);
      for (PutRecordsResultEntry r : response.records()) {
        String previous = lastSequence.put(r.shardId(), r.sequenceNumber());
        if (previous != null) {
          assertThat(r.sequenceNumber()).hasSameSizeAs(previous).isGreaterThan(previous);
        }
        assertThat(sequences.add(r.sequenceNumber())).isTrue();
        perShard.merge(r.shardId(), 1, Integer::sum);
      }
    }
    assertThat(stream.records()).isEqualTo(10_000);
    assertThat(perShard.keySet())
        .containsExactlyInAnyOrder(
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000003");
    // MD5 spreads keys evenly: each shard gets about a quarter.
    assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isBetween(2_200, 2_800));
  }

  @Test
  void theShardIsTheKeysMd5RangeAsKinesisSplitsIt() {
    // MD5("a") = 0cc175b9c0f1b6a831c399e269772661: in the first quarter of the 128-bit range.
    assertThat(stream.shardOf("a")).isZero();
    // MD5("b") = 92eb5ffee6ae2fec3ad71c777531578f: in the third quarter.
    assertThat(stream.shardOf("b")).isEqualTo(2);
    assertThat(new BigInteger("92eb5ffee6ae2fec3ad71c777531578f", 16))
        .isBetween(BigInteger.ONE.shiftLeft(127), BigInteger.valueOf(3).shiftLeft(126));
  }

  @Test
  void anotherStreamsRecordsAreRefused() {
    assertThatThrownBy(() -> stream.putRecords(b -> b.streamName("other").records(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other");
  }
}
