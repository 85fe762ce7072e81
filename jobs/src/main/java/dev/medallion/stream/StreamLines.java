package dev.medallion.stream;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.Reasons;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Kinesis records as the lines the batch job's validation reads ({@code record}, {@code _source},
 * {@code _line}, {@code _read_error}), with their place in the stream. A pure {@code Dataset ->
 * Dataset} step, the same for both sources.
 */
public final class StreamLines {
  private StreamLines() {}

  /** The columns of the sources' rows. */
  public static final String DATA = "data";

  public static final String STREAM_NAME = "streamName";
  public static final String PARTITION_KEY_FIELD = "partitionKey";
  public static final String SEQUENCE_NUMBER_FIELD = "sequenceNumber";
  public static final String ARRIVAL = "approximateArrivalTimestamp";
  public static final String SHARD_ID_FIELD = "shardId";
  public static final String SUB_SEQUENCE_NUMBER_FIELD = "subSequenceNumber";

  /** The columns of {@link #toLines}, in its order. */
  public static final List<String> COLUMNS =
      List.of(
          RECORD,
          SOURCE,
          LINE,
          READ_ERROR,
          SHARD_ID,
          SEQUENCE_NUMBER,
          PARTITION_KEY,
          INGESTED_AT,
          INGEST_DATE);

  /** The record's text is one JSON object, so it is line 1 of its record. */
  public static final long LINE_OF_A_RECORD = 1L;

  private static final UserDefinedFunction UTF8_ERROR =
      udf((UDF1<byte[], String>) StreamLines::utf8Error, DataTypes.StringType);

  /**
   * One row per record: its text, {@code _source} ({@code kinesis:<stream>/<shard>}), line 1, a
   * read error when the data is not UTF-8, the shard, sequence number and partition key, and the
   * arrival time as {@code _ingested_at} (its UTC date is {@code ingest_date}). A source without a
   * {@code shardId} column (the awslabs one) leaves the shard null.
   */
  public static Dataset<Row> toLines(Dataset<Row> records, String stream) {
    List<String> columns = Arrays.asList(records.columns());
    Column shard =
        columns.contains(SHARD_ID_FIELD)
            ? col(SHARD_ID_FIELD)
            : lit(null).cast(DataTypes.StringType);
    // A KPL aggregate's user records share their Kinesis record's sequence number: the
    // sub-sequence number (Medallion's source gives it) keeps each one's position distinct.
    Column sequence =
        columns.contains(SUB_SEQUENCE_NUMBER_FIELD)
            ? concat_ws(":", col(SEQUENCE_NUMBER_FIELD), col(SUB_SEQUENCE_NUMBER_FIELD))
            : col(SEQUENCE_NUMBER_FIELD);
    Column source = concat(lit("kinesis:" + stream), coalesce(concat(lit("/"), shard), lit("")));
    return records.select(
        col(DATA).cast(DataTypes.StringType).as(RECORD),
        source.as(SOURCE),
        lit(LINE_OF_A_RECORD).as(LINE),
        UTF8_ERROR.apply(col(DATA)).as(READ_ERROR),
        shard.as(SHARD_ID),
        sequence.as(SEQUENCE_NUMBER),
        col(PARTITION_KEY_FIELD).as(PARTITION_KEY),
        col(ARRIVAL).as(INGESTED_AT),
        to_date(col(ARRIVAL)).as(INGEST_DATE));
  }

  static String utf8Error(byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data));
      return null;
    } catch (CharacterCodingException e) {
      return Reasons.INVALID_UTF8 + ": the record's data is not valid UTF-8";
    }
  }
}
