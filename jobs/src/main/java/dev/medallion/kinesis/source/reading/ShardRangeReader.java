package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.KinesisSourceConfig;
import dev.medallion.kinesis.source.KinesisSourceErrors;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import dev.medallion.kinesis.source.client.SdkKinesisApi;
import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.ShardRange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads a {@link ShardRange} from Kinesis, page by page: a shard iterator at the range's start,
 * then GetRecords until the record with the range's end sequence number. Used by a partition reader
 * that does not find the range in the driver's cache, e.g. when a batch is run again after a
 * restart; the range then yields the records it yielded the first time.
 */
final class ShardRangeReader implements Iterator<KinesisRecord>, AutoCloseable {
  /** Pages with nothing new before the range's end: the records are gone. */
  private static final int MAX_EMPTY_PAGES_AT_THE_TIP = 3;

  private final ResilientKinesis kinesis;
  private final ShardRange range;
  private final int fetchSize;
  private final boolean deaggregate;
  private final boolean ownsClient;
  private final ShardCursor cursor;
  private final Deque<KinesisRecord> pending = new ArrayDeque<>();
  private boolean finished;
  private int emptyPagesAtTheTip;

  ShardRangeReader(
      ResilientKinesis kinesis,
      ShardRange range,
      int fetchSize,
      boolean deaggregate,
      boolean ownsClient) {
    this.kinesis = kinesis;
    this.range = range;
    this.fetchSize = fetchSize;
    this.deaggregate = deaggregate;
    this.ownsClient = ownsClient;
    this.cursor = new ShardCursor(kinesis, range.shardId(), range.startPosition());
  }

  static ShardRangeReader open(KinesisSourceConfig config, ShardRange range) {
    ResilientKinesis kinesis =
        ResilientKinesis.of(
            new SdkKinesisApi(config.endpoint(), config.localAtTimestampTimeout()),
            config.streamName(),
            config.backoff());
    return new ShardRangeReader(
        kinesis, range, config.maxRecordsPerFetch(), config.deaggregate(), true);
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty() && !finished) {
      readPage();
    }
    return !pending.isEmpty();
  }

  @Override
  public KinesisRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  private void readPage() {
    ShardCursor.Page page = cursor.next(fetchSize);
    for (Record record : page.records()) {
      int position = ShardOffset.compareSequenceNumbers(record.sequenceNumber(), range.endSeq());
      if (position > 0) {
        throw KinesisSourceErrors.rangeLost(
            kinesis.stream(),
            range.shardId(),
            range.toString(),
            "its last record is missing; the next one read is " + record.sequenceNumber());
      }
      pending.addAll(Deaggregator.userRecords(record, deaggregate));
      if (position == 0) {
        finished = true;
        return;
      }
    }
    if (page.shardEnded()) {
      throw KinesisSourceErrors.rangeLost(
          kinesis.stream(), range.shardId(), range.toString(), "the shard ends before its end");
    }
    if (page.records().isEmpty() && page.millisBehindLatest() == 0) {
      if (++emptyPagesAtTheTip >= MAX_EMPTY_PAGES_AT_THE_TIP) {
        throw KinesisSourceErrors.rangeLost(
            kinesis.stream(),
            range.shardId(),
            range.toString(),
            "Kinesis has no more records before its end");
      }
    } else {
      emptyPagesAtTheTip = 0;
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      kinesis.close();
    }
  }
}
