-- Duplicates per day: per ingest date (UTC), how many event records the ingest runs of that day
-- read, cleansed and quarantined, and how many were duplicates of an event already ingested.
-- Reads: raw.events, cleansed.events, quarantine.records.
-- Every run balances (raw = cleansed + duplicates + quarantined), and duplicates are the one
-- count no table holds, so they are derived per run: cleansed.events has no ingest_date, but
-- every table carries the run number _ingest_run, and raw.events gives each run its date.
WITH raw_runs AS (
  SELECT _ingest_run, ingest_date, count(*) AS raw_records
  FROM raw.events
  GROUP BY _ingest_run, ingest_date
),
cleansed_runs AS (
  SELECT _ingest_run, count(*) AS cleansed
  FROM cleansed.events
  GROUP BY _ingest_run
),
quarantined_runs AS (
  SELECT _ingest_run, count(*) AS quarantined
  FROM quarantine.records
  WHERE record_type = 'event'
  GROUP BY _ingest_run
)
SELECT
  r.ingest_date,
  count(*) AS runs,
  sum(r.raw_records) AS raw_records,
  sum(coalesce(c.cleansed, 0)) AS cleansed,
  sum(coalesce(q.quarantined, 0)) AS quarantined,
  sum(r.raw_records - coalesce(c.cleansed, 0) - coalesce(q.quarantined, 0)) AS duplicates
FROM raw_runs r
LEFT JOIN cleansed_runs c ON c._ingest_run = r._ingest_run
LEFT JOIN quarantined_runs q ON q._ingest_run = r._ingest_run
GROUP BY r.ingest_date
ORDER BY r.ingest_date
