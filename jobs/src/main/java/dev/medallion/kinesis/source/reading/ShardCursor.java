package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.KinesisSourceErrors;
import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard page by page, keeping its shard iterator between calls. When the iterator has
 * expired (Kinesis iterators live 5 minutes), it takes a new one just after the last record it
 * returned, or at its start when it has returned none, so that nothing is skipped or repeated.
 */
final class ShardCursor {
  /** A new iterator that expires again at once means something else is wrong. */
  private static final int MAX_EXPIRED_IN_A_ROW = 3;

  /** One GetRecords answer. */
  record Page(List<Record> records, long millisBehindLatest, boolean shardEnded) {}

  private final ResilientKinesis kinesis;
  private final String shardId;
  private final IteratorPosition start;
  private String iterator;
  private String lastSequenceNumber;
  private boolean ended;
  private long expiredIterators;

  ShardCursor(ResilientKinesis kinesis, String shardId, IteratorPosition start) {
    this.kinesis = kinesis;
    this.shardId = shardId;
    this.start = start;
  }

  /** The next page of at most {@code limit} records; once the shard has ended, empty pages. */
  Page next(int limit) {
    for (int expiredInARow = 0; ; ) {
      if (ended) {
        return new Page(List.of(), 0, true);
      }
      if (iterator == null) {
        iterator = kinesis.shardIterator(shardId, resumePosition());
        if (iterator == null) {
          // Kinesis answers no iterator for a closed shard read to its end
          ended = true;
          continue;
        }
      }
      GetRecordsResponse response;
      try {
        response = kinesis.getRecords(iterator, limit, shardId);
      } catch (ExpiredIteratorException e) {
        iterator = null;
        expiredIterators++;
        if (++expiredInARow >= MAX_EXPIRED_IN_A_ROW) {
          throw KinesisSourceErrors.callFailed(
              kinesis.stream(),
              kinesis.endpoint(),
              "GetRecords on " + shardId + " (" + expiredInARow + " expired iterators in a row)",
              e);
        }
        continue;
      }
      List<Record> records = response.records();
      if (!records.isEmpty()) {
        lastSequenceNumber = records.get(records.size() - 1).sequenceNumber();
      }
      iterator = response.nextShardIterator();
      ended = iterator == null;
      Long behind = response.millisBehindLatest();
      return new Page(records, behind == null ? 0 : behind, ended);
    }
  }

  /** Just after the last record returned, or the start when none was. */
  IteratorPosition resumePosition() {
    return lastSequenceNumber != null ? IteratorPosition.after(lastSequenceNumber) : start;
  }

  String shardId() {
    return shardId;
  }

  String lastSequenceNumber() {
    return lastSequenceNumber;
  }

  boolean ended() {
    return ended;
  }

  long expiredIterators() {
    return expiredIterators;
  }
}
