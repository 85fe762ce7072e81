package dev.medallion.warehouse;

import static dev.medallion.warehouse.CuratedTables.stagingColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every statement of the PostgreSQL load, text for text, for both curated tables. */
class PostgresLoadSqlTest {
  private final LoadSql sql = new LoadSql(Dialect.POSTGRES);
  private final WarehouseTable events = CuratedTables.eventsEnriched(Dialect.POSTGRES);
  private final WarehouseTable metrics = CuratedTables.dailyEventMetrics(Dialect.POSTGRES);

  @Test
  void createsTheSchema() {
    assertThat(sql.dialect()).isEqualTo(Dialect.POSTGRES);
    assertThat(sql.createSchema("analytics")).isEqualTo("CREATE SCHEMA IF NOT EXISTS analytics");
  }

  @Test
  void createsEventsEnrichedWithItsCuratedNullabilityAndPrimaryKey() {
    assertThat(sql.createTable(events))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics.events_enriched (
              event_uuid text NOT NULL,
              event_type text NOT NULL,
              event_subtype text,
              event_ts timestamp with time zone NOT NULL,
              user_id text,
              transaction_id text,
              device_id text,
              value double precision,
              attributes jsonb,
              is_late boolean NOT NULL,
              user_name text,
              user_email text,
              country text,
              signup_date date,
              segment text,
              amount numeric(18,2),
              currency text,
              transaction_status text,
              transaction_ts timestamp with time zone,
              _ingest_run bigint NOT NULL,
              _curated_at timestamp with time zone NOT NULL,
              event_date date NOT NULL,
              PRIMARY KEY (event_uuid)
            )""");
  }

  @Test
  void keysDailyMetricsWithUniqueNullsNotDistinctBecauseCountryMayBeNull() {
    assertThat(sql.createTable(metrics))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics.daily_event_metrics (
              event_type text NOT NULL,
              country text,
              events bigint NOT NULL,
              distinct_users bigint NOT NULL,
              value_sum double precision NOT NULL,
              revenue numeric(38,2) NOT NULL,
              event_date date NOT NULL,
              UNIQUE NULLS NOT DISTINCT (event_date, event_type, country)
            )""");
  }

  @Test
  void stagesEventsEnrichedInATempTableDroppedAtCommit() {
    assertThat(sql.createStaging(events, "stage_events_enriched"))
        .isEqualTo(
            """
            CREATE TEMP TABLE stage_events_enriched (
              event_uuid text,
              event_type text,
              event_subtype text,
              event_ts timestamp with time zone,
              user_id text,
              transaction_id text,
              device_id text,
              value double precision,
              attributes jsonb,
              is_late boolean,
              user_name text,
              user_email text,
              country text,
              signup_date date,
              segment text,
              amount numeric(18,2),
              currency text,
              transaction_status text,
              transaction_ts timestamp with time zone,
              _ingest_run bigint,
              _curated_at timestamp with time zone,
              event_date date,
              _op char(1)
            ) ON COMMIT DROP""");
  }

  @Test
  void stagesDailyMetrics() {
    assertThat(sql.createStaging(metrics, "stage_daily_event_metrics"))
        .isEqualTo(
            """
            CREATE TEMP TABLE stage_daily_event_metrics (
              event_type text,
              country text,
              events bigint,
              distinct_users bigint,
              value_sum double precision,
              revenue numeric(38,2),
              event_date date,
              _op char(1)
            ) ON COMMIT DROP""");
  }

  @Test
  void copiesCsvFromStdinWithTheColumnsByName() {
    assertThat(sql.copyFromStdin("stage_events_enriched", stagingColumns(events)))
        .isEqualTo(
            """
            COPY stage_events_enriched (event_uuid, event_type, event_subtype, event_ts, user_id, transaction_id, device_id, value, attributes, is_late, user_name, user_email, country, signup_date, segment, amount, currency, transaction_status, transaction_ts, _ingest_run, _curated_at, event_date, _op)
            FROM STDIN WITH (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL '', ENCODING 'UTF8')""");
    assertThat(sql.copyFromStdin("stage_daily_event_metrics", stagingColumns(metrics)))
        .isEqualTo(
            """
            COPY stage_daily_event_metrics (event_type, country, events, distinct_users, value_sum, revenue, event_date, _op)
            FROM STDIN WITH (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL '', ENCODING 'UTF8')""");
  }

  @Test
  void aWholeLoadCopiesStraightIntoTheTargetWithItsOwnColumns() {
    assertThat(sql.copyFromStdin(metrics))
        .isEqualTo(
            """
            COPY analytics.daily_event_metrics (event_type, country, events, distinct_users, value_sum, revenue, event_date)
            FROM STDIN WITH (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NULL '', ENCODING 'UTF8')""");
  }

  @Test
  void mergesEventsEnrichedInOneMerge() {
    assertThat(sql.merge(events, "stage_events_enriched"))
        .containsExactly(
            """
            MERGE INTO analytics.events_enriched AS t
            USING stage_events_enriched AS s
            ON t.event_uuid = s.event_uuid
            WHEN MATCHED AND s._op = 'D' THEN
              DELETE
            WHEN MATCHED THEN
              UPDATE SET
                event_type = s.event_type,
                event_subtype = s.event_subtype,
                event_ts = s.event_ts,
                user_id = s.user_id,
                transaction_id = s.transaction_id,
                device_id = s.device_id,
                value = s.value,
                attributes = s.attributes,
                is_late = s.is_late,
                user_name = s.user_name,
                user_email = s.user_email,
                country = s.country,
                signup_date = s.signup_date,
                segment = s.segment,
                amount = s.amount,
                currency = s.currency,
                transaction_status = s.transaction_status,
                transaction_ts = s.transaction_ts,
                _ingest_run = s._ingest_run,
                _curated_at = s._curated_at,
                event_date = s.event_date
            WHEN NOT MATCHED AND s._op = 'U' THEN
              INSERT (event_uuid, event_type, event_subtype, event_ts, user_id, transaction_id, device_id, value, attributes, is_late, user_name, user_email, country, signup_date, segment, amount, currency, transaction_status, transaction_ts, _ingest_run, _curated_at, event_date)
              VALUES (s.event_uuid, s.event_type, s.event_subtype, s.event_ts, s.user_id, s.transaction_id, s.device_id, s.value, s.attributes, s.is_late, s.user_name, s.user_email, s.country, s.signup_date, s.segment, s.amount, s.currency, s.transaction_status, s.transaction_ts, s._ingest_run, s._curated_at, s.event_date)""");
  }

  @Test
  void mergesDailyMetricsMatchingANullCountryToANullCountry() {
    assertThat(sql.merge(metrics, "stage_daily_event_metrics"))
        .containsExactly(
            """
            MERGE INTO analytics.daily_event_metrics AS t
            USING stage_daily_event_metrics AS s
            ON t.event_date = s.event_date
              AND t.event_type = s.event_type
              AND t.country IS NOT DISTINCT FROM s.country
            WHEN MATCHED AND s._op = 'D' THEN
              DELETE
            WHEN MATCHED THEN
              UPDATE SET
                events = s.events,
                distinct_users = s.distinct_users,
                value_sum = s.value_sum,
                revenue = s.revenue
            WHEN NOT MATCHED AND s._op = 'U' THEN
              INSERT (event_type, country, events, distinct_users, value_sum, revenue, event_date)
              VALUES (s.event_type, s.country, s.events, s.distinct_users, s.value_sum, s.revenue, s.event_date)""");
  }

  @Test
  void truncatesWithADeleteSoReadersAreNotBlocked() {
    assertThat(sql.truncate(events)).isEqualTo("DELETE FROM analytics.events_enriched");
    assertThat(sql.truncate(metrics)).isEqualTo("DELETE FROM analytics.daily_event_metrics");
  }

  @Test
  void keepsTheLoadStateInItsOwnTable() {
    assertThat(sql.createStateTable("analytics"))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics._medallion_load_state (
              table_name text NOT NULL,
              delta_version bigint NOT NULL,
              rows_loaded bigint NOT NULL,
              loaded_at timestamp with time zone NOT NULL,
              PRIMARY KEY (table_name)
            )""");
    assertThat(sql.lockState("analytics"))
        .isEqualTo("LOCK TABLE analytics._medallion_load_state IN EXCLUSIVE MODE");
    assertThat(sql.selectState("analytics"))
        .isEqualTo(
            "SELECT delta_version FROM analytics._medallion_load_state WHERE table_name = ?");
    assertThat(sql.upsertState("analytics"))
        .containsExactly(
            """
            INSERT INTO analytics._medallion_load_state (table_name, delta_version, rows_loaded, loaded_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (table_name) DO UPDATE SET
              delta_version = EXCLUDED.delta_version,
              rows_loaded = EXCLUDED.rows_loaded,
              loaded_at = EXCLUDED.loaded_at""");
  }

  @Test
  void readsColumnTypesAsFormatTypeSpellsThem() {
    assertThat(sql.selectColumns())
        .isEqualTo(
            """
            SELECT a.attname AS column_name,
                   format_type(a.atttypid, a.atttypmod) AS column_type,
                   NOT a.attnotnull AS nullable
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""");
  }

  @Test
  void dropsTheStagingTableOnlyFromTheTemporarySchema() {
    assertThat(sql.dropStaging("stage_events_enriched"))
        .isEqualTo("DROP TABLE IF EXISTS pg_temp.stage_events_enriched");
  }

  @Test
  void hasNoCopyFromS3() {
    assertThatThrownBy(
            () ->
                sql.copyFromS3(
                    "stage_events_enriched",
                    stagingColumns(events),
                    "s3://b/p/",
                    "arn:aws:iam::1:role/r"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("copyFromStdin");
  }

  @Test
  void refusesAStagingTableNamedLikeItsTarget() {
    assertThatThrownBy(() -> sql.merge(events, "events_enriched"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be named like its target");
    assertThatThrownBy(() -> sql.createStaging(events, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no staging name");
  }
}
