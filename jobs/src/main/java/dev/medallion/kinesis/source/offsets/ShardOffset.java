package dev.medallion.kinesis.source.offsets;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Where the source stands in one shard, as kept in Spark's checkpoint.
 *
 * @param seq the sequence number of the last record read, or null when none was read yet
 * @param first in an end offset whose start had no {@code seq}: the first record of the batch, so
 *     that the batch can be read again exactly (by sequence number, not by LATEST or a time)
 * @param from where to start when {@code seq} is null
 * @param done the shard is closed and was read to its end: its children may be read
 */
public record ShardOffset(String seq, String first, StartingPosition from, boolean done)
    implements Serializable {

  public ShardOffset {
    if (seq == null && from == null) {
      throw new IllegalArgumentException("a shard offset needs a sequence number or a start");
    }
    if (seq != null) {
      from = null;
    }
  }

  public static ShardOffset startingAt(StartingPosition from) {
    return new ShardOffset(null, null, from, false);
  }

  /** After a batch that read up to {@code last} (null: nothing) and maybe to the shard's end. */
  public ShardOffset advancedTo(String firstRead, String last, boolean ended) {
    if (last == null) {
      return ended ? markedDone() : this;
    }
    return new ShardOffset(last, seq == null ? firstRead : null, null, ended || done);
  }

  ShardOffset markedDone() {
    return done ? this : new ShardOffset(seq, first, from, true);
  }

  /** Whether the records of this shard between {@code this} and {@code end} are none. */
  boolean sameRecordsAs(ShardOffset end) {
    return Objects.equals(seq, end.seq);
  }

  public static int compareSequenceNumbers(String a, String b) {
    return new BigInteger(a).compareTo(new BigInteger(b));
  }
}
