package dev.medallion.kinesis.source.client;

import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Where a shard iterator starts: the arguments of one GetShardIterator call. */
public record IteratorPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {

  public static IteratorPosition trimHorizon() {
    return new IteratorPosition(ShardIteratorType.TRIM_HORIZON, null, null);
  }

  public static IteratorPosition latest() {
    return new IteratorPosition(ShardIteratorType.LATEST, null, null);
  }

  public static IteratorPosition atTimestamp(Instant timestamp) {
    return new IteratorPosition(ShardIteratorType.AT_TIMESTAMP, null, timestamp);
  }

  public static IteratorPosition at(String sequenceNumber) {
    return new IteratorPosition(ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  public static IteratorPosition after(String sequenceNumber) {
    return new IteratorPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
  }

  @Override
  public String toString() {
    return type
        + (sequenceNumber != null ? " " + sequenceNumber : "")
        + (timestamp != null ? " " + timestamp : "");
  }
}
