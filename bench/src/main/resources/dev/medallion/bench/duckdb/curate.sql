-- Curates the run's cleansed events: each left-joined to its user and its transaction as known now
-- (users_now, transactions_now), appended to curated/events_enriched.
CREATE OR REPLACE TEMP TABLE enriched_new AS
SELECT e.event_uuid, e.event_type, e.event_subtype, e.event_ts, e.user_id, e.transaction_id,
  e.device_id, e.value, e.attributes, e.is_late,
  u.name AS user_name, u.email AS user_email, u.country, u.signup_date, u.segment,
  t.amount, t.currency, t.status AS transaction_status, t.transaction_ts,
  e._ingest_run, ${curated_at} AS _curated_at, e.event_date
FROM events_cleansed e
LEFT JOIN users_now u ON e.user_id = u.user_id
LEFT JOIN transactions_now t ON e.transaction_id = t.transaction_id;

COPY enriched_new TO '${out}/curated/events_enriched'
  (FORMAT parquet, PARTITION_BY (event_date, event_type), APPEND);
