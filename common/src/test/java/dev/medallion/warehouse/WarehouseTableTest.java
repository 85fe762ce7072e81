package dev.medallion.warehouse;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.contract.Schemas;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WarehouseTableTest {

  @Test
  void keepsTheCuratedColumnOrderAndNullability() {
    WarehouseTable metrics = CuratedTables.dailyEventMetrics(Dialect.POSTGRES);
    assertThat(metrics.qualifiedName()).isEqualTo("analytics.daily_event_metrics");
    assertThat(metrics.columnNames())
        .containsExactly(
            "event_type",
            "country",
            "events",
            "distinct_users",
            "value_sum",
            "revenue",
            "event_date");
    assertThat(metrics.columns())
        .contains(
            new WarehouseColumn("country", "text", true),
            new WarehouseColumn("revenue", "numeric(38,2)", false));
    assertThat(metrics.key()).containsExactly("event_date", "event_type", "country");
    assertThat(CuratedTables.eventsEnriched(Dialect.REDSHIFT).columnNames())
        .isEqualTo(List.of(Schemas.EVENTS_ENRICHED.fieldNames()));
  }

  @Test
  void quotesOnlyNamesThatNeedIt() {
    assertThat(Identifiers.quote("events_enriched")).isEqualTo("events_enriched");
    assertThat(Identifiers.quote("_op")).isEqualTo("_op");
    assertThat(Identifiers.quote("value")).isEqualTo("value");
    assertThat(Identifiers.quote("user")).isEqualTo("\"user\"");
    assertThat(Identifiers.quote("order")).isEqualTo("\"order\"");
    assertThat(Identifiers.quote("timestamp"))
        .as("reserved in Redshift")
        .isEqualTo("\"timestamp\"");
    assertThat(Identifiers.quote("Country")).isEqualTo("\"Country\"");
    assertThat(Identifiers.quote("2fa")).isEqualTo("\"2fa\"");
    assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
  }

  @Test
  void quotesReservedNamesEverywhereTheyAppear() {
    StructType schema =
        createStructType(
            List.of(
                createStructField("user", StringType, false),
                createStructField("order", LongType, true)));
    WarehouseTable t =
        WarehouseTable.of(Dialect.POSTGRES, "Sales", "table", schema, List.of("user"));
    assertThat(t.qualifiedName()).isEqualTo("\"Sales\".\"table\"");
    LoadSql sql = new LoadSql(Dialect.POSTGRES);
    assertThat(sql.createTable(t))
        .isEqualTo(
            """
            CREATE TABLE IF NOT EXISTS "Sales"."table" (
              "user" text NOT NULL,
              "order" bigint,
              PRIMARY KEY ("user")
            )""");
    assertThat(sql.merge(t, "stage"))
        .containsExactly(
            """
            MERGE INTO "Sales"."table" AS t
            USING stage AS s
            ON t."user" = s."user"
            WHEN MATCHED AND s._op = 'D' THEN
              DELETE
            WHEN MATCHED THEN
              UPDATE SET
                "order" = s."order"
            WHEN NOT MATCHED AND s._op = 'U' THEN
              INSERT ("user", "order")
              VALUES (s."user", s."order")""");
    assertThat(new LoadSql(Dialect.REDSHIFT).merge(t, "stage").get(0))
        .isEqualTo(
            """
            DELETE FROM "Sales"."table"
            USING stage
            WHERE "table"."user" = stage."user\"""");
  }

  @Test
  void mergesATableOfKeysOnlyWithoutAnUpdate() {
    StructType schema = createStructType(List.of(createStructField("id", StringType, false)));
    WarehouseTable t =
        WarehouseTable.of(Dialect.POSTGRES, "analytics", "ids", schema, List.of("id"));
    assertThat(new LoadSql(Dialect.POSTGRES).merge(t, "stage").get(0))
        .contains("WHEN MATCHED THEN\n  DO NOTHING\n")
        .doesNotContain("UPDATE");
  }

  @Test
  void refusesATableItCannotMergeOn() {
    List<WarehouseColumn> columns =
        List.of(new WarehouseColumn("id", "text", false), new WarehouseColumn("v", "text", true));
    assertThatThrownBy(() -> new WarehouseTable("analytics", "t", columns, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytics.t has no key");
    assertThatThrownBy(() -> new WarehouseTable("analytics", "t", columns, List.of("uuid")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytics.t has no column uuid for its key [uuid]");
    assertThatThrownBy(() -> new WarehouseTable("analytics", "t", columns, List.of("id", "id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names a key column twice");
    assertThatThrownBy(
            () ->
                new WarehouseTable(
                    "analytics",
                    "t",
                    List.of(columns.get(0), new WarehouseColumn("id", "bigint", true)),
                    List.of("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two columns named id");
    assertThatThrownBy(() -> new WarehouseTable("analytics", "t", List.of(), List.of("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no columns");
  }
}
