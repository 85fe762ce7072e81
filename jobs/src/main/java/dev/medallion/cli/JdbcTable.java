package dev.medallion.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A warehouse query's answer as an aligned text table. */
final class JdbcTable {
  private JdbcTable() {}

  static void print(Connection connection, String sql, PrintStream out) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData meta = result.getMetaData();
      int n = meta.getColumnCount();
      String[] header = new String[n];
      for (int i = 0; i < n; i++) {
        header[i] = meta.getColumnLabel(i + 1);
      }
      rows.add(header);
      while (result.next()) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          String value = result.getString(i + 1);
          row[i] = value == null ? "NULL" : value;
        }
        rows.add(row);
      }
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        line.append(i == 0 ? "" : " | ")
            .append(String.format("%-" + width[i] + "s", rows.get(r)[i]));
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
      }
    }
    out.println("(" + (rows.size() - 1) + " rows)");
  }
}
