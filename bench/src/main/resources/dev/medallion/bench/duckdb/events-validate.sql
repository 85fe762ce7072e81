-- Validates landed event lines as EventValidator does, with every reason in its order. Input
-- ${input}: _order (unique), record, _read_error ('invalid_utf8', 'record_too_large' or NULL),
-- and any other columns, passed through. Output: those, the typed event fields, event_date,
-- reasons, reason_detail and _valid.
CREATE OR REPLACE TEMP TABLE ${output} AS
WITH lines AS (
  SELECT *,
    _read_error IS NOT DISTINCT FROM 'record_too_large' AS _too_large,
    length(record) - length(replace(record, '{', '')) AS _braces
  FROM ${input}
),
readable AS (
  -- JSON that yyjson reads. Jackson also reads escaped lone surrogates, which yyjson refuses.
  SELECT *,
    CASE
      WHEN _too_large THEN NULL
      WHEN json_valid(record) THEN record
      WHEN regexp_matches(record, '\\u[dD][89a-fA-F][0-9a-fA-F]{2}')
        AND json_valid(regexp_replace(record, '\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\uFFFD', 'g'))
        THEN regexp_replace(record, '\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\uFFFD', 'g')
    END AS _json
  FROM lines
),
lenient AS (
  -- What yyjson reads and Jackson refuses: NaN and Infinity, trailing commas (outside strings).
  SELECT *,
    _json IS NOT NULL
      AND regexp_matches(_json, '(?i)nan|inf|,[ \t\r\n]*[\]}]')
      AND regexp_matches(
        regexp_replace(_json, '"(?:[^"\\]|\\.)*"', '""', 'g'),
        '(?i)nan|inf|,[ \t\r\n]*[\]}]') AS _lenient
  FROM readable
),
nested AS (
  -- Objects below the top level other than attributes: their keys are checked in deep_duplicates.
  SELECT *,
    _braces > 1 + CASE WHEN json_type(_json, '$.attributes') = 'OBJECT' THEN 1 ELSE 0 END AS _deep
  FROM lenient
  WHERE _json IS NOT NULL AND NOT _lenient
),
deep_duplicates AS (
  SELECT DISTINCT n._order
  FROM nested n, json_tree(n._json) t
  WHERE n._deep AND t.parent IS NOT NULL
  GROUP BY n._order, t.parent, t.key
  HAVING count(*) > 1
),
strict AS (
  -- Jackson's strict reading: duplicate keys (at any depth) are malformed JSON.
  SELECT l.*,
    CASE
      WHEN l._json IS NULL OR l._lenient THEN NULL
      WHEN len(json_keys(l._json)) <> len(list_distinct(json_keys(l._json))) THEN NULL
      WHEN json_type(l._json, '$.attributes') = 'OBJECT'
        AND len(json_keys(l._json, '$.attributes'))
          <> len(list_distinct(json_keys(l._json, '$.attributes'))) THEN NULL
      WHEN d._order IS NOT NULL THEN NULL
      ELSE l._json
    END AS _doc
  FROM lenient l LEFT JOIN deep_duplicates d ON l._order = d._order
),
fields AS (
  SELECT *,
    coalesce(json_type(_doc) = 'OBJECT', false) AS _object,
    json_extract(_doc, ['$.event_uuid', '$.event_type', '$.event_ts', '$.event_subtype',
      '$.user_id', '$.transaction_id', '$.device_id', '$.value', '$.attributes']) AS _f
  FROM strict
),
typed AS (
  SELECT *,
    CASE WHEN _object THEN list_transform(_f, x -> coalesce(json_type(x), 'NULL')) END AS _t,
    CASE WHEN _object THEN list_transform(_f, x -> json_extract_string(x, '$')) END AS _s
  FROM fields
),
timed AS (
  SELECT *,
    iso_ts_parts(required_string(_t[3], _s[3])) AS _ts,
    CASE WHEN _t[8] IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(_f[8] AS DOUBLE) END AS _number,
    CASE WHEN _t[9] = 'OBJECT' THEN
      coalesce(list_bool_or(list_transform(json_extract(_f[9], '$.*'),
        x -> coalesce(json_type(x), 'NULL') NOT IN ('VARCHAR', 'NULL'))), false)
    END AS _bad_attribute
  FROM typed
),
reasoned AS (
  SELECT *,
    CASE WHEN _too_large THEN [_read_error] ELSE list_filter([
      _read_error,
      CASE WHEN _doc IS NULL THEN 'malformed_json' END,
      CASE WHEN _doc IS NOT NULL AND NOT _object THEN 'not_an_object' END,
      required_string_reason(_t[1], _s[1], 'event_uuid'),
      required_string_reason(_t[2], _s[2], 'event_type'),
      CASE WHEN NOT regexp_full_match(required_string(_t[2], _s[2]), '[a-z][a-z0-9_]*')
        THEN 'invalid_value:event_type' END,
      required_string_reason(_t[3], _s[3], 'event_ts'),
      ts_reason(_ts, 'event_ts'),
      optional_string_reason(_t[4], 'event_subtype'),
      optional_string_reason(_t[5], 'user_id'),
      optional_string_reason(_t[6], 'transaction_id'),
      optional_string_reason(_t[7], 'device_id'),
      CASE WHEN _t[8] NOT IN ('NULL', 'BIGINT', 'UBIGINT', 'DOUBLE') THEN 'wrong_type:value'
        WHEN NOT isfinite(_number) THEN 'non_finite:value' END,
      CASE WHEN _t[9] NOT IN ('NULL', 'OBJECT') OR _bad_attribute THEN 'wrong_type:attributes' END
    ], r -> r IS NOT NULL) END AS reasons
  FROM timed
)
SELECT * EXCLUDE (_too_large, _braces, _json, _lenient, _doc, _object, _f, _t, _s, _ts, _number,
    _bad_attribute),
  required_string(_t[1], _s[1]) AS event_uuid,
  required_string(_t[2], _s[2]) AS event_type,
  optional_string(_t[4], _s[4]) AS event_subtype,
  ts_value(_ts) AS event_ts,
  optional_string(_t[5], _s[5]) AS user_id,
  optional_string(_t[6], _s[6]) AS transaction_id,
  optional_string(_t[7], _s[7]) AS device_id,
  CASE WHEN isfinite(_number) THEN _number END AS value,
  CASE WHEN _t[9] = 'OBJECT' AND NOT _bad_attribute
    THEN json_transform(_f[9], '"MAP(VARCHAR, VARCHAR)"') END AS attributes,
  CAST(ts_value(_ts) AS DATE) AS event_date,
  reasons,
  nullif(array_to_string(reasons, '; '), '') AS reason_detail,
  len(reasons) = 0 AS _valid
FROM reasoned;
