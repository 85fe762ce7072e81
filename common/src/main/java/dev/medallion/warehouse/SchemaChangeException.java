package dev.medallion.warehouse;

/**
 * An existing warehouse column has another type than the curated schema gives it, or a key column
 * is missing. The load never changes a column's type or a table's key itself: the message says what
 * to do instead.
 */
public final class SchemaChangeException extends RuntimeException {
  private final String table;
  private final String column;
  private final String warehouseType;
  private final String curatedType;

  SchemaChangeException(
      String table, String column, String warehouseType, String curatedType, String message) {
    super(message);
    this.table = table;
    this.column = column;
    this.warehouseType = warehouseType;
    this.curatedType = curatedType;
  }

  /** The column's name, e.g. {@code value}. */
  public String column() {
    return column;
  }

  /** The table's qualified name, e.g. {@code analytics.events_enriched}. */
  public String table() {
    return table;
  }

  /** The type the warehouse reports for the column, or null if the column is missing. */
  public String warehouseType() {
    return warehouseType;
  }

  /** The type the curated schema maps the column to, in the dialect's spelling. */
  public String curatedType() {
    return curatedType;
  }
}
