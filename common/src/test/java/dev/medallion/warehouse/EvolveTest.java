package dev.medallion.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution: the warehouse columns are given as {@link LoadSql#selectColumns} reports them
 * (format_type spellings, which on Redshift differ from the DDL's).
 */
class EvolveTest {
  private final LoadSql pg = new LoadSql(Dialect.POSTGRES);
  private final LoadSql redshift = new LoadSql(Dialect.REDSHIFT);
  private final WarehouseTable metricsPg = CuratedTables.dailyEventMetrics(Dialect.POSTGRES);
  private final WarehouseTable metricsRedshift = CuratedTables.dailyEventMetrics(Dialect.REDSHIFT);

  /** analytics.daily_event_metrics as PostgreSQL's catalog reports it. */
  private static List<WarehouseColumn> metricsInPostgres() {
    return List.of(
        new WarehouseColumn("event_type", "text", false),
        new WarehouseColumn("country", "text", true),
        new WarehouseColumn("events", "bigint", false),
        new WarehouseColumn("distinct_users", "bigint", false),
        new WarehouseColumn("value_sum", "double precision", false),
        new WarehouseColumn("revenue", "numeric(38,2)", false),
        new WarehouseColumn("event_date", "date", false));
  }

  /** analytics.daily_event_metrics as Redshift's catalog reports it. */
  private static List<WarehouseColumn> metricsInRedshift() {
    return List.of(
        new WarehouseColumn("event_type", "character varying(65535)", false),
        new WarehouseColumn("country", "character varying(65535)", true),
        new WarehouseColumn("events", "bigint", false),
        new WarehouseColumn("distinct_users", "bigint", false),
        new WarehouseColumn("value_sum", "double precision", false),
        new WarehouseColumn("revenue", "numeric(38,2)", false),
        new WarehouseColumn("event_date", "date", false));
  }

  private static List<WarehouseColumn> without(List<WarehouseColumn> columns, String... names) {
    List<WarehouseColumn> kept = new ArrayList<>(columns);
    kept.removeIf(c -> List.of(names).contains(c.name()));
    return kept;
  }

  private static List<WarehouseColumn> with(List<WarehouseColumn> columns, WarehouseColumn c) {
    List<WarehouseColumn> all = new ArrayList<>(columns);
    all.add(c);
    return all;
  }

  @Test
  void changesNothingWhenTheTypesAreTheSame() {
    assertThat(pg.evolve(metricsPg, metricsInPostgres())).isEmpty();
    assertThat(redshift.evolve(metricsRedshift, metricsInRedshift())).isEmpty();
  }

  @Test
  void takesRedshiftsDdlSpellingAsTheSameTypeAsItsCatalogs() {
    List<WarehouseColumn> asDeclared =
        metricsRedshift.columns().stream()
            .map(c -> new WarehouseColumn(c.name(), c.type(), c.nullable()))
            .toList();
    assertThat(redshift.evolve(metricsRedshift, asDeclared)).isEmpty();
    WarehouseTable events = CuratedTables.eventsEnriched(Dialect.REDSHIFT);
    List<WarehouseColumn> catalog =
        events.columns().stream()
            .map(
                c ->
                    new WarehouseColumn(
                        c.name(),
                        switch (c.type()) {
                          case "VARCHAR(65535)" -> "character varying(65535)";
                          case "TIMESTAMPTZ" -> "timestamp with time zone";
                          case "DECIMAL(18,2)" -> "numeric(18,2)";
                          default -> c.type().toLowerCase(java.util.Locale.ROOT);
                        },
                        c.nullable()))
            .toList();
    assertThat(catalog).extracting(WarehouseColumn::type).contains("super", "boolean", "date");
    assertThat(redshift.evolve(events, catalog)).isEmpty();
  }

  @Test
  void addsEachMissingColumnAsNullableInItsOwnStatement() {
    assertThat(pg.evolve(metricsPg, without(metricsInPostgres(), "distinct_users", "revenue")))
        .containsExactly(
            "ALTER TABLE analytics.daily_event_metrics ADD COLUMN distinct_users bigint",
            "ALTER TABLE analytics.daily_event_metrics ADD COLUMN revenue numeric(38,2)");
    assertThat(redshift.evolve(metricsRedshift, without(metricsInRedshift(), "value_sum")))
        .containsExactly(
            "ALTER TABLE analytics.daily_event_metrics ADD COLUMN value_sum DOUBLE PRECISION");
  }

  @Test
  void leavesAWarehouseColumnThatCuratedDoesNotHaveAlone() {
    List<WarehouseColumn> extra =
        with(metricsInPostgres(), new WarehouseColumn("note", "text", true));
    assertThat(pg.evolve(metricsPg, extra)).isEmpty();
    assertThat(pg.evolve(metricsPg, without(extra, "events")))
        .containsExactly("ALTER TABLE analytics.daily_event_metrics ADD COLUMN events bigint");
  }

  @Test
  void refusesATypeChangeNamingTheColumnAndBothTypes() {
    List<WarehouseColumn> changed = new ArrayList<>(metricsInPostgres());
    changed.set(4, new WarehouseColumn("value_sum", "numeric(20,4)", false));
    changed.removeIf(c -> c.name().equals("revenue"));
    assertThatThrownBy(() -> pg.evolve(metricsPg, changed))
        .isInstanceOfSatisfying(
            SchemaChangeException.class,
            e -> {
              assertThat(e.column()).isEqualTo("value_sum");
              assertThat(e.table()).isEqualTo("analytics.daily_event_metrics");
              assertThat(e.warehouseType()).isEqualTo("numeric(20,4)");
              assertThat(e.curatedType()).isEqualTo("double precision");
            })
        .hasMessage(
            "Column analytics.daily_event_metrics.value_sum is numeric(20,4) in the warehouse,"
                + " but the curated schema makes it double precision. The load does not change a"
                + " column's type itself. Change the warehouse column to the curated type (ALTER"
                + " TABLE analytics.daily_event_metrics ALTER COLUMN value_sum TYPE double"
                + " precision USING value_sum::double precision), or drop the table and run a"
                + " full reload, which creates it again.");
  }

  @Test
  void refusesATypeChangeOnRedshiftWithRedshiftsWayOut() {
    List<WarehouseColumn> changed = new ArrayList<>(metricsInRedshift());
    changed.set(1, new WarehouseColumn("country", "character varying(256)", true));
    assertThatThrownBy(() -> redshift.evolve(metricsRedshift, changed))
        .isInstanceOfSatisfying(
            SchemaChangeException.class, e -> assertThat(e.column()).isEqualTo("country"))
        .hasMessageStartingWith(
            "Column analytics.daily_event_metrics.country is character varying(256) in the"
                + " warehouse, but the curated schema makes it VARCHAR(65535).")
        .hasMessageContaining("only to widen a VARCHAR");
  }

  @Test
  void refusesAMissingKeyColumn() {
    assertThatThrownBy(() -> pg.evolve(metricsPg, without(metricsInPostgres(), "country")))
        .isInstanceOfSatisfying(
            SchemaChangeException.class,
            e -> {
              assertThat(e.column()).isEqualTo("country");
              assertThat(e.warehouseType()).isNull();
            })
        .hasMessageContaining("Key column analytics.daily_event_metrics.country is missing")
        .hasMessageContaining("drop analytics.daily_event_metrics and run a full reload");
  }

  @Test
  void refusesATableThatDoesNotExist() {
    assertThatThrownBy(() -> pg.evolve(metricsPg, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void spellsEachTypeOneWay() {
    assertThat(TypeSpelling.canonical("VARCHAR(65535)")).isEqualTo("character varying(65535)");
    assertThat(TypeSpelling.canonical("varchar(max)")).isEqualTo("character varying(65535)");
    assertThat(TypeSpelling.canonical("TIMESTAMPTZ")).isEqualTo("timestamp with time zone");
    assertThat(TypeSpelling.canonical("timestamp")).isEqualTo("timestamp without time zone");
    assertThat(TypeSpelling.canonical("DECIMAL(18, 2)")).isEqualTo("numeric(18,2)");
    assertThat(TypeSpelling.canonical("Double  Precision")).isEqualTo("double precision");
    assertThat(TypeSpelling.canonical("int8")).isEqualTo("bigint");
    assertThat(TypeSpelling.canonical("SUPER")).isEqualTo("super");
    assertThat(TypeSpelling.canonical("numeric(18,2)"))
        .isNotEqualTo(TypeSpelling.canonical("numeric(38,2)"));
  }
}
