-- Late event share: per ingest date (the UTC day the events arrived), how many of the events
-- cleansed that day were late (more than the late threshold behind the newest event time seen,
-- flagged is_late by the ingest job) and their share of the day's events.
-- Reads: cleansed.events, raw.events.
-- cleansed.events carries the run number _ingest_run, not the ingest date; raw.events gives each
-- run its date (a date column, so no time zone conversion is involved).
-- The share is exact decimal arithmetic rounded half up to 4 places: DECIMAL(38,6) divided by a
-- BIGINT is DECIMAL(38,6) in Spark SQL and in Trino, then cast to DECIMAL(5,4). (BIGINT / BIGINT
-- is a DOUBLE in Spark but a truncated BIGINT in Trino, and doubles may print differently.)
WITH run_dates AS (
  SELECT DISTINCT _ingest_run, ingest_date
  FROM raw.events
),
runs AS (
  SELECT
    _ingest_run,
    count(*) AS events,
    sum(CASE WHEN is_late THEN 1 ELSE 0 END) AS late_events
  FROM cleansed.events
  GROUP BY _ingest_run
)
SELECT
  d.ingest_date,
  sum(r.events) AS events,
  sum(r.late_events) AS late_events,
  CAST(CAST(sum(r.late_events) AS DECIMAL(38, 6)) / sum(r.events) AS DECIMAL(5, 4)) AS late_share
FROM runs r
JOIN run_dates d ON d._ingest_run = r._ingest_run
GROUP BY d.ingest_date
ORDER BY d.ingest_date
