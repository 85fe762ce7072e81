-- Validates users.csv rows as ReferenceValidator does. Input ${input}: _order, _source, record,
-- _missing (missing_column reasons of the row's file), _read_reasons (the reasons of a record
-- DuckDB's CSV reader refused, else NULL) and the columns of users.csv as text.
CREATE OR REPLACE TEMP TABLE ${output} AS
WITH parts AS (
  SELECT *, iso_date_parts(present(signup_date)) AS _date FROM ${input}
),
reasoned AS (
  SELECT *,
    CASE WHEN len(_missing) > 0 OR _read_reasons IS NOT NULL
      THEN _missing || coalesce(_read_reasons, [])
    ELSE list_filter([
      required_column_reason(user_id, 'user_id'),
      CASE
        WHEN _date IS NULL THEN NULL
        WHEN _date.year = '' OR NOT civil_date_ok(iso_year(_date.year),
          TRY_CAST(_date.month AS INTEGER), TRY_CAST(_date.day AS INTEGER))
          THEN 'invalid_format:signup_date'
        WHEN iso_year(_date.year) NOT BETWEEN 1 AND 9999 THEN 'invalid_value:signup_date'
      END
    ], r -> r IS NOT NULL) END AS reasons
  FROM parts
)
SELECT _order, _source, record, reasons,
  nullif(array_to_string(reasons, '; '), '') AS reason_detail,
  len(reasons) = 0 AS _valid,
  present(user_id) AS user_id,
  present(name) AS name,
  present(email) AS email,
  present(country) AS country,
  CASE WHEN len(reasons) = 0 AND _date IS NOT NULL
    THEN make_date(CAST(iso_year(_date.year) AS INTEGER), CAST(_date.month AS INTEGER),
      CAST(_date.day AS INTEGER)) END AS signup_date,
  present(segment) AS segment
FROM reasoned;
