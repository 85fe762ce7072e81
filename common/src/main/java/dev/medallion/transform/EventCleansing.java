package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.apache.spark.sql.types.DataTypes.*;

import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import dev.medallion.validate.EventValidator;
import dev.medallion.validate.Iso8601;
import dev.medallion.validate.ValidatedEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Event cleansing steps, each a pure {@code Dataset -> Dataset}: validate landed lines, split valid
 * from rejected, flag late events, and shape rows for {@code cleansed.events} and {@code
 * quarantine.records}.
 */
public final class EventCleansing {
  private EventCleansing() {}

  /** The columns {@link #withValidation} adds. */
  public static final String VALID = "_valid";

  private static final String PARSED = "_parsed";
  private static final String EVENT_TS_MICROS = "event_ts_micros";
  private static final String EVENT_DAY = "event_day";

  private static final StructType PARSED_TYPE =
      new StructType(
          new StructField[] {
            Schemas.field(EVENT_UUID, StringType),
            Schemas.field(EVENT_TYPE, StringType),
            Schemas.field(EVENT_SUBTYPE, StringType),
            Schemas.field(EVENT_TS_MICROS, LongType),
            Schemas.field(EVENT_DAY, IntegerType),
            Schemas.field(USER_ID, StringType),
            Schemas.field(TRANSACTION_ID, StringType),
            Schemas.field(DEVICE_ID, StringType),
            Schemas.field(VALUE, DoubleType),
            Schemas.field(ATTRIBUTES, Schemas.ATTRIBUTES_TYPE),
            Schemas.field(REASONS, createArrayType(StringType, false)),
            Schemas.field(REASON_DETAIL, StringType)
          });

  // Java collections are fine here: Spark converts java.util.List and Map for array and map types.
  // Non-deterministic so that the optimizer never calls it once per extracted field.
  private static final UserDefinedFunction VALIDATE =
      udf((UDF2<String, String, Row>) EventCleansing::validate, PARSED_TYPE).asNondeterministic();

  private static Row validate(String text, String readError) {
    ValidatedEvent e = EventValidator.validate(text, readError);
    Instant ts = e.eventTs();
    return RowFactory.create(
        e.eventUuid(),
        e.eventType(),
        e.eventSubtype(),
        ts == null ? null : Iso8601.micros(ts),
        ts == null ? null : (int) ts.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay(),
        e.userId(),
        e.transactionId(),
        e.deviceId(),
        e.value(),
        e.attributes(),
        e.reasons(),
        e.reasonDetail());
  }

  /**
   * Validates each landed line and adds the typed event fields, {@code event_date} (the UTC date of
   * {@code event_ts}), {@code reasons}, {@code reason_detail} and {@value #VALID}. A line that
   * could not be decoded carries that as a reason too ({@link ValidatedEvent#withReadError}).
   */
  public static Dataset<Row> withValidation(Dataset<Row> landed) {
    Column p = col(PARSED);
    return landed
        .withColumn(PARSED, VALIDATE.apply(col(RECORD), col(READ_ERROR)))
        .select(
            col("*"),
            p.getField(EVENT_UUID).as(EVENT_UUID),
            p.getField(EVENT_TYPE).as(EVENT_TYPE),
            p.getField(EVENT_SUBTYPE).as(EVENT_SUBTYPE),
            timestamp_micros(p.getField(EVENT_TS_MICROS)).as(EVENT_TS),
            date_from_unix_date(p.getField(EVENT_DAY)).as(EVENT_DATE),
            p.getField(USER_ID).as(USER_ID),
            p.getField(TRANSACTION_ID).as(TRANSACTION_ID),
            p.getField(DEVICE_ID).as(DEVICE_ID),
            p.getField(VALUE).as(VALUE),
            p.getField(ATTRIBUTES).as(ATTRIBUTES),
            p.getField(REASONS).as(REASONS),
            p.getField(REASON_DETAIL).as(REASON_DETAIL))
        .drop(PARSED)
        .withColumn(VALID, size(col(REASONS)).equalTo(0));
  }

  /**
   * The reasons of a record with its read error, if any, in front: {@code _read_error} is {@code
   * <reason code>: <detail>}. A record over the size limit gets only that reason, since its text is
   * cut.
   */
  static Column withReadError(Column validationReasons) {
    Column readError = col(READ_ERROR);
    Column code = substring_index(readError, ":", 1);
    return when(readError.isNull(), validationReasons)
        .when(code.equalTo(Reasons.RECORD_TOO_LARGE), array(code))
        .otherwise(concat(array(code), validationReasons));
  }

  public static Dataset<Row> filterValid(Dataset<Row> validated) {
    return validated.where(col(VALID));
  }

  public static Dataset<Row> filterRejected(Dataset<Row> validated) {
    return validated.where(not(col(VALID)));
  }

  /**
   * Flags events whose event time is behind {@code watermark} as {@code is_late}. With no watermark
   * (nothing seen yet) nothing is late.
   */
  public static Dataset<Row> withLateFlag(Dataset<Row> events, Instant watermark) {
    Column late =
        watermark == null ? lit(false) : col(EVENT_TS).lt(lit(java.sql.Timestamp.from(watermark)));
    return events.withColumn(IS_LATE, late);
  }

  /** Late events that the policy sends to quarantine, with reason {@code late}. */
  public static Dataset<Row> filterLateToQuarantine(Dataset<Row> flagged, LatePolicy policy) {
    if (policy == LatePolicy.KEEP) {
      return flagged.limit(0);
    }
    return flagged
        .where(col(IS_LATE))
        .withColumn(REASONS, array(lit(Reasons.LATE)))
        .withColumn(
            REASON_DETAIL,
            lit("event_ts is behind the watermark and the late policy is quarantine"));
  }

  /** Events that the late policy lets into cleansed. */
  public static Dataset<Row> filterLateKept(Dataset<Row> flagged, LatePolicy policy) {
    return policy == LatePolicy.KEEP ? flagged : flagged.where(not(col(IS_LATE)));
  }

  /** Shapes records read from files as {@code raw.events} rows: no stream position. */
  public static Dataset<Row> toRawFromFiles(Dataset<Row> validated) {
    Dataset<Row> rows = validated;
    for (String column : Schemas.STREAM_POSITION) {
      rows = rows.withColumn(column, lit(null).cast(StringType));
    }
    return select(rows, Schemas.RAW_EVENTS);
  }

  /** Shapes valid, deduplicated events as {@code cleansed.events} rows. */
  public static Dataset<Row> toCleansed(Dataset<Row> events) {
    return select(events, Schemas.CLEANSED_EVENTS);
  }

  /** Shapes rejected records as {@code quarantine.records} rows. */
  public static Dataset<Row> toQuarantine(Dataset<Row> rejected, RecordType type) {
    return select(rejected.withColumn(RECORD_TYPE, lit(type.value())), Schemas.QUARANTINE_RECORDS);
  }

  /** How often each reason occurs in quarantine rows (a row may have several). */
  public static Map<String, Long> reasonCounts(Dataset<Row> quarantined) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row :
        quarantined
            .select(explode(col(REASONS)).as("reason"))
            .groupBy("reason")
            .count()
            .collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  /** Selects the columns of {@code schema}, in its order, cast to its types. */
  public static Dataset<Row> select(Dataset<Row> rows, StructType schema) {
    return rows.select(
        Arrays.stream(schema.fields())
            .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new));
  }
}
