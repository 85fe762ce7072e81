package dev.medallion.warehouse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A target table: its schema, its name, its columns in the curated schema's order, and the names of
 * its key columns. A key column may be nullable ({@code country} of the daily metrics): a NULL is
 * then a key value of its own, and the generated SQL compares keys so that NULL matches NULL.
 */
public record WarehouseTable(
    String schema, String name, List<WarehouseColumn> columns, List<String> key) {

  public WarehouseTable {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    String table = schema + "." + name;
    if (schema.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("a warehouse table needs a schema and a name: " + table);
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(table + " has no columns");
    }
    Set<String> names = new HashSet<>();
    for (WarehouseColumn c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(table + " has two columns named " + c.name());
      }
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          table + " has no key: the load merges on the key, so name at least one key column");
    }
    if (new HashSet<>(key).size() != key.size()) {
      throw new IllegalArgumentException(table + " names a key column twice: " + key);
    }
    for (String k : key) {
      if (!names.contains(k)) {
        throw new IllegalArgumentException(
            table + " has no column " + k + " for its key " + key + "; its columns are " + names);
      }
    }
  }

  /**
   * The table as {@code dialect} stores a curated table of schema {@code sparkSchema}, with the
   * types of {@link LoadSql#mapType}; nullability follows the Spark schema.
   *
   * @throws IllegalArgumentException naming the column, if a column's Spark type has no mapping
   */
  public static WarehouseTable of(
      Dialect dialect, String schema, String name, StructType sparkSchema, List<String> key) {
    LoadSql sql = new LoadSql(dialect);
    List<WarehouseColumn> columns = new ArrayList<>();
    for (StructField f : sparkSchema.fields()) {
      String type = sql.mapType(f.dataType(), schema + "." + name + "." + f.name());
      columns.add(new WarehouseColumn(f.name(), type, f.nullable()));
    }
    return new WarehouseTable(schema, name, columns, key);
  }

  /**
   * {@code schema.name} as SQL text, e.g. {@code analytics.events_enriched}; each part is
   * double-quoted only if it must be (not lower-case snake case, or a reserved word).
   */
  public String qualifiedName() {
    return Identifiers.quote(schema) + "." + Identifiers.quote(name);
  }

  /** The column names, in order, unquoted. */
  public List<String> columnNames() {
    return columns.stream().map(WarehouseColumn::name).toList();
  }

  /** The key columns, in the key's order. */
  List<WarehouseColumn> keyColumns() {
    return key.stream()
        .map(k -> columns.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow())
        .toList();
  }

  /** The columns that are not part of the key, in order. */
  List<WarehouseColumn> valueColumns() {
    return columns.stream().filter(c -> !key.contains(c.name())).toList();
  }
}
