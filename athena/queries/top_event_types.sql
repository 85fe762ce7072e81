-- Top event types: the ten event types with the most events over all days, with how many
-- distinct known users sent them and on how many days they occurred.
-- Reads: curated.events_enriched.
-- Ties on events are broken by the type's name, so the order (and the cut at ten) is the same
-- in every engine.
SELECT
  event_type,
  count(*) AS events,
  count(DISTINCT user_id) AS users,
  count(DISTINCT event_date) AS days
FROM curated.events_enriched
GROUP BY event_type
ORDER BY events DESC, event_type ASC
LIMIT 10
