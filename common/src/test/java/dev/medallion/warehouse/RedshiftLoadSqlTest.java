package dev.medallion.warehouse;

import static dev.medallion.warehouse.CuratedTables.stagingColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the Redshift load, text for text, for both curated tables. Apart from the
 * types, COPY and LOCK's mode, the same statements run on PostgreSQL, where the loader's tests run
 * them.
 */
class RedshiftLoadSqlTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/medallion-redshift-load";

  private final LoadSql sql = new LoadSql(Dialect.REDSHIFT);
  private final WarehouseTable events = CuratedTables.eventsEnriched(Dialect.REDSHIFT);
  private final WarehouseTable metrics = CuratedTables.dailyEventMetrics(Dialect.REDSHIFT);

  @Test
  void createsTheSchema() {
    assertThat(sql.dialect()).isEqualTo(Dialect.REDSHIFT);
    assertThat(sql.createSchema("analytics")).isEqualTo("CREATE SCHEMA IF NOT EXISTS analytics");
  }

  @Test
  void createsEventsEnrichedWithAnInformationalPrimaryKey() {
    assertThat(sql.createTable(events))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics.events_enriched (
              event_uuid VARCHAR(65535) NOT NULL,
              event_type VARCHAR(65535) NOT NULL,
              event_subtype VARCHAR(65535),
              event_ts TIMESTAMPTZ NOT NULL,
              user_id VARCHAR(65535),
              transaction_id VARCHAR(65535),
              device_id VARCHAR(65535),
              value DOUBLE PRECISION,
              attributes SUPER,
              is_late BOOLEAN NOT NULL,
              user_name VARCHAR(65535),
              user_email VARCHAR(65535),
              country VARCHAR(65535),
              signup_date DATE,
              segment VARCHAR(65535),
              amount DECIMAL(18,2),
              currency VARCHAR(65535),
              transaction_status VARCHAR(65535),
              transaction_ts TIMESTAMPTZ,
              _ingest_run BIGINT NOT NULL,
              _curated_at TIMESTAMPTZ NOT NULL,
              event_date DATE NOT NULL,
              PRIMARY KEY (event_uuid)
            )""");
  }

  @Test
  void declaresDailyMetricsKeyUniqueBecauseAPrimaryKeyColumnIsNotNull() {
    assertThat(sql.createTable(metrics))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics.daily_event_metrics (
              event_type VARCHAR(65535) NOT NULL,
              country VARCHAR(65535),
              events BIGINT NOT NULL,
              distinct_users BIGINT NOT NULL,
              value_sum DOUBLE PRECISION NOT NULL,
              revenue DECIMAL(38,2) NOT NULL,
              event_date DATE NOT NULL,
              UNIQUE (event_date, event_type, country)
            )""");
  }

  @Test
  void stagesEventsEnrichedInATempTableWithoutOnCommit() {
    assertThat(sql.createStaging(events, "stage_events_enriched"))
        .isEqualTo(
            """
            CREATE TEMP TABLE stage_events_enriched (
              event_uuid VARCHAR(65535),
              event_type VARCHAR(65535),
              event_subtype VARCHAR(65535),
              event_ts TIMESTAMPTZ,
              user_id VARCHAR(65535),
              transaction_id VARCHAR(65535),
              device_id VARCHAR(65535),
              value DOUBLE PRECISION,
              attributes SUPER,
              is_late BOOLEAN,
              user_name VARCHAR(65535),
              user_email VARCHAR(65535),
              country VARCHAR(65535),
              signup_date DATE,
              segment VARCHAR(65535),
              amount DECIMAL(18,2),
              currency VARCHAR(65535),
              transaction_status VARCHAR(65535),
              transaction_ts TIMESTAMPTZ,
              _ingest_run BIGINT,
              _curated_at TIMESTAMPTZ,
              event_date DATE,
              _op CHAR(1)
            )""");
  }

  @Test
  void stagesDailyMetrics() {
    assertThat(sql.createStaging(metrics, "stage_daily_event_metrics"))
        .isEqualTo(
            """
            CREATE TEMP TABLE stage_daily_event_metrics (
              event_type VARCHAR(65535),
              country VARCHAR(65535),
              events BIGINT,
              distinct_users BIGINT,
              value_sum DOUBLE PRECISION,
              revenue DECIMAL(38,2),
              event_date DATE,
              _op CHAR(1)
            )""");
  }

  @Test
  void copiesParquetFromS3WithoutAColumnList() {
    assertThat(
            sql.copyFromS3(
                "stage_events_enriched",
                stagingColumns(events),
                "s3://medallion-staging/load/7/events_enriched/",
                ROLE))
        .isEqualTo(
            """
            COPY stage_events_enriched
            FROM 's3://medallion-staging/load/7/events_enriched/'
            IAM_ROLE 'arn:aws:iam::123456789012:role/medallion-redshift-load'
            FORMAT AS PARQUET SERIALIZETOJSON""");
    assertThat(
            sql.copyFromS3(
                "stage_daily_event_metrics",
                stagingColumns(metrics),
                "s3://medallion-staging/load/7/daily_event_metrics/",
                ROLE))
        .isEqualTo(
            """
            COPY stage_daily_event_metrics
            FROM 's3://medallion-staging/load/7/daily_event_metrics/'
            IAM_ROLE 'arn:aws:iam::123456789012:role/medallion-redshift-load'
            FORMAT AS PARQUET SERIALIZETOJSON""");
  }

  @Test
  void refusesCopyArgumentsItCannotUse() {
    List<String> columns = stagingColumns(events);
    assertThatThrownBy(() -> sql.copyFromS3("stage", events.columnNames(), "s3://b/p/", ROLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maps columns by position")
        .hasMessageContaining("_op last");
    assertThatThrownBy(() -> sql.copyFromS3("stage", columns, "/tmp/p/", ROLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with s3://");
    assertThatThrownBy(() -> sql.copyFromS3("stage", columns, "s3://b/it's/", ROLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contains a quote");
    assertThatThrownBy(() -> sql.copyFromS3("stage", columns, "s3://b/p/", "medallion-load"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role ARN");
    assertThatThrownBy(() -> sql.copyFromS3("stage", List.of(), "s3://b/p/", ROLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no columns");
  }

  @Test
  void hasNoCopyFromStdin() {
    assertThatThrownBy(() -> sql.copyFromStdin("stage_events_enriched", stagingColumns(events)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("copyFromS3");
  }

  @Test
  void mergesEventsEnrichedByDeletingStagedKeysThenInsertingUpserts() {
    assertThat(sql.merge(events, "stage_events_enriched"))
        .containsExactly(
            """
            DELETE FROM analytics.events_enriched
            USING stage_events_enriched
            WHERE events_enriched.event_uuid = stage_events_enriched.event_uuid""",
            """
            INSERT INTO analytics.events_enriched (event_uuid, event_type, event_subtype, event_ts, user_id, transaction_id, device_id, value, attributes, is_late, user_name, user_email, country, signup_date, segment, amount, currency, transaction_status, transaction_ts, _ingest_run, _curated_at, event_date)
            SELECT event_uuid, event_type, event_subtype, event_ts, user_id, transaction_id, device_id, value, attributes, is_late, user_name, user_email, country, signup_date, segment, amount, currency, transaction_status, transaction_ts, _ingest_run, _curated_at, event_date
            FROM stage_events_enriched
            WHERE _op = 'U'""");
  }

  @Test
  void mergesDailyMetricsMatchingANullCountryToANullCountry() {
    assertThat(sql.merge(metrics, "stage_daily_event_metrics"))
        .containsExactly(
            """
            DELETE FROM analytics.daily_event_metrics
            USING stage_daily_event_metrics
            WHERE daily_event_metrics.event_date = stage_daily_event_metrics.event_date
              AND daily_event_metrics.event_type = stage_daily_event_metrics.event_type
              AND (daily_event_metrics.country = stage_daily_event_metrics.country OR (daily_event_metrics.country IS NULL AND stage_daily_event_metrics.country IS NULL))""",
            """
            INSERT INTO analytics.daily_event_metrics (event_type, country, events, distinct_users, value_sum, revenue, event_date)
            SELECT event_type, country, events, distinct_users, value_sum, revenue, event_date
            FROM stage_daily_event_metrics
            WHERE _op = 'U'""");
  }

  @Test
  void truncatesWithADeleteBecauseTruncateCommits() {
    assertThat(sql.truncate(events)).isEqualTo("DELETE FROM analytics.events_enriched");
    assertThat(sql.truncate(metrics)).isEqualTo("DELETE FROM analytics.daily_event_metrics");
  }

  @Test
  void keepsTheLoadStateInItsOwnTable() {
    assertThat(sql.createStateTable("analytics"))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS analytics._medallion_load_state (
              table_name VARCHAR(256) NOT NULL,
              delta_version BIGINT NOT NULL,
              rows_loaded BIGINT NOT NULL,
              loaded_at TIMESTAMPTZ NOT NULL,
              PRIMARY KEY (table_name)
            )""");
    assertThat(sql.lockState("analytics")).isEqualTo("LOCK TABLE analytics._medallion_load_state");
    assertThat(sql.selectState("analytics"))
        .isEqualTo(
            "SELECT delta_version FROM analytics._medallion_load_state WHERE table_name = ?");
    assertThat(sql.upsertState("analytics"))
        .containsExactly(
            "DELETE FROM analytics._medallion_load_state WHERE table_name = ?",
            """
            INSERT INTO analytics._medallion_load_state (table_name, delta_version, rows_loaded, loaded_at)
            VALUES (?, ?, ?, ?)""");
  }

  @Test
  void readsColumnTypesFromTheSameCatalogQuery() {
    assertThat(sql.selectColumns()).isEqualTo(new LoadSql(Dialect.POSTGRES).selectColumns());
  }

  @Test
  void dropsTheStagingTableByItsBareName() {
    assertThat(sql.dropStaging("stage_events_enriched"))
        .isEqualTo("DROP TABLE IF EXISTS stage_events_enriched");
  }
}
