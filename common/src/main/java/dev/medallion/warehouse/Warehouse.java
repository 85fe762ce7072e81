package dev.medallion.warehouse;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * The statements a load sends to its warehouse, inside one transaction that {@link #commit()} ends.
 * The JDBC implementation runs them; for Redshift, which cannot run here, a test records them and
 * checks the text.
 */
public interface Warehouse extends AutoCloseable {
  void execute(String sql);

  /** Runs a statement with JDBC parameters. */
  void execute(String sql, Object... parameters);

  /** The first column of the first row of a query, if there is a row. */
  Optional<Long> queryLong(String sql, Object... parameters);

  /** The columns a table has, by the query {@code sql} (parameters: schema, table). */
  List<WarehouseColumn> columns(String sql, String schema, String table);

  /**
   * Streams rows into the warehouse with {@code COPY ... FROM STDIN} (CSV), the rows' values in the
   * order of {@code columns}; returns the rows copied.
   */
  long copyIn(String sql, Iterator<Row> rows, List<String> columns);

  void commit();

  /** Ends the transaction without its changes; the connection is closed. */
  @Override
  void close();
}
