package dev.medallion.load;

import dev.medallion.warehouse.Warehouse;
import dev.medallion.warehouse.WarehouseColumn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * A warehouse that cannot run here (Redshift), as the load sees it: it records every statement and
 * answers the two questions a load asks (the state: nothing loaded yet; a table's columns: the ones
 * it was created with).
 */
public final class RecordingWarehouse implements Warehouse {
  public final List<String> statements = new ArrayList<>();
  public boolean committed;
  private final Map<String, List<WarehouseColumn>> tables;

  public RecordingWarehouse(Map<String, List<WarehouseColumn>> tables) {
    this.tables = tables;
  }

  @Override
  public void execute(String sql) {
    statements.add(sql);
  }

  @Override
  public void execute(String sql, Object... parameters) {
    statements.add(sql + " -- " + List.of(parameters).subList(0, Math.min(2, parameters.length)));
  }

  @Override
  public Optional<Long> queryLong(String sql, Object... parameters) {
    statements.add(sql + " -- " + List.of(parameters));
    return Optional.empty();
  }

  @Override
  public List<WarehouseColumn> columns(String sql, String schema, String table) {
    return tables.getOrDefault(table, List.of());
  }

  @Override
  public long copyIn(String sql, Iterator<Row> rows, List<String> columns) {
    throw new UnsupportedOperationException("Redshift loads from S3, not from STDIN");
  }

  @Override
  public void commit() {
    committed = true;
  }

  @Override
  public void close() {}
}
