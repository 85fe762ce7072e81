package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.KinesisSourceOptions;
import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.ShardRange;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records the driver fetched, kept in its JVM until the batch that reads them is committed, so
 * that partition readers in the same JVM (local mode: executors are threads of the driver) take
 * them from memory instead of reading them from Kinesis a second time. Shared by every query of the
 * JVM and bounded in bytes (least recently used out first); a reader that misses (another JVM, an
 * evicted entry, a batch replayed after a restart) reads its range from Kinesis.
 */
public final class RecordCache {
  /** One cached range of one source instance. */
  public record Key(String sourceId, ShardRange range) {}

  /** The state of one source instance's part of the cache. */
  public record Stats(long ranges, long records, long bytes, long hits, long misses) {}

  private record Entry(List<KinesisRecord> records, long bytes) {}

  private static final RecordCache SHARED =
      new RecordCache(KinesisSourceOptions.DEFAULT_CACHE_MAX_BYTES);

  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, long[]> hitsAndMisses = new HashMap<>();
  private long capacity;
  private long bytes;

  RecordCache(long capacity) {
    this.capacity = capacity;
  }

  public static RecordCache shared() {
    return SHARED;
  }

  /** Raises the bound to {@code capacity} when it is lower (queries may ask for more). */
  public synchronized void ensureCapacity(long capacity) {
    this.capacity = Math.max(this.capacity, capacity);
  }

  /** Keeps {@code records} unless they alone exceed the bound; returns whether it did. */
  public synchronized boolean put(Key key, List<KinesisRecord> records) {
    long size = 0;
    for (KinesisRecord record : records) {
      size += record.estimatedBytes();
    }
    if (size > capacity) {
      return false;
    }
    Entry previous = entries.remove(key);
    if (previous != null) {
      bytes -= previous.bytes();
    }
    Iterator<Entry> oldest = entries.values().iterator();
    while (bytes + size > capacity && oldest.hasNext()) {
      bytes -= oldest.next().bytes();
      oldest.remove();
    }
    entries.put(key, new Entry(List.copyOf(records), size));
    bytes += size;
    return true;
  }

  /** The cached records of the range, or null; counts a hit or a miss for the source. */
  synchronized List<KinesisRecord> get(Key key) {
    Entry entry = entries.get(key);
    long[] counters = hitsAndMisses.computeIfAbsent(key.sourceId(), x -> new long[2]);
    counters[entry == null ? 1 : 0]++;
    return entry == null ? null : entry.records();
  }

  /** Drops the source's ranges that end at or before the committed offsets. */
  public synchronized void evictCommitted(String sourceId, Map<String, ShardOffset> committed) {
    entries
        .entrySet()
        .removeIf(
            e -> {
              Key key = e.getKey();
              if (!key.sourceId().equals(sourceId)) {
                return false;
              }
              ShardOffset offset = committed.get(key.range().shardId());
              boolean evict =
                  offset != null
                      && offset.seq() != null
                      && ShardOffset.compareSequenceNumbers(key.range().endSeq(), offset.seq())
                          <= 0;
              if (evict) {
                bytes -= e.getValue().bytes();
              }
              return evict;
            });
  }

  /** Drops everything of the source, when its query stops. */
  public synchronized void evictSource(String sourceId) {
    entries
        .entrySet()
        .removeIf(
            e -> {
              boolean evict = e.getKey().sourceId().equals(sourceId);
              if (evict) {
                bytes -= e.getValue().bytes();
              }
              return evict;
            });
    hitsAndMisses.remove(sourceId);
  }

  public synchronized Stats stats(String sourceId) {
    long ranges = 0;
    long records = 0;
    long size = 0;
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (e.getKey().sourceId().equals(sourceId)) {
        ranges++;
        records += e.getValue().records().size();
        size += e.getValue().bytes();
      }
    }
    long[] counters = hitsAndMisses.getOrDefault(sourceId, new long[2]);
    return new Stats(ranges, records, size, counters[0], counters[1]);
  }
}
