package dev.medallion.kinesis.source;

import dev.medallion.kinesis.source.reading.KinesisRecord;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of the source: the five columns of the other Kinesis source ({@code aws-kinesis}), same
 * names, types and order, then two of its own.
 *
 * <ul>
 *   <li>{@code data} binary: the record's payload (a user record's, for a KPL aggregate)
 *   <li>{@code streamName} string
 *   <li>{@code partitionKey} string: a user record's own key for a KPL aggregate
 *   <li>{@code sequenceNumber} string: the Kinesis record's (shared by the parts of an aggregate)
 *   <li>{@code approximateArrivalTimestamp} timestamp
 *   <li>{@code shardId} string
 *   <li>{@code subSequenceNumber} long: the index of a user record in its KPL aggregate, null for a
 *       record that was not aggregated
 * </ul>
 */
public final class KinesisSchema {
  private KinesisSchema() {}

  public static final StructType SCHEMA =
      new StructType()
          .add("data", DataTypes.BinaryType)
          .add("streamName", DataTypes.StringType)
          .add("partitionKey", DataTypes.StringType)
          .add("sequenceNumber", DataTypes.StringType)
          .add("approximateArrivalTimestamp", DataTypes.TimestampType)
          .add("shardId", DataTypes.StringType)
          .add("subSequenceNumber", DataTypes.LongType);

  public static InternalRow row(KinesisRecord record, UTF8String stream, UTF8String shardId) {
    return new GenericInternalRow(
        new Object[] {
          record.data(),
          stream,
          UTF8String.fromString(record.partitionKey()),
          UTF8String.fromString(record.sequenceNumber()),
          record.arrivalMicros(),
          shardId,
          record.subSequenceNumber() == KinesisRecord.NOT_AGGREGATED
              ? null
              : record.subSequenceNumber()
        });
  }
}
