-- The daily metrics of the event dates ${dates} (a list of DATE literals), from every curated
-- event of those dates (DESIGN section 3): events, distinct non-null users, the sum of value (a
-- null counts as 0), and revenue: the amount of each distinct completed transaction the group's
-- events reference, once per group.
CREATE OR REPLACE TEMP TABLE metrics_new AS
WITH enriched AS (
  SELECT * FROM read_parquet('${out}/curated/events_enriched/**/*.parquet', hive_partitioning = true)
  WHERE event_date IN (${dates})
),
counts AS (
  SELECT event_date, event_type, country, count(*) AS events,
    count(DISTINCT user_id) AS distinct_users, sum(coalesce(value, 0.0)) AS value_sum
  FROM enriched GROUP BY ALL
),
revenue AS (
  SELECT event_date, event_type, country, sum(amount) AS revenue
  FROM (
    SELECT event_date, event_type, country, transaction_id, any_value(amount) AS amount
    FROM enriched WHERE transaction_status = 'completed' GROUP BY ALL
  ) GROUP BY ALL
)
SELECT c.event_type, c.country, c.events, c.distinct_users, c.value_sum,
  CAST(coalesce(r.revenue, 0) AS DECIMAL(38, 2)) AS revenue, c.event_date
FROM counts c
LEFT JOIN revenue r ON c.event_date = r.event_date AND c.event_type = r.event_type
  AND c.country IS NOT DISTINCT FROM r.country;
