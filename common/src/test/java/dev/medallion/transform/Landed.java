package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.contract.Schemas;
import dev.medallion.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Test data builders for what the landing reader hands over (event lines and CSV records) plus the
 * run lineage columns an ingest run adds as literals, as the ingest job does before validation.
 */
public final class Landed {
  private Landed() {}

  public static final Instant RUN_INGESTED_AT = Instant.parse("2024-03-05T06:00:00Z");
  public static final LocalDate RUN_INGEST_DATE = LocalDate.parse("2024-03-05");

  /** The lineage columns of run {@code run}, added the way the ingest job adds them. */
  public static Dataset<Row> withRunLineage(Dataset<Row> landed, long run) {
    return landed
        .withColumn(INGESTED_AT, lit(Timestamp.from(RUN_INGESTED_AT)))
        .withColumn(RUN_ID, lit("run-" + run))
        .withColumn(INGEST_RUN, lit(run))
        .withColumn(INGEST_DATE, lit(Date.valueOf(RUN_INGEST_DATE)));
  }

  /** A readable JSON line {@code line} of the run's file number {@code fileIndex}. */
  public static Row line(int fileIndex, long line, String record) {
    return RowFactory.create(record, source(fileIndex), fileIndex, line, null);
  }

  /** A line the reader could not decode: its (lossy) text and why. */
  public static Row unreadableLine(int fileIndex, long line, String record, String readError) {
    return RowFactory.create(record, source(fileIndex), fileIndex, line, readError);
  }

  /** Landed event lines of run 1, with lineage. */
  public static Dataset<Row> lines(Row... lines) {
    Dataset<Row> landed = TestSpark.get().createDataFrame(List.of(lines), Schemas.LANDED_LINE);
    return withRunLineage(landed, 1);
  }

  /** A CSV record {@code line} of file {@code fileIndex}, under the file's {@code header}. */
  public static Row csv(int fileIndex, long line, String header, String record) {
    return RowFactory.create(record, source(fileIndex), fileIndex, line, null, header);
  }

  /** A CSV record the reader flagged, e.g. one over the size limit whose text it cut. */
  public static Row csvWithReadError(
      int fileIndex, long line, String header, String record, String readError) {
    return RowFactory.create(record, source(fileIndex), fileIndex, line, readError, header);
  }

  /** Landed CSV records of run {@code run}, with lineage. */
  public static Dataset<Row> csvRecords(long run, Row... records) {
    Dataset<Row> landed =
        TestSpark.get().createDataFrame(List.of(records), Schemas.LANDED_CSV_RECORD);
    return withRunLineage(landed, run);
  }

  public static String source(int fileIndex) {
    return "landing/file-" + fileIndex;
  }

  // ---------------------------------------------------------------------------------------------
  // Assertion helpers

  /**
   * A schema as {@code name:type} strings, in order. Nullability is left out: the transforms cast,
   * and Spark derives nullability from the expressions, not from the target schema.
   */
  public static List<String> namesAndTypes(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  /** Collects {@code rows} keyed by the string column {@code key}, which must be unique. */
  public static Map<String, Row> byKey(Dataset<Row> rows, String key) {
    return rows.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs(key), Function.identity()));
  }

  /** Collects {@code rows} keyed by {@code _line}, unique within one file. */
  public static Map<Long, Row> byLine(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Long>getAs(LINE), Function.identity()));
  }

  public static Instant instant(Row row, String column) {
    Timestamp ts = row.getAs(column);
    return ts == null ? null : ts.toInstant();
  }

  public static LocalDate date(Row row, String column) {
    Date date = row.getAs(column);
    return date == null ? null : date.toLocalDate();
  }

  public static List<String> strings(Row row, String column) {
    return row.getList(row.fieldIndex(column));
  }
}
