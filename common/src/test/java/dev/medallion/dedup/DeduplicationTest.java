package dev.medallion.dedup;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.transform.Landed.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.testing.TestSpark;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.Landed;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DeduplicationTest {

  /** A valid event whose {@code value} tells the copies of one uuid apart. */
  private static String event(String uuid, double value) {
    return "{\"event_uuid\":\""
        + uuid
        + "\",\"event_type\":\"click\",\"event_ts\":\"2024-03-01T10:00:00Z\",\"value\":"
        + value
        + "}";
  }

  private static Dataset<Row> validEvents(Row... lines) {
    return Landed.lines(lines)
        .transform(EventCleansing::withValidation)
        .transform(EventCleansing::filterValid);
  }

  /** The {@code event_uuid}s already in cleansed. */
  private static Dataset<Row> seen(String... uuids) {
    StructType schema = new StructType().add(EVENT_UUID, DataTypes.StringType);
    List<Row> rows = Arrays.stream(uuids).map(u -> RowFactory.create(u)).toList();
    return TestSpark.get().createDataFrame(rows, schema);
  }

  // ---------------------------------------------------------------------------------------------
  // filterFirstInMicroBatch

  /** Records of a micro-batch: uuid, ingest time (seconds), shard, sequence number. */
  private static Dataset<Row> streamed(Object[]... rows) {
    StructType schema =
        new StructType()
            .add(EVENT_UUID, DataTypes.StringType)
            .add(INGESTED_AT, DataTypes.TimestampType)
            .add(SHARD_ID, DataTypes.StringType)
            .add(SEQUENCE_NUMBER, DataTypes.StringType);
    List<Row> list =
        Arrays.stream(rows)
            .map(
                r ->
                    RowFactory.create(
                        r[0],
                        java.sql.Timestamp.from(java.time.Instant.ofEpochSecond((Integer) r[1])),
                        r[2],
                        r[3]))
            .toList();
    return TestSpark.get().createDataFrame(list, schema);
  }

  @Test
  void aRecordTheStateKeptBeatsOneItDidNotThenIngestTimeShardAndSequenceDecide() {
    Dataset<Row> kept =
        streamed(
            new Object[] {"a", 20, "shard-1", "5"},
            new Object[] {"c", 30, "shard-1", "7"},
            new Object[] {"c", 10, "shard-2", "9"});
    Dataset<Row> notKept =
        streamed(
            new Object[] {"a", 10, "shard-0", "1"},
            new Object[] {"b", 10, "shard-1", "4"},
            new Object[] {"b", 10, "shard-1", "3"},
            new Object[] {"b", 10, "shard-0", "8"});

    Dataset<Row> first = Deduplication.filterFirstInMicroBatch(kept, notKept);

    assertThat(first.collectAsList())
        .extracting(
            r -> r.<String>getAs(EVENT_UUID),
            r -> r.<String>getAs(SHARD_ID),
            r -> r.<String>getAs(SEQUENCE_NUMBER),
            r -> r.<Integer>getAs(Deduplication.PRIORITY))
        .containsExactlyInAnyOrder(
            tuple("a", "shard-1", "5", 0),
            tuple("b", "shard-0", "8", 1),
            tuple("c", "shard-2", "9", 0));
  }
}
