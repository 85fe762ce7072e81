-- Revenue by country: the revenue of completed transactions per user country, over all days.
-- Events of unknown users have no country: their revenue is the row whose country is NULL.
-- Reads: curated.daily_event_metrics.
-- revenue is DECIMAL(38,2) in the table; sum() keeps DECIMAL(38,2) in both engines, and the
-- CAST says so. NULL goes last explicitly: Spark sorts NULLs first in ascending order, Trino last.
SELECT
  country,
  CAST(sum(revenue) AS DECIMAL(38, 2)) AS revenue,
  sum(events) AS events
FROM curated.daily_event_metrics
GROUP BY country
ORDER BY revenue DESC, country ASC NULLS LAST
