package dev.medallion.testing;

import dev.medallion.contract.Schemas;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** {@code cleansed.events} rows made up for a test, as some writer would append them. */
public final class CleansedRows {
  private CleansedRows() {}

  /**
   * One row per uuid, tagged with {@code runId}, spread over two event dates (so over two
   * partitions).
   */
  public static Dataset<Row> of(SparkSession spark, String runId, Collection<String> uuids) {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    List<Row> rows = new ArrayList<>();
    long line = 0;
    for (String uuid : uuids) {
      Instant ts = t0.plusSeconds(line % 2 == 0 ? 0 : 86_400);
      rows.add(
          RowFactory.create(
              uuid,
              "click",
              null,
              Timestamp.from(ts),
              "u1",
              null,
              null,
              1.0,
              null,
              false,
              "test:" + runId,
              line++,
              Timestamp.from(t0),
              runId,
              7L,
              Date.valueOf(LocalDate.ofInstant(ts, java.time.ZoneOffset.UTC))));
    }
    return spark.createDataFrame(rows, Schemas.CLEANSED_EVENTS);
  }

  /** The uuids {@code u-<from>} to {@code u-<to - 1>}. */
  public static List<String> uuids(int from, int to) {
    List<String> uuids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      uuids.add(String.format("u-%04d", i));
    }
    return uuids;
  }
}
