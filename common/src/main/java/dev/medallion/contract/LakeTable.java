package dev.medallion.contract;

import java.util.List;

/**
 * Every table of the lake, with the zone and name of DESIGN section 3 (the fixed output contract)
 * and its partition columns. A table lives at {@code <lake>/<zone>/<name>}; its SQL name is {@code
 * <zone>.<name>}.
 */
public enum LakeTable {
  RAW_EVENTS("raw", "events", List.of(Columns.INGEST_DATE)),
  CLEANSED_EVENTS("cleansed", "events", List.of(Columns.EVENT_DATE)),
  CLEANSED_USERS("cleansed", "users", List.of()),
  CLEANSED_TRANSACTIONS("cleansed", "transactions", List.of(Columns.TRANSACTION_DATE)),
  QUARANTINE_RECORDS("quarantine", "records", List.of(Columns.INGEST_DATE)),
  CURATED_EVENTS_ENRICHED(
      "curated", "events_enriched", List.of(Columns.EVENT_DATE, Columns.EVENT_TYPE)),
  CURATED_DAILY_EVENT_METRICS("curated", "daily_event_metrics", List.of(Columns.EVENT_DATE));

  private final String zone;
  private final String tableName;
  private final List<String> partitionColumns;

  LakeTable(String zone, String tableName, List<String> partitionColumns) {
    this.zone = zone;
    this.tableName = tableName;
    this.partitionColumns = partitionColumns;
  }

  public String zone() {
    return zone;
  }

  public String tableName() {
    return tableName;
  }

  /** The name used in SQL, e.g. {@code cleansed.events}. */
  public String qualifiedName() {
    return zone + "." + tableName;
  }

  /** The path below the lake root, e.g. {@code cleansed/events}. */
  public String relativePath() {
    return zone + "/" + tableName;
  }

  public List<String> partitionColumns() {
    return partitionColumns;
  }
}
