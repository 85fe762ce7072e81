package dev.medallion.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for a terminal: a header, a rule, rows; the first column left-aligned, the
 * others right-aligned (they hold numbers).
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header);
  }

  TextTable row(String... cells) {
    if (cells.length != rows.get(0).length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + rows.get(0).length + " columns");
    }
    rows.add(cells);
    return this;
  }

  /** The header, then the rows, as given. */
  List<String[]> rows() {
    return List.copyOf(rows);
  }

  String render() {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = rows.get(r)[i];
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(i == 0 ? cell + pad : pad + cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = width.length * 2 - 2;
        for (int w : width) {
          total += w;
        }
        out.append("-".repeat(total)).append('\n');
      }
    }
    return out.toString();
  }
}
