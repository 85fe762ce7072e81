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
import java.util.Map;
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
  // filterFirstInBatch

  @Test
  void keepsTheFirstLineOfAFileEvenWhenRowsArriveShuffled() {
    Dataset<Row> valid =
        validEvents(
                line(0, 7, event("a", 7)),
                line(0, 2, event("a", 2)),
                line(0, 12, event("a", 12)),
                line(0, 3, event("b", 3)),
                line(0, 1, event("c", 1)),
                line(0, 5, event("a", 5)))
            // scatter the copies over partitions, so that the input order means nothing
            .repartition(3);

    Dataset<Row> first = Deduplication.filterFirstInBatch(valid);

    assertThat(first.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Long>getAs(LINE))
        .containsExactlyInAnyOrder(tuple("a", 2L), tuple("b", 3L), tuple("c", 1L));
  }

  @Test
  void anEarlierFileBeatsALaterFileWhateverTheLineNumbers() {
    Dataset<Row> valid =
        validEvents(
            line(1, 1, event("a", 11)),
            line(0, 9, event("a", 9)),
            line(2, 0, event("a", 20)),
            line(1, 4, event("b", 14)),
            line(2, 1, event("b", 21)));

    Map<String, Row> first = byKey(Deduplication.filterFirstInBatch(valid), EVENT_UUID);

    assertThat(first).hasSize(2);
    assertThat(first.get("a").<Integer>getAs(FILE_INDEX)).isZero();
    assertThat(first.get("a").<Long>getAs(LINE)).isEqualTo(9L);
    assertThat(first.get("b").<Integer>getAs(FILE_INDEX)).isEqualTo(1);
    assertThat(first.get("b").<Long>getAs(LINE)).isEqualTo(4L);
  }

  @Test
  void theFirstCopysPayloadIsKeptNotAMixOfCopies() {
    String first = event("a", 1.5).replace("}", ",\"user_id\":\"u-first\"}");
    String retry = event("a", 99.0).replace("}", ",\"user_id\":\"u-retry\",\"device_id\":\"d\"}");
    Dataset<Row> valid = validEvents(line(1, 3, retry), line(0, 8, first));

    List<Row> kept = Deduplication.filterFirstInBatch(valid).collectAsList();

    assertThat(kept).hasSize(1);
    Row row = kept.get(0);
    assertThat(row.<String>getAs(RECORD)).isEqualTo(first);
    assertThat(row.<Double>getAs(VALUE)).isEqualTo(1.5);
    assertThat(row.<String>getAs(USER_ID)).isEqualTo("u-first");
    assertThat(row.<String>getAs(DEVICE_ID)).isNull();
  }

  @Test
  void aBatchWithoutDuplicatesIsUnchanged() {
    Dataset<Row> valid =
        validEvents(
            line(0, 1, event("a", 1)), line(0, 2, event("b", 2)), line(1, 1, event("c", 3)));

    assertThat(Deduplication.filterFirstInBatch(valid).count()).isEqualTo(3);
    assertThat(Deduplication.filterFirstInBatch(valid).columns()).containsExactly(valid.columns());
  }

  @Test
  void aRejectedRecordReservesNoUuid() {
    String rejected =
        "{\"event_uuid\":\"a\",\"event_type\":\"Not Valid\",\"event_ts\":\"2024-03-01T10:00:00Z\"}";
    Dataset<Row> valid = validEvents(line(0, 1, rejected), line(0, 2, event("a", 2)));

    assertThat(Deduplication.filterFirstInBatch(valid).collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Long>getAs(LINE))
        .containsExactly(tuple("a", 2L));
  }

  // ---------------------------------------------------------------------------------------------
  // filterUnseen

  @Test
  void dropsUuidsAlreadySeenAndKeepsTheOthers() {
    Dataset<Row> batch =
        validEvents(
            line(0, 1, event("old", 1)),
            line(0, 2, event("new", 2)),
            line(0, 3, event("also-old", 3)));

    Dataset<Row> unseen = Deduplication.filterUnseen(batch, seen("old", "also-old", "elsewhere"));

    assertThat(unseen.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactly("new");
    assertThat(unseen.columns()).containsExactly(batch.columns());
  }

  @Test
  void aUuidSeenSeveralTimesOrANullInTheSeenSetNeitherMultipliesNorDropsRows() {
    Dataset<Row> batch = validEvents(line(0, 1, event("x", 1)), line(0, 2, event("y", 2)));

    Dataset<Row> unseen = Deduplication.filterUnseen(batch, seen("x", "x", null, "z"));

    assertThat(unseen.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactly("y");
  }

  @Test
  void anEmptySeenSetKeepsEverything() {
    Dataset<Row> batch =
        validEvents(
            line(0, 1, event("a", 1)), line(0, 2, event("b", 2)), line(0, 3, event("c", 3)));

    Dataset<Row> unseen = Deduplication.filterUnseen(batch, seen());

    assertThat(unseen.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void inBatchThenAcrossRunsLeavesOneRowPerNewUuid() {
    Dataset<Row> batch =
        validEvents(
            line(0, 2, event("a", 2)),
            line(0, 1, event("a", 1)),
            line(0, 3, event("seen-before", 3)),
            line(1, 1, event("seen-before", 4)));

    Dataset<Row> cleansed =
        batch
            .transform(Deduplication::filterFirstInBatch)
            .transform(b -> Deduplication.filterUnseen(b, seen("seen-before")));

    assertThat(cleansed.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Double>getAs(VALUE))
        .containsExactly(tuple("a", 1.0));
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
