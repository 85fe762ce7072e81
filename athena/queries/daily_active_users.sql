-- Daily active users: per event date (UTC), how many distinct known users sent at least one
-- event, and how many events there were.
-- Reads: curated.events_enriched.
-- An event without a user_id counts in events but not in active_users (count(DISTINCT ...)
-- ignores nulls in Spark SQL and in Trino alike).
SELECT
  event_date,
  count(DISTINCT user_id) AS active_users,
  count(*) AS events
FROM curated.events_enriched
GROUP BY event_date
ORDER BY event_date
