-- Events per day by type: per event date (UTC), event type and user country, how many events
-- there were and the revenue of the completed transactions they reference.
-- Reads: curated.daily_event_metrics.
-- One row per metrics key, so that a dashboard can filter by date, type and country and add the
-- rows up: events and revenue add across rows (distinct users do not, which is why they are left
-- out here: daily_active_users.sql counts them). Events of unknown users have a NULL country.
-- revenue is DECIMAL(38,2) in the table; sum() keeps DECIMAL(38,2) in both engines, and the CAST
-- says so. NULL goes last explicitly: Spark sorts NULLs first in ascending order, Trino last.
SELECT
  event_date,
  event_type,
  country,
  sum(events) AS events,
  CAST(sum(revenue) AS DECIMAL(38, 2)) AS revenue
FROM curated.daily_event_metrics
GROUP BY event_date, event_type, country
ORDER BY event_date ASC, event_type ASC, country ASC NULLS LAST
