package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.types.DataTypes.*;

import dev.medallion.contract.Schemas;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingReader;
import dev.medallion.transform.EventCleansing;
import dev.medallion.validate.EventValidator;
import dev.medallion.validate.Iso8601;
import dev.medallion.validate.ValidatedEvent;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The event lines of a run, read and validated in one pass: each line is decoded once, validated by
 * {@link EventValidator} (Jackson's streaming parser) and written straight into Spark's internal
 * row, with the run's lineage. The rows are those {@link EventCleansing#withValidation} gives for
 * the same lines (the stream's path, a UDF over a dataset of lines), without the UDF's second and
 * third decoding of the text.
 */
final class ValidatedLines {
  private ValidatedLines() {}

  /** The columns: a landed line, the run's lineage, the typed event, its reasons. */
  static final StructType SCHEMA =
      Schemas.LANDED_LINE
          .add(Schemas.field(INGESTED_AT, TimestampType, false))
          .add(Schemas.field(RUN_ID, StringType, false))
          .add(Schemas.field(INGEST_RUN, LongType, false))
          .add(Schemas.field(INGEST_DATE, DateType, false))
          .add(Schemas.field(EVENT_UUID, StringType))
          .add(Schemas.field(EVENT_TYPE, StringType))
          .add(Schemas.field(EVENT_SUBTYPE, StringType))
          .add(Schemas.field(EVENT_TS, TimestampType))
          .add(Schemas.field(EVENT_DATE, DateType))
          .add(Schemas.field(USER_ID, StringType))
          .add(Schemas.field(TRANSACTION_ID, StringType))
          .add(Schemas.field(DEVICE_ID, StringType))
          .add(Schemas.field(VALUE, DoubleType))
          .add(Schemas.field(ATTRIBUTES, Schemas.ATTRIBUTES_TYPE))
          .add(Schemas.field(REASONS, createArrayType(StringType, false)))
          .add(Schemas.field(REASON_DETAIL, StringType))
          .add(Schemas.field(EventCleansing.VALID, BooleanType, false));

  static Dataset<Row> read(LandingReader reader, List<LandingFile> files, IngestRun run) {
    long ingestedAt = Iso8601.micros(run.startedAt());
    int ingestDate = (int) LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC).toEpochDay();
    String runId = run.plan().runId();
    long ingestRun = run.plan().run();
    JavaRDD<InternalRow> rows =
        reader
            .lineRows(files)
            .mapPartitions(
                (Iterator<Row> lines) -> {
                  Lineage lineage =
                      new Lineage(ingestedAt, UTF8String.fromString(runId), ingestRun, ingestDate);
                  return new Iterator<InternalRow>() {
                    @Override
                    public boolean hasNext() {
                      return lines.hasNext();
                    }

                    @Override
                    public InternalRow next() {
                      return row(lines.next(), lineage);
                    }
                  };
                });
    return reader.spark().internalCreateDataFrame(rows.rdd(), SCHEMA, false);
  }

  private record Lineage(long ingestedAt, UTF8String runId, long run, int ingestDate) {}

  private static InternalRow row(Row line, Lineage lineage) {
    String text = line.getString(0);
    String readError = line.getString(4);
    ValidatedEvent e = EventValidator.validate(text, readError);
    Object[] values = new Object[SCHEMA.size()];
    int i = 0;
    values[i++] = utf8(text);
    values[i++] = utf8(line.getString(1));
    values[i++] = line.getInt(2);
    values[i++] = line.getLong(3);
    values[i++] = utf8(readError);
    values[i++] = lineage.ingestedAt();
    values[i++] = lineage.runId();
    values[i++] = lineage.run();
    values[i++] = lineage.ingestDate();
    values[i++] = utf8(e.eventUuid());
    values[i++] = utf8(e.eventType());
    values[i++] = utf8(e.eventSubtype());
    if (e.eventTs() == null) {
      values[i++] = null;
      values[i++] = null;
    } else {
      values[i++] = Iso8601.micros(e.eventTs());
      values[i++] = (int) e.eventTs().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
    }
    values[i++] = utf8(e.userId());
    values[i++] = utf8(e.transactionId());
    values[i++] = utf8(e.deviceId());
    values[i++] = e.value();
    values[i++] = map(e.attributes());
    values[i++] = strings(e.reasons());
    values[i++] = utf8(e.reasonDetail());
    values[i] = e.isValid();
    return new GenericInternalRow(values);
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  private static GenericArrayData strings(List<String> list) {
    Object[] out = new Object[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = UTF8String.fromString(list.get(i));
    }
    return new GenericArrayData(out);
  }

  private static ArrayBasedMapData map(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Object[] keys = new Object[map.size()];
    Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      keys[i] = UTF8String.fromString(entry.getKey());
      values[i++] = utf8(entry.getValue());
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }
}
