package dev.medallion.kinesis.source.reading;

/**
 * One user record as the source emits it: a Kinesis record, or one record of a KPL aggregate (then
 * {@code subSequenceNumber} is its index in the aggregate, else -1).
 *
 * @param arrivalMicros the approximate arrival timestamp, microseconds since the epoch
 */
public record KinesisRecord(
    byte[] data,
    String partitionKey,
    String sequenceNumber,
    long subSequenceNumber,
    long arrivalMicros) {

  public static final long NOT_AGGREGATED = -1;

  /** A rough heap size, for the cache's bound. */
  long estimatedBytes() {
    return 96L + data.length + 2L * (partitionKey.length() + sequenceNumber.length());
  }
}
