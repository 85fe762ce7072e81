-- Validates transactions.csv rows as ReferenceValidator does. Input ${input}: as for users, with
-- the columns of transactions.csv as text. ${currencies}: the ISO 4217 codes Java knows.
CREATE OR REPLACE TEMP TABLE ${output} AS
WITH parts AS (
  SELECT *, iso_ts_parts(present(transaction_ts)) AS _ts FROM ${input}
),
reasoned AS (
  SELECT *,
    CASE WHEN len(_missing) > 0 OR _read_reasons IS NOT NULL
      THEN _missing || coalesce(_read_reasons, [])
    ELSE list_filter([
      required_column_reason(transaction_id, 'transaction_id'),
      required_column_reason(amount, 'amount'),
      CASE WHEN present(amount) IS NOT NULL
          AND NOT regexp_full_match(java_trim(amount), '[+-]?[0-9]{1,16}(\.[0-9]{1,2})?')
        THEN 'invalid_format:amount' END,
      required_column_reason(currency, 'currency'),
      CASE WHEN present(currency) IS NOT NULL
          AND NOT (regexp_full_match(currency, '[A-Z]{3}') AND list_contains(${currencies}, currency))
        THEN 'invalid_value:currency' END,
      required_column_reason(status, 'status'),
      CASE WHEN present(status) IS NOT NULL
          AND status NOT IN ('completed', 'pending', 'failed', 'refunded')
        THEN 'invalid_value:status' END,
      required_column_reason(transaction_ts, 'transaction_ts'),
      ts_reason(_ts, 'transaction_ts')
    ], r -> r IS NOT NULL) END AS reasons
  FROM parts
)
SELECT _order, _source, record, reasons,
  nullif(array_to_string(reasons, '; '), '') AS reason_detail,
  len(reasons) = 0 AS _valid,
  present(transaction_id) AS transaction_id,
  present(user_id) AS user_id,
  CASE WHEN len(reasons) = 0 THEN TRY_CAST(java_trim(amount) AS DECIMAL(18, 2)) END AS amount,
  CASE WHEN len(reasons) = 0 THEN currency END AS currency,
  CASE WHEN len(reasons) = 0 THEN status END AS status,
  CASE WHEN len(reasons) = 0 THEN ts_value(_ts) END AS transaction_ts,
  CASE WHEN len(reasons) = 0 THEN CAST(ts_value(_ts) AS DATE) END AS transaction_date
FROM reasoned;
