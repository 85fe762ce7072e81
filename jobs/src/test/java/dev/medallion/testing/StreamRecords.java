package dev.medallion.testing;

import dev.medallion.stream.StreamLines;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Rows shaped as the Kinesis source gives them, for an in-memory stream in tests. */
public final class StreamRecords {
  private StreamRecords() {}

  public static final StructType SCHEMA =
      new StructType()
          .add(StreamLines.DATA, DataTypes.BinaryType)
          .add(StreamLines.STREAM_NAME, DataTypes.StringType)
          .add(StreamLines.PARTITION_KEY_FIELD, DataTypes.StringType)
          .add(StreamLines.SEQUENCE_NUMBER_FIELD, DataTypes.StringType)
          .add(StreamLines.ARRIVAL, DataTypes.TimestampType)
          .add(StreamLines.SHARD_ID_FIELD, DataTypes.StringType);

  /** Record number {@code sequence} of stream "events", one shard, holding {@code text}. */
  public static Row of(String text, long sequence, Instant arrival) {
    return RowFactory.create(
        text.getBytes(StandardCharsets.UTF_8),
        "events",
        "pk-" + sequence,
        String.format("%020d", sequence),
        Timestamp.from(arrival),
        "shardId-000000000000");
  }
}
