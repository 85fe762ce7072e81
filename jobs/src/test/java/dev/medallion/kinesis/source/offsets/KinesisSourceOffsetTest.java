package dev.medallion.kinesis.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisSourceOffsetTest {
  private static final Instant T0 = Instant.parse("2025-01-31T12:00:00.123Z");

  @Test
  void theJsonIsSortedByShardWithFieldsInAFixedOrder() {
    Map<String, ShardOffset> shards = new LinkedHashMap<>();
    shards.put(
        "shardId-000000000002", ShardOffset.startingAt(StartingPosition.latest().pinnedAt(T0)));
    shards.put("shardId-000000000001", new ShardOffset("200", "100", null, true));

    String json = new KinesisSourceOffset(shards).json();

    assertThat(json)
        .isEqualTo(
            "{\"shards\":{"
                + "\"shardId-000000000001\":{\"seq\":\"200\",\"first\":\"100\",\"done\":true},"
                + "\"shardId-000000000002\":{\"from\":\"LATEST\",\"ts\":\"2025-01-31T12:00:00.123Z\","
                + "\"done\":false}}}");
  }

  @Test
  void anOffsetSurvivesItsJson() {
    KinesisSourceOffset offset =
        new KinesisSourceOffset(
            Map.of(
                "a", ShardOffset.startingAt(StartingPosition.atTimestamp(T0)),
                "b", ShardOffset.startingAt(StartingPosition.trimHorizon()),
                "c", new ShardOffset("49590000000000000000000000000001", null, null, false)));

    KinesisSourceOffset back = KinesisSourceOffset.fromJson(offset.json());

    assertThat(back.shards()).isEqualTo(offset.shards());
    assertThat(back).isEqualTo(offset);
  }

  @Test
  void advancingKeepsTheFirstRecordOnlyForAShardReadForTheFirstTime() {
    ShardOffset fresh = ShardOffset.startingAt(StartingPosition.trimHorizon());

    ShardOffset afterFirst = fresh.advancedTo("10", "30", false);
    ShardOffset afterSecond = afterFirst.advancedTo("40", "50", true);

    assertThat(afterFirst).isEqualTo(new ShardOffset("30", "10", null, false));
    assertThat(afterSecond).isEqualTo(new ShardOffset("50", null, null, true));
    assertThat(ShardRange.between("s", fresh, afterFirst))
        .isEqualTo(new ShardRange("s", null, "10", "30"));
    assertThat(ShardRange.between("s", afterFirst, afterSecond))
        .isEqualTo(new ShardRange("s", "30", null, "50"));
    assertThat(ShardRange.between("s", afterSecond, afterSecond.markedDone())).isNull();
    assertThat(fresh.advancedTo(null, null, true).done()).isTrue();
  }

  @Test
  void somethingElseIsRefusedWithTheSourceName() {
    assertThatThrownBy(() -> KinesisSourceOffset.fromJson("{\"partitions\":{}}"))
        .hasMessageContaining("not an offset of the medallion-kinesis source");
  }
}
