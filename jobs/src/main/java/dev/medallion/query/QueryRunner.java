package dev.medallion.query;

import static org.apache.spark.sql.functions.*;

import dev.medallion.config.LakeLocation;
import dev.medallion.lake.Lake;
import dev.medallion.validate.Rfc4180;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Runs Spark SQL over the lake's tables, named as in DESIGN ({@code cleansed.events}, ...). */
public final class QueryRunner {
  private final SparkSession spark;

  public QueryRunner(SparkSession spark) {
    this.spark = spark;
  }

  /** A file's SQL as one statement to run: without surrounding blanks and a trailing {@code ;}. */
  public static String statementOf(String text) {
    String trimmed = text.strip();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** Registers the lake's tables; returns their names. */
  public List<String> attach(LakeLocation lake) {
    return new Lake(spark, lake).registerTables();
  }

  /**
   * Runs {@code sql} and prints the result. TABLE prints at most {@code maxRows} rows and says when
   * it cut; CSV and JSON print every row, streamed.
   *
   * @return the number of rows printed
   */
  public long run(String sql, OutputFormat format, int maxRows, PrintStream out) {
    Dataset<Row> result = spark.sql(sql);
    return switch (format) {
      case TABLE -> printTable(asText(result), maxRows, out);
      case CSV -> printCsv(asText(result), out);
      case JSON -> printJson(result, out);
    };
  }

  /** Every column as text: timestamps in ISO-8601 UTC, nested values as JSON. */
  static Dataset<Row> asText(Dataset<Row> result) {
    // Columns by position: a join may well return two columns of the same name.
    String[] names = result.columns();
    String[] positional = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      positional[i] = "_c" + i;
    }
    Dataset<Row> renamed = result.toDF(positional);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      StructField f = renamed.schema().fields()[i];
      Column c = renamed.col(positional[i]);
      Column text;
      if (f.dataType() instanceof StructType
          || f.dataType() instanceof ArrayType
          || f.dataType() instanceof MapType) {
        text = to_json(c);
      } else if (f.dataType().equals(DataTypes.TimestampType)) {
        // The session is UTC; a whole second prints without a fraction.
        text = concat(regexp_replace(c.cast(DataTypes.StringType), " ", "T"), lit("Z"));
      } else {
        text = c.cast(DataTypes.StringType);
      }
      columns.add(text.as(names[i]));
    }
    return renamed.select(columns.toArray(Column[]::new));
  }

  private static long printTable(Dataset<Row> rows, int maxRows, PrintStream out) {
    String[] names = rows.columns();
    List<Row> taken = rows.limit(maxRows + 1).collectAsList();
    boolean cut = taken.size() > maxRows;
    List<Row> shown = cut ? taken.subList(0, maxRows) : taken;
    int[] widths = Arrays.stream(names).mapToInt(String::length).toArray();
    for (Row row : shown) {
      for (int i = 0; i < names.length; i++) {
        widths[i] = Math.max(widths[i], cell(row, i).length());
      }
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      line.append(i == 0 ? "" : " | ").append(pad(names[i], widths[i]));
    }
    out.println(line);
    line.setLength(0);
    for (int i = 0; i < names.length; i++) {
      line.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(line);
    for (Row row : shown) {
      line.setLength(0);
      for (int i = 0; i < names.length; i++) {
        line.append(i == 0 ? "" : " | ").append(pad(cell(row, i), widths[i]));
      }
      out.println(line);
    }
    out.println(
        "("
            + shown.size()
            + (shown.size() == 1 ? " row" : " rows")
            + (cut ? ", more not shown: raise --max-rows or use --format csv" : "")
            + ")");
    return shown.size();
  }

  private static String cell(Row row, int i) {
    if (row.isNullAt(i)) {
      return "NULL";
    }
    return row.getString(i).replace("\r", "\\r").replace("\n", "\\n");
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static long printCsv(Dataset<Row> rows, PrintStream out) {
    out.print(Rfc4180.format(Arrays.asList(rows.columns())) + "\r\n");
    long n = 0;
    for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
      Row row = it.next();
      List<String> values = new ArrayList<>(row.length());
      for (int i = 0; i < row.length(); i++) {
        values.add(row.isNullAt(i) ? "" : row.getString(i));
      }
      out.print(Rfc4180.format(values) + "\r\n");
      n++;
    }
    return n;
  }

  private static long printJson(Dataset<Row> rows, PrintStream out) {
    // The option goes with the call: a session setting would not reach tasks started lazily.
    Dataset<Row> lines =
        rows.select(to_json(struct(col("*")), java.util.Map.of("ignoreNullFields", "false")));
    long n = 0;
    for (Iterator<Row> it = lines.toLocalIterator(); it.hasNext(); ) {
      out.println(it.next().getString(0));
      n++;
    }
    return n;
  }
}
