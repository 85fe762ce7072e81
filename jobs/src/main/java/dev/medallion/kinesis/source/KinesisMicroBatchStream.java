package dev.medallion.kinesis.source;

import dev.medallion.kinesis.source.client.Interrupted;
import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.KinesisApi;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import dev.medallion.kinesis.source.offsets.InitialOffsetStore;
import dev.medallion.kinesis.source.offsets.KinesisSourceOffset;
import dev.medallion.kinesis.source.offsets.ShardListing;
import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.ShardRange;
import dev.medallion.kinesis.source.offsets.StartingPosition;
import dev.medallion.kinesis.source.reading.KinesisInputPartition;
import dev.medallion.kinesis.source.reading.KinesisReaderFactory;
import dev.medallion.kinesis.source.reading.RecordCache;
import dev.medallion.kinesis.source.reading.ShardFetcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.CompositeReadLimit;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batch side of the source, in the driver.
 *
 * <p>{@link #latestOffset(Offset, ReadLimit)} is where records are read: it polls GetRecords on
 * every shard that may be read (keeping each shard's iterator between batches) until each is at its
 * tip or the batch's budget is used, keeps the records in the JVM's {@link RecordCache} and returns
 * the new end per shard. The partitions of the batch carry only their shard ranges; a reader in
 * this JVM takes the records from the cache, any other reads the range from Kinesis. So a batch can
 * end as soon as its records are in, without waiting for a fetch timeout.
 *
 * <p>Shards are listed at the start and every {@code shardDiscoveryIntervalMs}, and at once after a
 * shard has ended; a child shard is read only once its parents are done in the batch's start
 * offset, so every record of a parent is in an earlier batch than any record of its children.
 */
final class KinesisMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisMicroBatchStream.class);

  /** Rounds of fetching without any progress before a Trigger.AvailableNow batch gives up. */
  private static final int MAX_ROUNDS_WITHOUT_PROGRESS = 20;

  private final KinesisSourceConfig config;
  private final String checkpointLocation;
  private final Function<KinesisSourceConfig, KinesisApi> apis;
  private final Configuration hadoopConf;
  private final String sourceId = UUID.randomUUID().toString();
  private final RecordCache cache = RecordCache.shared();
  private final Map<String, ShardFetcher> fetchers = new HashMap<>();
  private final Map<String, Long> millisBehind = new HashMap<>();

  private ResilientKinesis kinesis;
  private ExecutorService pool;
  private ShardListing listing;
  private long listedAtNanos;
  private boolean relistNow;
  private KinesisSourceOffset initial;
  private boolean initialWrittenHere;
  private Set<String> availableNowShards;
  private Instant availableNowCutoff;
  private final Set<String> caughtUp = new HashSet<>();
  private long recordsFetched;
  private long lastFetchMillis;

  KinesisMicroBatchStream(
      KinesisSourceConfig config,
      String checkpointLocation,
      Configuration hadoopConf,
      Function<KinesisSourceConfig, KinesisApi> apis) {
    this.config = config;
    this.checkpointLocation = checkpointLocation;
    this.hadoopConf = hadoopConf;
    this.apis = apis;
    cache.ensureCapacity(config.cacheMaxBytes());
  }

  private ResilientKinesis kinesis() {
    if (kinesis == null) {
      kinesis = ResilientKinesis.of(apis.apply(config), config.streamName(), config.backoff());
    }
    return kinesis;
  }

  private ExecutorService pool() {
    if (pool == null) {
      AtomicInteger count = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              config.fetchThreads(),
              r -> {
                Thread t =
                    new Thread(
                        r, "kinesis-fetch-" + config.streamName() + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  @Override
  public synchronized Offset initialOffset() {
    if (initial == null) {
      InitialOffsetStore store = new InitialOffsetStore(checkpointLocation, hadoopConf);
      Optional<String> saved = store.read();
      if (saved.isPresent()) {
        initial = KinesisSourceOffset.fromJson(saved.get());
      } else {
        ShardListing shards = listShards();
        String json =
            new KinesisSourceOffset(
                    shards.initialOffsets(
                        config.startingPosition(),
                        Instant.ofEpochMilli(System.currentTimeMillis())))
                .json();
        String kept = store.writeIfAbsent(json);
        initialWrittenHere = kept.equals(json);
        initial = KinesisSourceOffset.fromJson(kept);
      }
      LOG.info("Kinesis stream {} starts at {}", config.streamName(), initial.json());
    }
    return initial;
  }

  @Override
  public Offset deserializeOffset(String json) {
    return KinesisSourceOffset.fromJson(json);
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException(
        "the Kinesis source admits records by ReadLimit: latestOffset(start, limit)");
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.maxRows(config.maxRecordsPerBatch());
  }

  @Override
  public synchronized void prepareForTriggerAvailableNow() {
    availableNowCutoff = Instant.now();
    availableNowShards = new HashSet<>(listShards().nodes().keySet());
    LOG.info(
        "Trigger.AvailableNow: reading shards {} of {} until each is at its tip",
        availableNowShards,
        config.streamName());
  }

  @Override
  public synchronized Offset latestOffset(Offset startOffset, ReadLimit limit) {
    long started = System.nanoTime();
    KinesisSourceOffset start = (KinesisSourceOffset) startOffset;
    if (listing == null
        || relistNow
        || System.nanoTime() - listedAtNanos >= config.shardDiscoveryInterval().toNanos()) {
      listShards();
    }
    SortedMap<String, ShardOffset> offsets = listing.reconcile(start.shards(), LOG::warn);
    SortedMap<String, ShardOffset> end = offsets;
    for (int round = 0; round < MAX_ROUNDS_WITHOUT_PROGRESS; round++) {
      List<String> readable = new ArrayList<>();
      for (String id : offsets.keySet()) {
        if (listing.readable(id, offsets)
            && (availableNowShards == null
                || (availableNowShards.contains(id) && !caughtUp.contains(id)))) {
          readable.add(id);
        }
      }
      end = advance(offsets, fetch(readable, offsets, budget(limit)));
      boolean waiting = availableNowShards != null && !readable.isEmpty();
      if (!waiting || !end.equals(start.shards())) {
        break;
      }
      if (round == MAX_ROUNDS_WITHOUT_PROGRESS - 1) {
        LOG.warn(
            "Trigger.AvailableNow: shards {} of {} were polled {} times without reaching their tip"
                + " or any record; the run ends here and the next one goes on from there",
            readable,
            config.streamName(),
            MAX_ROUNDS_WITHOUT_PROGRESS);
      }
    }
    lastFetchMillis = (System.nanoTime() - started) / 1_000_000;
    return new KinesisSourceOffset(end);
  }

  private ShardListing listShards() {
    listing = ShardListing.of(kinesis().listShards());
    listedAtNanos = System.nanoTime();
    relistNow = false;
    return listing;
  }

  private long budget(ReadLimit limit) {
    if (limit instanceof ReadAllAvailable) {
      return Long.MAX_VALUE;
    }
    if (limit instanceof ReadMaxRows rows) {
      return rows.maxRows();
    }
    if (limit instanceof CompositeReadLimit composite) {
      long budget = Long.MAX_VALUE;
      for (ReadLimit part : composite.getReadLimits()) {
        if (part instanceof ReadMaxRows rows) {
          budget = Math.min(budget, rows.maxRows());
        }
      }
      return budget;
    }
    return config.maxRecordsPerBatch();
  }

  /**
   * Fetches from the shards in parallel, sharing the budget: each gets an equal part; what a shard
   * at its tip leaves goes to the shards that used their part, in further rounds.
   */
  private Map<String, ShardFetcher.Fetch> fetch(
      List<String> shards, Map<String, ShardOffset> offsets, long budget) {
    Map<String, ShardFetcher.Fetch> fetched = new LinkedHashMap<>();
    Map<String, ShardFetcher> fetchersOfBatch = new HashMap<>();
    for (String id : shards) {
      fetchersOfBatch.put(id, fetcher(id, offsets.get(id)));
    }
    List<String> hungry = shards;
    long remaining = budget;
    while (!hungry.isEmpty() && remaining > 0) {
      long share = Math.max(1, remaining / hungry.size());
      Map<String, Future<ShardFetcher.Fetch>> futures = new LinkedHashMap<>();
      for (String id : hungry) {
        ShardFetcher fetcher = fetchersOfBatch.get(id);
        boolean closed = listing.closed(id);
        futures.put(
            id,
            pool()
                .submit(
                    () ->
                        fetcher.fetch(
                            share,
                            config.maxRecordsPerFetch(),
                            closed,
                            config.deaggregate(),
                            availableNowCutoff)));
      }
      List<String> next = new ArrayList<>();
      for (Map.Entry<String, Future<ShardFetcher.Fetch>> e : futures.entrySet()) {
        ShardFetcher.Fetch result = await(e.getValue(), futures);
        fetched.merge(e.getKey(), result, ShardFetcher.Fetch::then);
        remaining -= result.kinesisRecords();
        if (result.budgetUsed()) {
          next.add(e.getKey());
        }
      }
      hungry = next;
    }
    return fetched;
  }

  private static ShardFetcher.Fetch await(
      Future<ShardFetcher.Fetch> future, Map<String, Future<ShardFetcher.Fetch>> all) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      all.values().forEach(f -> f.cancel(true));
      throw Interrupted.during("fetching records from Kinesis", e);
    } catch (ExecutionException e) {
      all.values().forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("fetching records from Kinesis failed", cause);
    }
  }

  /** The shard's fetcher, new when there is none or it does not stand at {@code offset}. */
  private ShardFetcher fetcher(String id, ShardOffset offset) {
    ShardFetcher fetcher = fetchers.get(id);
    if (fetcher == null || !fetcher.standsAt(offset)) {
      fetcher = new ShardFetcher(kinesis(), id, offset, startPosition(offset));
      fetchers.put(id, fetcher);
    }
    return fetcher;
  }

  private IteratorPosition startPosition(ShardOffset offset) {
    if (offset.seq() != null) {
      return IteratorPosition.after(offset.seq());
    }
    StartingPosition from = offset.from();
    return switch (from.kind()) {
      case TRIM_HORIZON -> IteratorPosition.trimHorizon();
      case AT_TIMESTAMP -> IteratorPosition.atTimestamp(from.timestamp());
        // the query that pinned LATEST reads from the tip it saw; a restarted one from the time
        // the query started, so that what arrived while it was stopped is read
      case LATEST ->
          initialWrittenHere || from.timestamp() == null
              ? IteratorPosition.latest()
              : IteratorPosition.atTimestamp(from.timestamp());
    };
  }

  /** The end offsets after {@code fetched}; caches each shard's records under its range. */
  private SortedMap<String, ShardOffset> advance(
      SortedMap<String, ShardOffset> offsets, Map<String, ShardFetcher.Fetch> fetched) {
    SortedMap<String, ShardOffset> end = new TreeMap<>(offsets);
    fetched.forEach(
        (id, fetch) -> {
          ShardOffset from = offsets.get(id);
          ShardOffset to = from.advancedTo(fetch.first(), fetch.last(), fetch.ended());
          end.put(id, to);
          ShardRange range = ShardRange.between(id, from, to);
          if (range != null && !cache.put(new RecordCache.Key(sourceId, range), fetch.records())) {
            LOG.warn(
                "{} records of {} exceed the cache ({} bytes): the batch reads them again",
                fetch.records().size(),
                id,
                config.cacheMaxBytes());
          }
          recordsFetched += fetch.records().size();
          millisBehind.put(id, fetch.millisBehindLatest());
          if (fetch.ended()) {
            relistNow = true;
            millisBehind.remove(id);
          }
          if (availableNowShards != null && fetch.caughtUp()) {
            caughtUp.add(id);
          }
        });
    return end;
  }

  @Override
  public InputPartition[] planInputPartitions(Offset startOffset, Offset endOffset) {
    Map<String, ShardOffset> start = ((KinesisSourceOffset) startOffset).shards();
    List<InputPartition> partitions = new ArrayList<>();
    ((KinesisSourceOffset) endOffset)
        .shards()
        .forEach(
            (id, end) -> {
              ShardRange range = ShardRange.between(id, start.get(id), end);
              if (range != null) {
                partitions.add(new KinesisInputPartition(sourceId, range));
              }
            });
    return partitions.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new KinesisReaderFactory(config);
  }

  @Override
  public synchronized void commit(Offset end) {
    Map<String, ShardOffset> shards = ((KinesisSourceOffset) end).shards();
    cache.evictCommitted(sourceId, shards);
    shards.forEach(
        (id, offset) -> {
          if (offset.done()) {
            fetchers.remove(id);
          }
        });
  }

  @Override
  public synchronized void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (kinesis != null) {
      kinesis.close();
    }
    cache.evictSource(sourceId);
  }

  @Override
  public synchronized Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    Map<String, String> metrics = new LinkedHashMap<>();
    RecordCache.Stats stats = cache.stats(sourceId);
    metrics.put(
        "maxMillisBehindLatest",
        Long.toString(millisBehind.values().stream().mapToLong(Long::longValue).max().orElse(0)));
    metrics.put("shards", Integer.toString(listing == null ? 0 : listing.nodes().size()));
    metrics.put("openShards", Long.toString(listing == null ? 0 : listing.openShards()));
    metrics.put("recordsFetched", Long.toString(recordsFetched));
    metrics.put("lastFetchMs", Long.toString(lastFetchMillis));
    metrics.put("recordsBuffered", Long.toString(stats.records()));
    metrics.put("bytesBuffered", Long.toString(stats.bytes()));
    metrics.put("cacheHits", Long.toString(stats.hits()));
    metrics.put("cacheMisses", Long.toString(stats.misses()));
    metrics.put("kinesisCalls", Long.toString(kinesis == null ? 0 : kinesis.calls()));
    metrics.put("throttledCalls", Long.toString(kinesis == null ? 0 : kinesis.throttledCalls()));
    return metrics;
  }

  /** The id of this instance in the record cache. */
  String sourceId() {
    return sourceId;
  }

  @Override
  public String toString() {
    return KinesisSourceOptions.FORMAT
        + "["
        + config.streamName()
        + " at "
        + config.endpoint()
        + "]";
  }
}
