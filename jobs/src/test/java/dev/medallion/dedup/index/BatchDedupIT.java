package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The batch half of the dedup rule: within a batch the first valid record of each uuid in ingest
 * order (file, then line) is kept, whatever order the rows arrive in, and the newest event time of
 * what is kept is known. (Against history: {@code UuidIndexIT} and the pipeline tests.)
 */
@Tag("integration")
class BatchDedupIT {
  private static final StructType VALID =
      new StructType()
          .add(EVENT_UUID, DataTypes.StringType)
          .add(FILE_INDEX, DataTypes.IntegerType)
          .add(LINE, DataTypes.LongType)
          .add(EVENT_TS, DataTypes.TimestampType)
          .add(INGEST_RUN, DataTypes.LongType);

  private final SparkSession spark = SharedSpark.get();

  /** A valid row: uuid, file, line, and an event time in hours after a fixed instant. */
  private static Row row(String uuid, int file, long line, int hour) {
    return RowFactory.create(
        uuid,
        file,
        line,
        Timestamp.from(Instant.parse("2024-03-01T00:00:00Z").plusSeconds(3600L * hour)),
        1L);
  }

  private List<Row> kept(BatchDedup dedup, Dataset<Row> valid) {
    return valid.where(dedup.keep()).collectAsList();
  }

  private BatchDedup dedup(Dataset<Row> valid) {
    Dataset<Row> noHistory = spark.createDataFrame(new ArrayList<>(), VALID);
    return BatchDedup.of(valid, null, noHistory, 1);
  }

  @Test
  void keepsTheFirstLineOfAFileEvenWhenRowsArriveShuffled() {
    Dataset<Row> valid =
        spark
            .createDataFrame(
                List.of(
                    row("a", 0, 7, 7),
                    row("a", 0, 2, 2),
                    row("a", 0, 12, 12),
                    row("b", 0, 3, 3),
                    row("c", 0, 1, 1),
                    row("a", 0, 5, 5)),
                VALID)
            .repartition(3);
    BatchDedup dedup = dedup(valid);

    assertThat(kept(dedup, valid))
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Long>getAs(LINE))
        .containsExactlyInAnyOrder(tuple("a", 2L), tuple("b", 3L), tuple("c", 1L));
    // The newest event time of what is kept: b's (3 h), not a's later copies (12 h).
    assertThat(dedup.maxEventTsMicros())
        .isEqualTo(Instant.parse("2024-03-01T03:00:00Z").getEpochSecond() * 1_000_000L);
  }

  @Test
  void anEarlierFileBeatsALaterFileWhateverTheLineNumbers() {
    Dataset<Row> valid =
        spark.createDataFrame(
            List.of(
                row("a", 1, 1, 0),
                row("a", 0, 9, 0),
                row("a", 2, 0, 0),
                row("b", 1, 4, 0),
                row("b", 2, 1, 0)),
            VALID);

    assertThat(kept(dedup(valid), valid))
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Integer>getAs(FILE_INDEX))
        .containsExactlyInAnyOrder(tuple("a", 0), tuple("b", 1));
  }

  @Test
  void aBatchWithoutDuplicatesIsUnchanged() {
    Dataset<Row> valid =
        spark.createDataFrame(
            List.of(row("a", 0, 1, 0), row("b", 0, 2, 0), row("c", 1, 1, 0)), VALID);

    assertThat(kept(dedup(valid), valid)).hasSize(3);
    assertThat(valid.where(col(EVENT_UUID).isNull()).count()).isZero();
  }
}
