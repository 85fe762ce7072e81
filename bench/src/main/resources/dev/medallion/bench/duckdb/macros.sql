-- The rules of Medallion's validators (common dev.medallion.validate: EventValidator,
-- ReferenceValidator, Iso8601, Rfc4180) written again as DuckDB macros, for the DuckDB peer of
-- 'medallion bench batch'. Reason codes are those of dev.medallion.contract.Reasons.

-- Java's String.isBlank: empty, or only characters that Character.isWhitespace accepts.
CREATE OR REPLACE TEMP MACRO java_blank(s) AS
  regexp_full_match(s, '[\t\n\x0B\f\r\x1C-\x1F \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}]*');

-- Java's String.trim: drops the characters up to U+0020 at both ends.
CREATE OR REPLACE TEMP MACRO java_trim(s) AS
  regexp_replace(s, '^[\x00-\x20]+|[\x00-\x20]+$', '', 'g');

-- The parts of an ISO-8601 timestamp with an offset, as java.time's ISO_OFFSET_DATE_TIME parses
-- it (case-insensitive T and Z; a year of 4 digits, or more with a sign; seconds and a fraction of
-- up to 9 digits optional; an offset Z, +HH, +HH:MM or +HH:MM:SS). Empty strings when it does not
-- match.
CREATE OR REPLACE TEMP MACRO iso_ts_parts(s) AS
  regexp_extract(java_trim(s),
    '^(\d{4}|-\d{4,10}|\+\d{5,10})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{0,9}))?)?([Zz]|([+-])(\d{2})(?::(\d{2})(?::(\d{2}))?)?)$',
    ['year', 'month', 'day', 'hour', 'minute', 'second', 'fraction', 'zone', 'sign', 'oh', 'om', 'os']);

-- The parts of an ISO-8601 local date (yyyy-MM-dd, as ISO_LOCAL_DATE parses it).
CREATE OR REPLACE TEMP MACRO iso_date_parts(s) AS
  regexp_extract(java_trim(s), '^(\d{4}|-\d{4,10}|\+\d{5,10})-(\d{2})-(\d{2})$', ['year', 'month', 'day']);

CREATE OR REPLACE TEMP MACRO iso_year(text) AS TRY_CAST(text AS BIGINT);

-- Whether a year, month and day make a date of the proleptic Gregorian calendar.
CREATE OR REPLACE TEMP MACRO civil_date_ok(y, m, d) AS
  y BETWEEN -999999999 AND 999999999
  AND m BETWEEN 1 AND 12
  AND d BETWEEN 1 AND CASE
    WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0 THEN 29 ELSE 28 END
    WHEN m IN (4, 6, 9, 11) THEN 30
    ELSE 31 END;

-- Days from 1970-01-01 to a date of the proleptic Gregorian calendar (any year a BIGINT holds).
CREATE OR REPLACE TEMP MACRO civil_days(y, m, d) AS
  CAST(floor((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END) / 400.0) AS BIGINT) * 146097
  + ((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END)
      - CAST(floor((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END) / 400.0) AS BIGINT) * 400) * 365
  + ((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END)
      - CAST(floor((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END) / 400.0) AS BIGINT) * 400) // 4
  - ((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END)
      - CAST(floor((y - CASE WHEN m <= 2 THEN 1 ELSE 0 END) / 400.0) AS BIGINT) * 400) // 100
  + (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  - 719468;

-- The offset of parsed timestamp parts in seconds, or NULL when java.time refuses it (beyond
-- +-18:00, or minutes or seconds above 59).
CREATE OR REPLACE TEMP MACRO iso_offset_seconds(p) AS
  CASE
    WHEN upper(p.zone) = 'Z' THEN 0
    WHEN TRY_CAST(p.oh AS INTEGER) > 18
      OR coalesce(TRY_CAST(nullif(p.om, '') AS INTEGER), 0) > 59
      OR coalesce(TRY_CAST(nullif(p.os, '') AS INTEGER), 0) > 59 THEN NULL
    WHEN TRY_CAST(p.oh AS INTEGER) * 3600
      + coalesce(TRY_CAST(nullif(p.om, '') AS INTEGER), 0) * 60
      + coalesce(TRY_CAST(nullif(p.os, '') AS INTEGER), 0) > 64800 THEN NULL
    ELSE (CASE WHEN p.sign = '-' THEN -1 ELSE 1 END)
      * (TRY_CAST(p.oh AS INTEGER) * 3600
        + coalesce(TRY_CAST(nullif(p.om, '') AS INTEGER), 0) * 60
        + coalesce(TRY_CAST(nullif(p.os, '') AS INTEGER), 0))
  END;

-- Whether parsed timestamp parts are a timestamp java.time accepts.
CREATE OR REPLACE TEMP MACRO iso_ts_ok(p) AS
  p.year <> ''
  AND civil_date_ok(iso_year(p.year), TRY_CAST(p.month AS INTEGER), TRY_CAST(p.day AS INTEGER))
  AND TRY_CAST(p.hour AS INTEGER) <= 23
  AND TRY_CAST(p.minute AS INTEGER) <= 59
  AND coalesce(TRY_CAST(nullif(p.second, '') AS INTEGER), 0) <= 59
  AND iso_offset_seconds(p) IS NOT NULL;

-- Microseconds since the epoch of accepted timestamp parts, when the year is near the range the
-- lake stores (years 0001 to 9999; an offset moves an instant by 18 hours at most); else NULL.
CREATE OR REPLACE TEMP MACRO iso_ts_micros(p) AS
  CASE WHEN iso_year(p.year) BETWEEN -1 AND 10001 THEN
    (civil_days(iso_year(p.year), TRY_CAST(p.month AS BIGINT), TRY_CAST(p.day AS BIGINT)) * 86400
      + TRY_CAST(p.hour AS BIGINT) * 3600 + TRY_CAST(p.minute AS BIGINT) * 60
      + coalesce(TRY_CAST(nullif(p.second, '') AS BIGINT), 0)
      - iso_offset_seconds(p)) * 1000000
    + CAST(substr(rpad(p.fraction, 9, '0'), 1, 6) AS BIGINT)
  END;

-- Instants the lake stores: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
CREATE OR REPLACE TEMP MACRO in_lake_range(micros) AS
  micros BETWEEN -62135596800000000 AND 253402300799999999;

-- The reason of a timestamp with an offset (event_ts, transaction_ts), from its parts
-- (iso_ts_parts of a text that is there and not blank; NULL otherwise).
CREATE OR REPLACE TEMP MACRO ts_reason(p, field) AS
  CASE
    WHEN p IS NULL THEN NULL
    WHEN NOT iso_ts_ok(p) THEN 'invalid_format:' || field
    WHEN NOT coalesce(in_lake_range(iso_ts_micros(p)), false) THEN 'invalid_value:' || field
  END;

-- The instant of timestamp parts that ts_reason accepts, else NULL.
CREATE OR REPLACE TEMP MACRO ts_value(p) AS
  CASE WHEN p IS NOT NULL AND ts_reason(p, '') IS NULL THEN make_timestamp(iso_ts_micros(p)) END;

-- The reason of a required string field of an event, from its JSON type and its text.
CREATE OR REPLACE TEMP MACRO required_string_reason(t, s, field) AS
  CASE
    WHEN t = 'NULL' THEN 'missing_field:' || field
    WHEN t <> 'VARCHAR' THEN 'wrong_type:' || field
    WHEN java_blank(s) THEN 'empty_field:' || field
  END;

CREATE OR REPLACE TEMP MACRO required_string(t, s) AS
  CASE WHEN t = 'VARCHAR' AND NOT java_blank(s) THEN s END;

CREATE OR REPLACE TEMP MACRO optional_string_reason(t, field) AS
  CASE WHEN t NOT IN ('NULL', 'VARCHAR') THEN 'wrong_type:' || field END;

CREATE OR REPLACE TEMP MACRO optional_string(t, s) AS
  CASE WHEN t = 'VARCHAR' AND s <> '' THEN s END;

-- The reason of a required column of a reference row (DuckDB reads an empty field as NULL).
CREATE OR REPLACE TEMP MACRO required_column_reason(v, field) AS
  CASE
    WHEN v IS NULL THEN 'missing_field:' || field
    WHEN java_blank(v) THEN 'empty_field:' || field
  END;

-- A reference value that is there: NULL when empty or blank.
CREATE OR REPLACE TEMP MACRO present(v) AS CASE WHEN NOT java_blank(v) THEN v END;

-- The fields ReferenceValidator would find in a CSV record that DuckDB's reader refused: quoted
-- fields count once, and a quote never closed runs to the end of the record.
CREATE OR REPLACE TEMP MACRO csv_field_count(line) AS
  len(string_split(
    regexp_replace(
      regexp_replace(regexp_replace(line, '[\r\n]+$', ''), '(^|,)"(?:[^"]|"")*"', '\1x', 'g'),
      '(^|,)".*$', '\1x', 's'),
    ','));
