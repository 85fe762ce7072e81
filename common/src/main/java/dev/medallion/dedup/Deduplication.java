package dev.medallion.dedup;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The dedup rule of DESIGN section 3: a record whose {@code event_uuid} was already seen, in the
 * same batch, an earlier batch or an earlier run, is a duplicate; the first one ingested is kept.
 * Ingest order is run, then file (by modification time, then path), then line. Only valid records
 * take part: a rejected record reserves no {@code event_uuid}. This class has the stream's half of
 * the rule within a micro-batch; the batch's half, computed on uuids and positions only, and which
 * uuids cleansed already holds, are in {@code jobs} ({@code dev.medallion.dedup.index}), which
 * reads the table.
 */
public final class Deduplication {
  private Deduplication() {}

  /**
   * The column {@link #filterFirstInMicroBatch} adds: 0 for a record the streaming state kept, 1
   * for one it did not keep.
   */
  public static final String PRIORITY = "_priority";

  private static final String STREAM_RANK = "_rank";

  /**
   * The streaming job's rule within one micro-batch: keeps the first record of each {@code
   * event_uuid} of the records the streaming state kept ({@code kept}: first of their uuid within
   * the watermark) and of the valid records it did not keep ({@code notKept}: duplicates it knew,
   * and events behind the watermark, which it drops without a trace). A kept record comes first,
   * then ingest time, shard and sequence number decide. {@link #PRIORITY} says which of the two the
   * kept row was: the first record of a uuid that no kept row holds is a late event.
   */
  public static Dataset<Row> filterFirstInMicroBatch(Dataset<Row> kept, Dataset<Row> notKept) {
    return kept.withColumn(PRIORITY, lit(0))
        .unionByName(notKept.withColumn(PRIORITY, lit(1)))
        .withColumn(
            STREAM_RANK,
            row_number()
                .over(
                    Window.partitionBy(EVENT_UUID)
                        .orderBy(
                            col(PRIORITY), col(INGESTED_AT), col(SHARD_ID), col(SEQUENCE_NUMBER))))
        .where(col(STREAM_RANK).equalTo(1))
        .drop(STREAM_RANK);
  }
}
