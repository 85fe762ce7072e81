-- Writes raw (every record), quarantine (the rejected ones) and cleansed (the unique events, late
-- when before ${watermark}). ${out}: the peer's lake; ${lineage}: the run's lineage columns.
COPY (
  SELECT record, _source, _order AS _read_order, _read_error, ${lineage}
  FROM events_validated
) TO '${out}/raw/events' (FORMAT parquet, PARTITION_BY (ingest_date), APPEND);

COPY (
  SELECT 'event' AS record_type, record, reasons, reason_detail, _source, _order AS _read_order,
    ${lineage}
  FROM events_validated WHERE NOT _valid
) TO '${out}/quarantine/records' (FORMAT parquet, PARTITION_BY (ingest_date), APPEND);

CREATE OR REPLACE TEMP TABLE events_cleansed AS
SELECT event_uuid, event_type, event_subtype, event_ts::TIMESTAMPTZ AS event_ts, user_id,
  transaction_id, device_id, value, attributes, coalesce(event_ts < ${watermark}, false) AS is_late,
  _source,
  _order AS _read_order, ${lineage}, event_date
FROM events_unique;

COPY (SELECT * EXCLUDE (ingest_date) FROM events_cleansed)
TO '${out}/cleansed/events' (FORMAT parquet, PARTITION_BY (event_date), APPEND);
