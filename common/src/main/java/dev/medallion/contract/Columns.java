package dev.medallion.contract;

/** Column names shared by the jobs and the tables; the business names are DESIGN section 2's. */
public final class Columns {
  private Columns() {}

  // Event fields (DESIGN section 2).
  public static final String EVENT_UUID = "event_uuid";
  public static final String EVENT_TYPE = "event_type";
  public static final String EVENT_SUBTYPE = "event_subtype";
  public static final String EVENT_TS = "event_ts";
  public static final String USER_ID = "user_id";
  public static final String TRANSACTION_ID = "transaction_id";
  public static final String DEVICE_ID = "device_id";
  public static final String VALUE = "value";
  public static final String ATTRIBUTES = "attributes";

  // users.csv and transactions.csv.
  public static final String NAME = "name";
  public static final String EMAIL = "email";
  public static final String COUNTRY = "country";
  public static final String SIGNUP_DATE = "signup_date";
  public static final String SEGMENT = "segment";
  public static final String AMOUNT = "amount";
  public static final String CURRENCY = "currency";
  public static final String STATUS = "status";
  public static final String TRANSACTION_TS = "transaction_ts";

  // Derived columns.
  public static final String EVENT_DATE = "event_date";
  public static final String TRANSACTION_DATE = "transaction_date";
  public static final String INGEST_DATE = "ingest_date";
  public static final String IS_LATE = "is_late";

  // Lineage columns: where and when a record was ingested, and in which run.
  /** The original text of the record: a JSON line or a CSV record. */
  public static final String RECORD = "record";

  public static final String SOURCE = "_source";
  public static final String LINE = "_line";

  /** Position of the source file in the run's ingest order; with {@link #LINE} it orders a run. */
  public static final String FILE_INDEX = "_file_index";

  /** Why a line could not be read (invalid UTF-8, unreadable file), or null. */
  public static final String READ_ERROR = "_read_error";

  /** The header record of the CSV file a reference row came from. */
  public static final String HEADER = "_header";

  /** Where a streamed record was in its stream (null for files): shard, sequence number, key. */
  public static final String SHARD_ID = "_shard_id";

  public static final String SEQUENCE_NUMBER = "_sequence_number";
  public static final String PARTITION_KEY = "_partition_key";

  /** When the record was ingested; for a streamed record, when it arrived in the stream. */
  public static final String INGESTED_AT = "_ingested_at";

  public static final String RUN_ID = "_run_id";

  /** The ingest run's sequence number: increases with every run, orders runs. */
  public static final String INGEST_RUN = "_ingest_run";

  /**
   * The {@link #INGEST_RUN} of every row the streaming job writes: its micro-batches are not runs
   * of the batch job (their {@link #RUN_ID} is {@code stream:<stream>:<batch id>}).
   */
  public static final long STREAM_INGEST_RUN = 0L;

  // Quarantine.
  public static final String RECORD_TYPE = "record_type";
  public static final String REASONS = "reasons";
  public static final String REASON_DETAIL = "reason_detail";

  // Curated.
  public static final String USER_NAME = "user_name";
  public static final String USER_EMAIL = "user_email";
  public static final String TRANSACTION_STATUS = "transaction_status";
  public static final String CURATED_AT = "_curated_at";
  public static final String EVENTS = "events";
  public static final String DISTINCT_USERS = "distinct_users";
  public static final String VALUE_SUM = "value_sum";
  public static final String REVENUE = "revenue";
}
