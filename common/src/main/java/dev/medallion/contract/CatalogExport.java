package dev.medallion.contract;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The lake's tables as the Glue Data Catalog sees them: {@code catalog/tables.json}, which
 * Terraform reads to create one Glue table per {@link LakeTable}. Built from {@link LakeTable} and
 * {@link Schemas#of}, the definitions the jobs write with, so the catalog cannot drift from the
 * code: {@code CatalogExportTest} fails when the checked-in file differs from {@link #json()}.
 *
 * <p>Per table: {@code database} and {@code zone} (the table's zone; the Glue database of that
 * name), {@code name}, {@code path} (the table's directory inside its zone's bucket, {@code
 * s3://<prefix>-<zone>/<path>}), {@code columns} (the schema without the partition columns, in
 * schema order) and {@code partition_keys} (in partition order), each column with {@code name},
 * {@code type} (Hive/Glue type spelling) and, when the schema has one, {@code comment}.
 */
public final class CatalogExport {
  private CatalogExport() {}

  /** The command that rewrites the checked-in file; the file names it. */
  public static final String REGENERATE =
      "./mvnw -q -B test -pl common -Dtest=CatalogExportTest -Dcatalog.update=true";

  /** One column of a Glue table. */
  public record Column(String name, String type, String comment) {}

  /** One Glue table. */
  public record Table(
      String database,
      String name,
      String zone,
      String path,
      List<Column> columns,
      List<Column> partitionKeys) {}

  /** Every lake table, in {@link LakeTable} order. */
  public static List<Table> tables() {
    List<Table> tables = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      tables.add(table(table));
    }
    return tables;
  }

  /** The Glue table of one lake table. */
  public static Table table(LakeTable table) {
    StructType schema = Schemas.of(table);
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!table.partitionColumns().contains(field.name())) {
        columns.add(column(table, field));
      }
    }
    List<Column> partitionKeys = new ArrayList<>();
    for (String partition : table.partitionColumns()) {
      StructField field = find(table, schema, partition);
      partitionKeys.add(column(table, field));
    }
    return new Table(
        table.zone(),
        table.tableName(),
        table.zone(),
        table.tableName(),
        List.copyOf(columns),
        List.copyOf(partitionKeys));
  }

  /**
   * The text of {@code catalog/tables.json}: two-space indented, one column a line, newline-ended.
   */
  public static String json() {
    StringBuilder out = new StringBuilder();
    out.append("{\n");
    out.append("  \"generated_by\": ")
        .append(quote(CatalogExport.class.getName() + " (regenerate: " + REGENERATE + ")"))
        .append(",\n");
    out.append("  \"tables\": [\n");
    List<Table> tables = tables();
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      out.append("    {\n");
      out.append("      \"database\": ").append(quote(t.database())).append(",\n");
      out.append("      \"name\": ").append(quote(t.name())).append(",\n");
      out.append("      \"zone\": ").append(quote(t.zone())).append(",\n");
      out.append("      \"path\": ").append(quote(t.path())).append(",\n");
      out.append("      \"columns\": ");
      appendColumns(out, t.columns());
      out.append(",\n");
      out.append("      \"partition_keys\": ");
      appendColumns(out, t.partitionKeys());
      out.append("\n");
      out.append(i + 1 < tables.size() ? "    },\n" : "    }\n");
    }
    out.append("  ]\n");
    out.append("}\n");
    return out.toString();
  }

  /**
   * The Hive type name Glue and Athena use for a Spark type, e.g. {@code bigint}, {@code
   * decimal(18,2)}, {@code map<string,string>}.
   *
   * @throws IllegalArgumentException for a type the catalog cannot spell (e.g. {@code
   *     timestamp_ntz}, intervals)
   */
  public static String hiveType(DataType type) {
    if (type instanceof StringType) {
      return "string";
    } else if (type instanceof LongType) {
      return "bigint";
    } else if (type instanceof IntegerType) {
      return "int";
    } else if (type instanceof ShortType) {
      return "smallint";
    } else if (type instanceof ByteType) {
      return "tinyint";
    } else if (type instanceof DoubleType) {
      return "double";
    } else if (type instanceof FloatType) {
      return "float";
    } else if (type instanceof BooleanType) {
      return "boolean";
    } else if (type instanceof TimestampType) {
      return "timestamp";
    } else if (type instanceof DateType) {
      return "date";
    } else if (type instanceof BinaryType) {
      return "binary";
    } else if (type instanceof DecimalType decimal) {
      return "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
    } else if (type instanceof ArrayType array) {
      return "array<" + hiveType(array.elementType()) + ">";
    } else if (type instanceof MapType map) {
      return "map<" + hiveType(map.keyType()) + "," + hiveType(map.valueType()) + ">";
    } else if (type instanceof StructType struct) {
      List<String> fields = new ArrayList<>();
      for (StructField field : struct.fields()) {
        fields.add(field.name() + ":" + hiveType(field.dataType()));
      }
      return "struct<" + String.join(",", fields) + ">";
    }
    throw new IllegalArgumentException(
        "the Glue Data Catalog has no type for Spark's " + type.simpleString());
  }

  private static Column column(LakeTable table, StructField field) {
    String type;
    try {
      type = hiveType(field.dataType());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          table.qualifiedName() + "." + field.name() + ": " + e.getMessage(), e);
    }
    String comment = field.getComment().isDefined() ? field.getComment().get() : null;
    return new Column(field.name(), type, comment);
  }

  private static StructField find(LakeTable table, StructType schema, String name) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    throw new IllegalStateException(
        table.qualifiedName() + " is partitioned by " + name + ", which its schema does not have");
  }

  private static void appendColumns(StringBuilder out, List<Column> columns) {
    if (columns.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append("[\n");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      out.append("        {\"name\": ")
          .append(quote(c.name()))
          .append(", \"type\": ")
          .append(quote(c.type()));
      if (c.comment() != null) {
        out.append(", \"comment\": ").append(quote(c.comment()));
      }
      out.append(i + 1 < columns.size() ? "},\n" : "}\n");
    }
    out.append("      ]");
  }

  /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
