package dev.medallion.kinesis.source.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.ShardRange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCacheTest {
  private static List<KinesisRecord> records(int count, int size) {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new KinesisRecord(new byte[size], "k", "1" + i, -1, 0))
        .toList();
  }

  private static RecordCache.Key key(String source, String shard, String after, String end) {
    return new RecordCache.Key(source, new ShardRange(shard, after, null, end));
  }

  @Test
  void committedRangesAreEvictedAndOthersKept() {
    RecordCache cache = new RecordCache(1_000_000);
    cache.put(key("q", "s0", "10", "20"), records(2, 10));
    cache.put(key("q", "s0", "20", "30"), records(3, 10));
    cache.put(key("other", "s0", "10", "20"), records(1, 10));

    cache.evictCommitted("q", Map.of("s0", new ShardOffset("20", null, null, false)));

    assertThat(cache.get(key("q", "s0", "10", "20"))).isNull();
    assertThat(cache.get(key("q", "s0", "20", "30"))).hasSize(3);
    assertThat(cache.get(key("other", "s0", "10", "20"))).hasSize(1);
    assertThat(cache.stats("q"))
        .isEqualTo(new RecordCache.Stats(1, 3, cache.stats("q").bytes(), 1, 1));
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsedAndRefusesWhatCannotFit() {
    long one = records(1, 1000).get(0).estimatedBytes();
    RecordCache cache = new RecordCache(3 * one);
    cache.put(key("q", "s0", "1", "2"), records(1, 1000));
    cache.put(key("q", "s1", "1", "2"), records(1, 1000));
    cache.get(key("q", "s0", "1", "2"));

    cache.put(key("q", "s2", "1", "3"), records(2, 1000));

    assertThat(cache.get(key("q", "s1", "1", "2"))).isNull();
    assertThat(cache.get(key("q", "s0", "1", "2"))).hasSize(1);
    assertThat(cache.put(key("q", "s3", "1", "2"), records(4, 1000))).isFalse();
    assertThat(cache.stats("q").bytes()).isLessThanOrEqualTo(3 * one);
  }
}
