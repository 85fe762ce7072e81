package dev.medallion.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstInMicroBatchTest {

  /** A valid record: uuid, ingest time (seconds), shard, sequence number. */
  private static FirstInMicroBatch.Event event(String uuid, int second, String shard, String seq) {
    return new FirstInMicroBatch.Event(
        FirstInMicroBatch.key(shard, seq), uuid, shard, seq, second * 1_000_000L, null, 0);
  }

  @Test
  void aRecordTheStateKeptBeatsOneItDidNotThenIngestTimeShardAndSequenceDecide() {
    List<FirstInMicroBatch.Event> kept =
        List.of(
            event("a", 20, "shard-1", "5"),
            event("c", 30, "shard-1", "7"),
            event("c", 10, "shard-2", "9"));
    List<FirstInMicroBatch.Event> notKept =
        List.of(
            event("a", 10, "shard-0", "1"),
            event("b", 10, "shard-1", "4"),
            event("b", 10, "shard-1", "3"),
            event("b", 10, "shard-0", "8"));

    assertThat(FirstInMicroBatch.of(kept, notKept))
        .extracting(f -> f.uuid(), f -> f.event().shard(), f -> f.event().sequence(), f -> f.late())
        .containsExactlyInAnyOrder(
            tuple("a", "shard-1", "5", false),
            tuple("b", "shard-0", "8", true),
            tuple("c", "shard-2", "9", false));
  }

  @Test
  void aSourceWithoutShardsOrdersByIngestTimeThenSequence() {
    List<FirstInMicroBatch.Event> notKept =
        List.of(event("x", 5, null, "2"), event("x", 5, null, "10"), event("x", 4, null, "9"));

    assertThat(FirstInMicroBatch.of(List.of(), notKept))
        .extracting(f -> f.event().sequence(), f -> f.late())
        .containsExactly(tuple("9", true));
    assertThat(FirstInMicroBatch.key(null, "9")).isNotEqualTo(FirstInMicroBatch.key("9", ""));
  }
}
