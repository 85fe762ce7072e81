package dev.medallion.kinesis.source.offsets;

import dev.medallion.kinesis.source.client.IteratorPosition;
import java.io.Serializable;

/**
 * The records of one shard in one micro-batch: after {@code afterSeq} (or from {@code atSeq} on,
 * for the first batch that reads the shard) up to and including {@code endSeq}. The same range
 * always names the same records, which is what makes a batch replayable after a restart.
 */
public record ShardRange(String shardId, String afterSeq, String atSeq, String endSeq)
    implements Serializable {

  public ShardRange {
    if ((afterSeq == null) == (atSeq == null) || endSeq == null) {
      throw new IllegalArgumentException(
          "a shard range needs one start (after or at) and an end: " + afterSeq + " " + atSeq);
    }
  }

  /** The range of {@code shardId} between two offsets of it; null when it holds no records. */
  public static ShardRange between(String shardId, ShardOffset start, ShardOffset end) {
    if (end == null || end.seq() == null || (start != null && start.sameRecordsAs(end))) {
      return null;
    }
    if (start != null && start.seq() != null) {
      return new ShardRange(shardId, start.seq(), null, end.seq());
    }
    if (end.first() == null) {
      throw new IllegalStateException(
          "offset of " + shardId + " has no first record for a shard read for the first time");
    }
    return new ShardRange(shardId, null, end.first(), end.seq());
  }

  public IteratorPosition startPosition() {
    return afterSeq != null ? IteratorPosition.after(afterSeq) : IteratorPosition.at(atSeq);
  }

  @Override
  public String toString() {
    return (afterSeq != null ? "(" + afterSeq : "[" + atSeq) + ", " + endSeq + "]";
  }
}
