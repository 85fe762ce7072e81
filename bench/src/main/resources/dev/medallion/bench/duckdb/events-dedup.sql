-- Deduplicates the valid events: the first ingested of each uuid in the run, and none that
-- cleansed already holds (${history}, every earlier run's cleansed events).
CREATE OR REPLACE TEMP TABLE events_unique AS
SELECT * FROM events_validated f
WHERE _valid
  AND NOT EXISTS (SELECT 1 FROM ${history} h WHERE h.event_uuid = f.event_uuid)
QUALIFY row_number() OVER (PARTITION BY event_uuid ORDER BY _order) = 1;
