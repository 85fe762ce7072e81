package dev.medallion.warehouse;

import static dev.medallion.contract.Columns.COUNTRY;
import static dev.medallion.contract.Columns.EVENT_DATE;
import static dev.medallion.contract.Columns.EVENT_TYPE;
import static dev.medallion.contract.Columns.EVENT_UUID;

import dev.medallion.contract.Schemas;
import java.util.ArrayList;
import java.util.List;

/** The two curated tables as the warehouse load targets them, in schema {@code analytics}. */
final class CuratedTables {
  private CuratedTables() {}

  static WarehouseTable eventsEnriched(Dialect dialect) {
    return WarehouseTable.of(
        dialect, "analytics", "events_enriched", Schemas.EVENTS_ENRICHED, List.of(EVENT_UUID));
  }

  /** Keyed by (event_date, event_type, country); country is nullable. */
  static WarehouseTable dailyEventMetrics(Dialect dialect) {
    return WarehouseTable.of(
        dialect,
        "analytics",
        "daily_event_metrics",
        Schemas.DAILY_EVENT_METRICS,
        List.of(EVENT_DATE, EVENT_TYPE, COUNTRY));
  }

  /** The staging table's columns: the table's, then _op. */
  static List<String> stagingColumns(WarehouseTable t) {
    List<String> columns = new ArrayList<>(t.columnNames());
    columns.add(LoadSql.OP);
    return columns;
  }
}
