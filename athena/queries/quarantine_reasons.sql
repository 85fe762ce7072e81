-- Quarantine reasons: how many quarantined records failed for each reason, per kind of record
-- (event, user, transaction, file). A record with several reasons counts once for each.
-- Reads: quarantine.records.
-- reasons is an array. Spark SQL and Trino share no syntax to turn an array into rows (Spark:
-- LATERAL VIEW explode(reasons); Trino and Athena: CROSS JOIN UNNEST(reasons)), so the query
-- joins each record to the positions 1..20 and takes element_at(reasons, n) for the positions
-- the array has (element_at and cardinality mean the same in both). 20 is ample: a validator
-- gives at most one reason per field of the contract, and the widest record, an event, has 9
-- fields. reason_code is the reason without its field (missing_field:user_id -> missing_field).
SELECT
  record_type,
  reason_code,
  reason,
  count(*) AS records
FROM (
  SELECT
    q.record_type,
    element_at(q.reasons, i.n) AS reason,
    CASE
      WHEN position(':' IN element_at(q.reasons, i.n)) > 0
        THEN substr(element_at(q.reasons, i.n), 1, position(':' IN element_at(q.reasons, i.n)) - 1)
      ELSE element_at(q.reasons, i.n)
    END AS reason_code
  FROM quarantine.records q
  CROSS JOIN (
    VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10),
      (11), (12), (13), (14), (15), (16), (17), (18), (19), (20)
  ) AS i (n)
  WHERE i.n <= cardinality(q.reasons)
) AS r
GROUP BY record_type, reason_code, reason
ORDER BY records DESC, record_type ASC, reason ASC
