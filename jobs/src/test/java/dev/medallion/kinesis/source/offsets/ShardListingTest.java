package dev.medallion.kinesis.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

class ShardListingTest {
  private static final Instant NOW = Instant.parse("2025-01-31T12:00:00Z");

  private static Shard shard(String id, String parent, String adjacent, boolean closed) {
    return Shard.builder()
        .shardId(id)
        .parentShardId(parent)
        .adjacentParentShardId(adjacent)
        .sequenceNumberRange(
            SequenceNumberRange.builder()
                .startingSequenceNumber("1")
                .endingSequenceNumber(closed ? "9" : null)
                .build())
        .build();
  }

  /** shard 0 split into 1 and 2, which were merged into 3. */
  private static final ShardListing RESHARDED =
      ShardListing.of(
          List.of(
              shard("s0", null, null, true),
              shard("s1", "s0", null, true),
              shard("s2", "s0", null, true),
              shard("s3", "s1", "s2", false)));

  @Test
  void childrenWaitUntilEveryParentIsDone() {
    SortedMap<String, ShardOffset> offsets =
        RESHARDED.initialOffsets(StartingPosition.trimHorizon(), NOW);

    assertThat(readable(offsets)).containsExactly("s0");

    offsets.put("s0", offsets.get("s0").markedDone());
    assertThat(readable(offsets)).containsExactly("s1", "s2");

    offsets.put("s1", offsets.get("s1").markedDone());
    assertThat(readable(offsets)).containsExactly("s2");

    offsets.put("s2", offsets.get("s2").markedDone());
    assertThat(readable(offsets)).containsExactly("s3");
  }

  @Test
  void atLatestTheClosedShardsAreDoneAtOnce() {
    SortedMap<String, ShardOffset> offsets =
        RESHARDED.initialOffsets(StartingPosition.latest(), NOW);

    assertThat(readable(offsets)).containsExactly("s3");
    assertThat(offsets.get("s3").from())
        .isEqualTo(new StartingPosition(StartingPosition.Kind.LATEST, NOW));
  }

  @Test
  void aNewChildStartsAtItsTrimHorizonAndAnExpiredParentNoLongerBlocksIt() {
    ShardListing beforeSplit = ShardListing.of(List.of(shard("s0", null, null, false)));
    SortedMap<String, ShardOffset> offsets =
        beforeSplit.initialOffsets(StartingPosition.latest(), NOW);
    ShardListing afterExpiry =
        ShardListing.of(List.of(shard("s1", "s0", null, false), shard("s2", "s0", null, false)));
    List<String> warnings = new ArrayList<>();

    SortedMap<String, ShardOffset> reconciled = afterExpiry.reconcile(offsets, warnings::add);

    assertThat(reconciled).containsOnlyKeys("s1", "s2");
    assertThat(reconciled.get("s1").from()).isEqualTo(StartingPosition.trimHorizon());
    assertThat(warnings).singleElement().asString().contains("s0").contains("expired");
    assertThat(afterExpiry.readable("s1", reconciled)).isTrue();
  }

  private static List<String> readable(Map<String, ShardOffset> offsets) {
    return offsets.keySet().stream().filter(id -> RESHARDED.readable(id, offsets)).toList();
  }
}
