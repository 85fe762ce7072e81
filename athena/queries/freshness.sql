-- Freshness: per table, the newest time it holds and how many records. For the tables of events
-- (cleansed.events, curated.events_enriched) that is the newest event time; for the tables of
-- records as received (raw.events, quarantine.records) the newest arrival, since a record that
-- failed validation may have no event time.
-- Reads: raw.events, cleansed.events, quarantine.records, curated.events_enriched.
-- An empty table gives a NULL newest_time and 0 records. The timestamps are instants (UTC).
SELECT table_name, measured_by, newest_time, records
FROM (
  SELECT 'raw.events' AS table_name, 'arrival' AS measured_by,
    max(_ingested_at) AS newest_time, count(*) AS records
  FROM raw.events
  UNION ALL
  SELECT 'cleansed.events', 'event time', max(event_ts), count(*)
  FROM cleansed.events
  UNION ALL
  SELECT 'quarantine.records', 'arrival', max(_ingested_at), count(*)
  FROM quarantine.records
  UNION ALL
  SELECT 'curated.events_enriched', 'event time', max(event_ts), count(*)
  FROM curated.events_enriched
) AS t
ORDER BY table_name
