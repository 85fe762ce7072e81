-- Reads the run's event files, in ingest order (${files}, a list), one row per line: DuckDB's CSV
-- reader with one column and no quoting reads lines, gzip too, and keeps the lines it cannot
-- decode (invalid UTF-8) in a rejects table, from which they come back as records with a read
-- error. Blank lines are not records. _order is the ingest order of every record.
CREATE OR REPLACE TEMP TABLE event_lines AS
SELECT line AS record, filename AS _source
FROM read_csv(${files}, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,
  delim = chr(1), quote = '', escape = '', new_line = '\n', strict_mode = false,
  max_line_size = 16777216, buffer_size = 33554432, filename = true,
  store_rejects = true, rejects_table = 'event_rejects', rejects_scan = 'event_scans');

CREATE OR REPLACE TEMP TABLE events_read AS
SELECT rowid AS _order, record, _source, NULL::VARCHAR AS _read_error
FROM event_lines
WHERE record IS NOT NULL AND NOT java_blank(record)
UNION ALL
SELECT (SELECT count(*) FROM event_lines) + row_number() OVER (ORDER BY s.file_path, e.line),
  any_value(e.csv_line),
  s.file_path,
  CASE
    WHEN bool_or(e.error_type = 'LINE SIZE OVER MAXIMUM') THEN 'record_too_large'
    WHEN bool_or(e.error_type = 'INVALID ENCODING') THEN 'invalid_utf8'
  END
FROM event_rejects e JOIN event_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
GROUP BY s.file_path, e.line;
