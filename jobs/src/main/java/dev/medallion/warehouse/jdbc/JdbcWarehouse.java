package dev.medallion.warehouse.jdbc;

import dev.medallion.warehouse.Warehouse;
import dev.medallion.warehouse.WarehouseColumn;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/** A {@link Warehouse} over a JDBC connection with auto-commit off (pgjdbc for {@code COPY}). */
public final class JdbcWarehouse implements Warehouse {
  private static final int COPY_BUFFER = 1 << 16;

  private final Connection connection;

  public JdbcWarehouse(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  @Override
  public void execute(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      statement.execute();
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  @Override
  public Optional<Long> queryLong(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  @Override
  public List<WarehouseColumn> columns(String sql, String schema, String table) {
    List<WarehouseColumn> columns = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql, schema, table);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        columns.add(new WarehouseColumn(rows.getString(1), rows.getString(2), true));
      }
      return columns;
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  @Override
  public long copyIn(String sql, Iterator<Row> rows, List<String> columns) {
    try {
      CopyIn copy = new CopyManager(connection.unwrap(BaseConnection.class)).copyIn(sql);
      try {
        StringBuilder buffer = new StringBuilder(COPY_BUFFER + 1024);
        while (rows.hasNext()) {
          CsvRows.append(buffer, rows.next(), columns.size());
          if (buffer.length() >= COPY_BUFFER) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
          }
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        return copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  @Override
  public void commit() {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw failed("COMMIT", e);
    }
  }

  @Override
  public void close() {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
        connection.close();
      }
    } catch (SQLException e) {
      // closing after a failure: the failure is what the caller reports
    }
  }

  private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  private static IllegalStateException failed(String sql, SQLException e) {
    String first = sql.strip().lines().findFirst().orElse(sql);
    return new IllegalStateException(
        "the warehouse refused '"
            + (first.length() > 120 ? first.substring(0, 120) + "..." : first)
            + "': "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + "). Nothing of this load was committed.",
        e);
  }
}
