-- Keeps the run's valid ${name} rows in cleansed and the others in quarantine. ${columns}: the
-- cleansed columns; ${previous}: the earlier runs' table; ${next}: the file the table is written to.

-- The latest row of each key in the run: a later row of the same key replaces an earlier one.
CREATE OR REPLACE TEMP TABLE ${name}_latest AS
SELECT ${columns}, _source, _order AS _read_order, ${ingested_at} AS _ingested_at,
  ${run_id} AS _run_id, ${run} AS _ingest_run
FROM ${name}_validated
WHERE _valid
QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY _order DESC) = 1;

-- Every key as known now: the run's rows, and the earlier runs' rows of the other keys.
CREATE OR REPLACE TEMP TABLE ${name}_now AS
SELECT * FROM ${name}_latest
UNION ALL BY NAME
SELECT * FROM ${previous} WHERE ${key} NOT IN (SELECT ${key} FROM ${name}_latest);

COPY ${name}_now TO ${next} (FORMAT parquet);

COPY (
  SELECT ${record_type} AS record_type, record, reasons, reason_detail, _source,
    _order AS _read_order, ${lineage}
  FROM ${name}_validated WHERE NOT _valid
) TO ${quarantine} (FORMAT parquet, PARTITION_BY (ingest_date), APPEND);
