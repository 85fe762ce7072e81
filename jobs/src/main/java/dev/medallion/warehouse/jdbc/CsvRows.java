package dev.medallion.warehouse.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * A row as one line of PostgreSQL's CSV {@code COPY} format: every value quoted (a quote doubled),
 * a null as nothing at all, so that an empty string and a null stay apart. Timestamps are ISO 8601
 * instants in UTC, maps are JSON objects with sorted keys.
 */
final class CsvRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CsvRows() {}

  static void append(StringBuilder out, Row row, int columns) {
    for (int i = 0; i < columns; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (row.isNullAt(i)) {
        continue;
      }
      String text = text(row.get(i));
      out.append('"');
      for (int c = 0; c < text.length(); c++) {
        char ch = text.charAt(c);
        if (ch == '"') {
          out.append('"');
        }
        out.append(ch);
      }
      out.append('"');
    }
    out.append('\n');
  }

  static String text(Object value) {
    if (value instanceof Timestamp t) {
      return DateTimeFormatter.ISO_INSTANT.format(t.toInstant());
    }
    if (value instanceof Instant t) {
      return DateTimeFormatter.ISO_INSTANT.format(t);
    }
    if (value instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof scala.collection.Map<?, ?> m) {
      return json(new TreeMap<>(scala.collection.JavaConverters.mapAsJavaMap(m)));
    }
    if (value instanceof Map<?, ?> m) {
      return json(new TreeMap<>(m));
    }
    return value.toString();
  }

  private static String json(Map<?, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a map as JSON: " + e.getMessage(), e);
    }
  }
}
