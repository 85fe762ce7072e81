package dev.medallion.contract;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.types.DataTypes.*;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas of the lake's tables and of the rows that flow between the jobs' steps. The table
 * schemas are the single definition the jobs write and the catalog is derived from.
 */
public final class Schemas {
  private Schemas() {}

  /** Amounts: DESIGN says a decimal with up to 2 places. */
  public static final DecimalType AMOUNT_TYPE = createDecimalType(18, 2);

  /** Revenue sums amounts, so it gets the widest precision. */
  public static final DecimalType REVENUE_TYPE = createDecimalType(38, 2);

  public static final DataType ATTRIBUTES_TYPE = createMapType(StringType, StringType, true);

  /**
   * One line (or CSV record) as the landing reader hands it over, before the run's lineage columns
   * are added.
   */
  public static final StructType LANDED_LINE =
      struct(
          field(RECORD, StringType),
          field(SOURCE, StringType, false),
          field(FILE_INDEX, IntegerType, false),
          field(LINE, LongType, false),
          field(READ_ERROR, StringType));

  /** A CSV reference record as the landing reader hands it over: a landed line and its header. */
  public static final StructType LANDED_CSV_RECORD = LANDED_LINE.add(field(HEADER, StringType));

  /**
   * The columns every ingest run adds to what it read; constant for the run, so that a run done
   * again after a crash writes the very same rows.
   */
  public static final StructType RUN_LINEAGE =
      struct(
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false),
          field(INGEST_DATE, DateType, false));

  /**
   * {@code raw.events}: every record as received; a streamed record with its shard, sequence number
   * and partition key, and its arrival time as {@code _ingested_at}.
   */
  public static final StructType RAW_EVENTS =
      struct(
          field(RECORD, StringType),
          field(SOURCE, StringType, false),
          field(LINE, LongType, false),
          field(READ_ERROR, StringType),
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false),
          field(INGEST_DATE, DateType, false),
          field(SHARD_ID, StringType),
          field(SEQUENCE_NUMBER, StringType),
          field(PARTITION_KEY, StringType));

  /** The columns of {@link #RAW_EVENTS} that only a streamed record has. */
  public static final List<String> STREAM_POSITION =
      List.of(SHARD_ID, SEQUENCE_NUMBER, PARTITION_KEY);

  /** {@code cleansed.events}: valid, typed, deduplicated events. */
  public static final StructType CLEANSED_EVENTS =
      struct(
          field(EVENT_UUID, StringType, false),
          field(EVENT_TYPE, StringType, false),
          field(EVENT_SUBTYPE, StringType),
          field(EVENT_TS, TimestampType, false),
          field(USER_ID, StringType),
          field(TRANSACTION_ID, StringType),
          field(DEVICE_ID, StringType),
          field(VALUE, DoubleType),
          field(ATTRIBUTES, ATTRIBUTES_TYPE),
          field(IS_LATE, BooleanType, false),
          field(SOURCE, StringType, false),
          field(LINE, LongType, false),
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false),
          field(EVENT_DATE, DateType, false));

  /** {@code cleansed.users}. */
  public static final StructType CLEANSED_USERS =
      struct(
          field(USER_ID, StringType, false),
          field(NAME, StringType),
          field(EMAIL, StringType),
          field(COUNTRY, StringType),
          field(SIGNUP_DATE, DateType),
          field(SEGMENT, StringType),
          field(SOURCE, StringType, false),
          field(LINE, LongType, false),
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false));

  /** {@code cleansed.transactions}. */
  public static final StructType CLEANSED_TRANSACTIONS =
      struct(
          field(TRANSACTION_ID, StringType, false),
          field(USER_ID, StringType),
          field(AMOUNT, AMOUNT_TYPE, false),
          field(CURRENCY, StringType, false),
          field(STATUS, StringType, false),
          field(TRANSACTION_TS, TimestampType, false),
          field(SOURCE, StringType, false),
          field(LINE, LongType, false),
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false),
          field(TRANSACTION_DATE, DateType, false));

  /** {@code quarantine.records}: every rejected record with every reason it failed. */
  public static final StructType QUARANTINE_RECORDS =
      struct(
          field(RECORD_TYPE, StringType, false),
          field(RECORD, StringType),
          field(REASONS, createArrayType(StringType), false),
          field(REASON_DETAIL, StringType),
          field(SOURCE, StringType, false),
          field(LINE, LongType),
          field(INGESTED_AT, TimestampType, false),
          field(RUN_ID, StringType, false),
          field(INGEST_RUN, LongType, false),
          field(INGEST_DATE, DateType, false));

  /**
   * {@code curated.events_enriched}: each cleansed event left-joined to its user and transaction.
   */
  public static final StructType EVENTS_ENRICHED =
      struct(
          field(EVENT_UUID, StringType, false),
          field(EVENT_TYPE, StringType, false),
          field(EVENT_SUBTYPE, StringType),
          field(EVENT_TS, TimestampType, false),
          field(USER_ID, StringType),
          field(TRANSACTION_ID, StringType),
          field(DEVICE_ID, StringType),
          field(VALUE, DoubleType),
          field(ATTRIBUTES, ATTRIBUTES_TYPE),
          field(IS_LATE, BooleanType, false),
          field(USER_NAME, StringType),
          field(USER_EMAIL, StringType),
          field(COUNTRY, StringType),
          field(SIGNUP_DATE, DateType),
          field(SEGMENT, StringType),
          field(AMOUNT, AMOUNT_TYPE),
          field(CURRENCY, StringType),
          field(TRANSACTION_STATUS, StringType),
          field(TRANSACTION_TS, TimestampType),
          field(INGEST_RUN, LongType, false),
          field(CURATED_AT, TimestampType, false),
          field(EVENT_DATE, DateType, false));

  /** {@code curated.daily_event_metrics}. */
  public static final StructType DAILY_EVENT_METRICS =
      struct(
          field(EVENT_TYPE, StringType, false),
          field(COUNTRY, StringType),
          field(EVENTS, LongType, false),
          field(DISTINCT_USERS, LongType, false),
          field(VALUE_SUM, DoubleType, false),
          field(REVENUE, REVENUE_TYPE, false),
          field(EVENT_DATE, DateType, false));

  /** The schema a table is written with. */
  public static StructType of(LakeTable table) {
    return switch (table) {
      case RAW_EVENTS -> RAW_EVENTS;
      case CLEANSED_EVENTS -> CLEANSED_EVENTS;
      case CLEANSED_USERS -> CLEANSED_USERS;
      case CLEANSED_TRANSACTIONS -> CLEANSED_TRANSACTIONS;
      case QUARANTINE_RECORDS -> QUARANTINE_RECORDS;
      case CURATED_EVENTS_ENRICHED -> EVENTS_ENRICHED;
      case CURATED_DAILY_EVENT_METRICS -> DAILY_EVENT_METRICS;
    };
  }

  static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  public static StructField field(String name, DataType type) {
    return field(name, type, true);
  }

  public static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
