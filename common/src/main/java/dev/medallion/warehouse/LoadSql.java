package dev.medallion.warehouse;

import static dev.medallion.warehouse.Identifiers.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.ArrayType;
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
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Every SQL statement the warehouse load issues, for one dialect. Pure: names and schemas in, SQL
 * text out; no connection, no Spark session.
 *
 * <p>A load runs, in one transaction: {@link #lockState}, {@link #selectState}, {@link
 * #createStaging}, {@link #copyFromStdin} (PostgreSQL) or {@link #copyFromS3} (Redshift), {@link
 * #merge} (or, for a full reload, {@link #truncate} first), {@link #upsertState}; then commit.
 * {@link #createSchema}, {@link #createTable}, {@link #createStateTable} and {@link #evolve} (fed
 * by {@link #selectColumns}) prepare the tables before it. docs/warehouse.md has the whole
 * sequence.
 *
 * <p>Columns are always listed by name (in INSERT, COPY to PostgreSQL, MERGE); the one place where
 * position counts is Redshift's COPY from Parquet, which has no column list (see {@link
 * #copyFromS3}). Identifiers are bare lower-case snake case and double-quoted only if they must be
 * (not of that shape, or a reserved word in either dialect).
 */
public final class LoadSql {
  /** Staging-only column: {@code 'U'} to upsert the row, {@code 'D'} to delete its key. */
  public static final String OP = "_op";

  /** The load-state table, in the target schema: the Delta version each table was loaded to. */
  public static final String STATE_TABLE = "_medallion_load_state";

  /** Redshift's DECIMAL: at most 38 digits, at most 37 after the point. */
  static final int REDSHIFT_MAX_PRECISION = 38;

  static final int REDSHIFT_MAX_SCALE = 37;

  private final Dialect dialect;

  public LoadSql(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * The warehouse type of a Spark type (docs/warehouse.md, "Type mapping"). PostgreSQL types are
   * spelled as its {@code format_type} reports them, so a comparison with the catalog is exact;
   * Redshift types as Redshift's documentation writes them ({@link #evolve} compares the two
   * spellings of a type as equal).
   *
   * @throws IllegalArgumentException for a type with no mapping (binary, timestamp_ntz, interval,
   *     ...), and on Redshift for a decimal beyond 38 digits or 37 decimal places
   */
  public String mapType(DataType sparkType) {
    return mapType(sparkType, null);
  }

  String mapType(DataType type, String column) {
    Objects.requireNonNull(type, "sparkType");
    boolean pg = dialect == Dialect.POSTGRES;
    if (type instanceof StringType) {
      // Redshift's TEXT is VARCHAR(256); 65535 bytes is its widest VARCHAR.
      return pg ? "text" : "VARCHAR(65535)";
    } else if (type instanceof LongType) {
      return pg ? "bigint" : "BIGINT";
    } else if (type instanceof IntegerType) {
      return pg ? "integer" : "INTEGER";
    } else if (type instanceof ShortType || type instanceof ByteType) {
      return pg ? "smallint" : "SMALLINT";
    } else if (type instanceof DoubleType) {
      return pg ? "double precision" : "DOUBLE PRECISION";
    } else if (type instanceof FloatType) {
      return pg ? "real" : "REAL";
    } else if (type instanceof BooleanType) {
      return pg ? "boolean" : "BOOLEAN";
    } else if (type instanceof TimestampType) {
      return pg ? "timestamp with time zone" : "TIMESTAMPTZ";
    } else if (type instanceof DateType) {
      return pg ? "date" : "DATE";
    } else if (type instanceof DecimalType d) {
      if (pg) {
        return "numeric(" + d.precision() + "," + d.scale() + ")";
      }
      if (d.precision() > REDSHIFT_MAX_PRECISION || d.scale() > REDSHIFT_MAX_SCALE) {
        throw new IllegalArgumentException(
            where(column)
                + "Spark type "
                + d.simpleString()
                + " does not fit Redshift's DECIMAL, which holds at most "
                + REDSHIFT_MAX_PRECISION
                + " digits with at most "
                + REDSHIFT_MAX_SCALE
                + " after the point: give the curated column a narrower decimal type");
      }
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    } else if (type instanceof MapType || type instanceof ArrayType || type instanceof StructType) {
      return pg ? "jsonb" : "SUPER";
    }
    throw new IllegalArgumentException(
        where(column)
            + "Spark type "
            + type.simpleString()
            + " has no "
            + dialectName()
            + " type in the load's mapping (docs/warehouse.md, \"Type mapping\"): give the"
            + " curated column a mapped type, or add a mapping to LoadSql.mapType");
  }

  /** {@code CREATE SCHEMA IF NOT EXISTS schema}. */
  public String createSchema(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  /**
   * The target table, if it does not exist: curated NOT NULL columns are NOT NULL, and the key is
   * the PRIMARY KEY. A key with a nullable column cannot be a primary key (a PRIMARY KEY column is
   * NOT NULL): on PostgreSQL it is then {@code UNIQUE NULLS NOT DISTINCT}, which treats NULL as one
   * value; on Redshift, where constraints are informational only, a plain {@code UNIQUE}.
   */
  public String createTable(WarehouseTable t) {
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE TABLE IF NOT EXISTS ").append(t.qualifiedName()).append(" (\n");
    for (WarehouseColumn c : t.columns()) {
      sql.append("  ").append(quote(c.name())).append(' ').append(c.type());
      sql.append(c.nullable() ? "" : " NOT NULL").append(",\n");
    }
    boolean nullableKey = t.keyColumns().stream().anyMatch(WarehouseColumn::nullable);
    String constraint =
        !nullableKey
            ? "PRIMARY KEY"
            : dialect == Dialect.POSTGRES ? "UNIQUE NULLS NOT DISTINCT" : "UNIQUE";
    sql.append("  ").append(constraint).append(" (").append(list(t.key())).append(")\n)");
    return sql.toString();
  }

  /**
   * A temporary staging table: {@code t}'s columns in order, every one nullable (a delete needs
   * only its key), then {@link #OP} {@code CHAR(1)}. On PostgreSQL it is dropped at commit ({@code
   * ON COMMIT DROP}); Redshift has no ON COMMIT clause and keeps a temporary table until the
   * session ends, so a loader that reuses its connection runs {@link #dropStaging} at the end of
   * each load.
   *
   * @param staging a bare table name (temporary tables take no schema), not {@code t}'s name
   */
  public String createStaging(WarehouseTable t, String staging) {
    checkStaging(t, staging);
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE TEMP TABLE ").append(quote(staging)).append(" (\n");
    for (WarehouseColumn c : t.columns()) {
      sql.append("  ").append(quote(c.name())).append(' ').append(c.type()).append(",\n");
    }
    sql.append("  ").append(OP).append(dialect == Dialect.POSTGRES ? " char(1)\n)" : " CHAR(1)\n)");
    if (dialect == Dialect.POSTGRES) {
      sql.append(" ON COMMIT DROP");
    }
    return sql.toString();
  }

  /**
   * Drops the staging table if it is still there. PostgreSQL drops it at commit anyway; on Redshift
   * it lives until the session ends, and a second {@link #createStaging} of the same name in that
   * session would fail. On PostgreSQL the name is qualified with {@code pg_temp}, so that it can
   * only ever drop a temporary table; Redshift has no such qualifier, so give staging tables a name
   * no permanent table has (e.g. {@code _medallion_stage_events_enriched}).
   */
  public String dropStaging(String staging) {
    return "DROP TABLE IF EXISTS "
        + (dialect == Dialect.POSTGRES ? "pg_temp." : "")
        + quote(requireName("staging", staging));
  }

  /**
   * PostgreSQL: stream rows into the staging table, columns listed by name (normally {@code
   * t.columnNames()} and then {@link #OP}). The loader writes CSV to match:
   *
   * <ul>
   *   <li>UTF-8, one record per row, fields in the order of {@code columns}, separated by {@code
   *       ,}, records ended by {@code \n}; no header line.
   *   <li>NULL is an empty field with no quotes. Every other value is quoted with {@code "}, and a
   *       {@code "} inside it is doubled; so {@code ""} is the empty string, never NULL. Quoted
   *       values may span lines.
   *   <li>Values as PostgreSQL reads them: timestamps ISO-8601 with an offset ({@code
   *       2024-05-01T10:00:00.123456Z}), dates {@code yyyy-MM-dd}, booleans {@code true}/{@code
   *       false}, decimals in plain notation ({@code BigDecimal.toPlainString}), doubles as Java
   *       prints them, maps, arrays and structs as JSON text (for jsonb), and {@code U} or {@code
   *       D} for {@link #OP}.
   * </ul>
   *
   * @throws UnsupportedOperationException on Redshift, which has no COPY FROM STDIN
   */
  public String copyFromStdin(String staging, List<String> columns) {
    return copyStdin(quote(requireName("staging", staging)), requireColumns(columns));
  }

  /**
   * PostgreSQL: stream rows straight into the target table, in the CSV format of {@link
   * #copyFromStdin(String, List)}, with the table's columns in order (no {@link #OP}). For a load
   * that replaces the whole table inside its transaction ({@link #truncate} first): no staging
   * table and no merge, since every row is new.
   */
  public String copyFromStdin(WarehouseTable t) {
    return copyStdin(t.qualifiedName(), t.columnNames());
  }

  private String copyStdin(String table, List<String> columns) {
    if (dialect != Dialect.POSTGRES) {
      throw new UnsupportedOperationException(
          "Redshift has no COPY FROM STDIN: stage the rows as Parquet on S3 and use copyFromS3");
    }
    return "COPY "
        + table
        + " ("
        + list(columns)
        + ")\nFROM STDIN WITH (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"',"
        + " NULL '', ENCODING 'UTF8')";
  }

  /**
   * Redshift: load the staging table from Parquet files on S3. COPY from Parquet takes no column
   * list: Redshift fills the table's columns in the order of the Parquet file's columns, and the
   * counts must match (developer guide, "COPY from columnar data formats"). So the Parquet files
   * must have exactly {@code columns}, in that order, which must be the staging table's order:
   * {@code t.columnNames()}, then {@link #OP}. {@code SERIALIZETOJSON} loads map, array and struct
   * columns into SUPER.
   *
   * @param columns the staging table's columns in order; checked, not written into the statement
   * @param s3Uri an {@code s3://} prefix or object (all objects under a prefix are loaded)
   * @param iamRoleArn the role Redshift assumes to read the files
   * @throws UnsupportedOperationException on PostgreSQL (use {@link #copyFromStdin})
   */
  public String copyFromS3(String staging, List<String> columns, String s3Uri, String iamRoleArn) {
    if (dialect != Dialect.REDSHIFT) {
      throw new UnsupportedOperationException(
          "PostgreSQL loads from the client: use copyFromStdin");
    }
    List<String> cols = requireColumns(columns);
    if (!cols.get(cols.size() - 1).equals(OP)) {
      throw new IllegalArgumentException(
          "Redshift's COPY from Parquet maps columns by position, and the staging table ends with "
              + OP
              + ": write the Parquet columns in the staging table's order, "
              + OP
              + " last; got "
              + cols);
    }
    if (s3Uri == null || !s3Uri.startsWith("s3://")) {
      throw new IllegalArgumentException(
          "COPY reads from S3: the location must start with s3://, got '" + s3Uri + "'");
    }
    if (iamRoleArn == null || !iamRoleArn.startsWith("arn:")) {
      throw new IllegalArgumentException(
          "IAM_ROLE takes a role ARN (arn:aws:iam::<account>:role/<name>), got '"
              + iamRoleArn
              + "'");
    }
    return "COPY "
        + quote(requireName("staging", staging))
        + "\nFROM "
        + Identifiers.literal("the S3 location", s3Uri)
        + "\nIAM_ROLE "
        + Identifiers.literal("the IAM role", iamRoleArn)
        + "\nFORMAT AS PARQUET SERIALIZETOJSON";
  }

  /**
   * The statements, in order, that apply the staging rows to {@code t}: rows with {@link #OP}
   * {@code 'D'} delete their key, rows with {@code 'U'} replace or insert theirs. The staging table
   * must hold at most one row per key (the loader keeps each key's last change).
   *
   * <p>PostgreSQL: one MERGE. Redshift: its MERGE allows one WHEN MATCHED and one WHEN NOT MATCHED
   * clause, no extra conditions, and a match condition of equalities, which cannot say that a NULL
   * key matches a NULL key. So Redshift gets the replace pattern of its own documentation ("merge
   * by replacing existing rows"): delete every target row whose key is staged (the deletes and the
   * old versions of the upserts), then insert the {@code 'U'} rows. Both statements run on
   * PostgreSQL too, and neither changes the staging table. Keys compare null-safely where a key
   * column is nullable.
   */
  public List<String> merge(WarehouseTable t, String staging) {
    checkStaging(t, staging);
    String stage = quote(staging);
    List<String> cols = t.columnNames().stream().map(Identifiers::quote).toList();
    if (dialect == Dialect.POSTGRES) {
      StringBuilder sql = new StringBuilder();
      sql.append("MERGE INTO ").append(t.qualifiedName()).append(" AS t\n");
      sql.append("USING ").append(stage).append(" AS s\n");
      sql.append("ON ").append(keyMatch(t, "t", "s")).append('\n');
      sql.append("WHEN MATCHED AND s.").append(OP).append(" = 'D' THEN\n  DELETE\n");
      List<WarehouseColumn> values = t.valueColumns();
      if (values.isEmpty()) {
        sql.append("WHEN MATCHED THEN\n  DO NOTHING\n");
      } else {
        sql.append("WHEN MATCHED THEN\n  UPDATE SET\n");
        sql.append(
            values.stream()
                .map(c -> "    " + quote(c.name()) + " = s." + quote(c.name()))
                .collect(Collectors.joining(",\n")));
        sql.append('\n');
      }
      sql.append("WHEN NOT MATCHED AND s.").append(OP).append(" = 'U' THEN\n");
      sql.append("  INSERT (").append(String.join(", ", cols)).append(")\n");
      sql.append("  VALUES (")
          .append(cols.stream().map(c -> "s." + c).collect(Collectors.joining(", ")))
          .append(')');
      return List.of(sql.toString());
    }
    // Redshift's DELETE takes no alias for its target: columns are qualified by the table's name.
    String target = quote(t.name());
    String delete =
        "DELETE FROM "
            + t.qualifiedName()
            + "\nUSING "
            + stage
            + "\nWHERE "
            + keyMatch(t, target, stage);
    String insert =
        "INSERT INTO "
            + t.qualifiedName()
            + " ("
            + String.join(", ", cols)
            + ")\nSELECT "
            + String.join(", ", cols)
            + "\nFROM "
            + stage
            + "\nWHERE "
            + OP
            + " = 'U'";
    return List.of(delete, insert);
  }

  /**
   * Empties {@code t} for a full reload, inside the load's transaction: a DELETE in both dialects.
   * Redshift's TRUNCATE commits the transaction it runs in, so a failed reload could not roll back
   * to the old rows. PostgreSQL's TRUNCATE is transactional, but it holds an ACCESS EXCLUSIVE lock
   * until commit, which would block every reader of the table for the whole reload; a DELETE lets
   * readers see the old rows until the new ones commit (the price is dead rows for autovacuum).
   */
  public String truncate(WarehouseTable t) {
    return "DELETE FROM " + t.qualifiedName();
  }

  /**
   * The load-state table: per loaded table, the Delta version it was loaded to, how many staged
   * rows that load applied and when. {@code table_name} is the loader's name for the target (the
   * qualified name is a good one).
   */
  public String createStateTable(String schema) {
    boolean pg = dialect == Dialect.POSTGRES;
    return "CREATE TABLE IF NOT EXISTS "
        + state(schema)
        + " (\n  table_name "
        + (pg ? "text" : "VARCHAR(256)")
        + " NOT NULL,\n  delta_version "
        + (pg ? "bigint" : "BIGINT")
        + " NOT NULL,\n  rows_loaded "
        + (pg ? "bigint" : "BIGINT")
        + " NOT NULL,\n  loaded_at "
        + (pg ? "timestamp with time zone" : "TIMESTAMPTZ")
        + " NOT NULL,\n  PRIMARY KEY (table_name)\n)";
  }

  /**
   * Serializes concurrent loads: the first statement of a load's transaction, held to commit.
   * PostgreSQL: EXCLUSIVE mode, which conflicts with itself and with every write but lets readers
   * of the state table through. Redshift's LOCK has one mode, ACCESS EXCLUSIVE.
   */
  public String lockState(String schema) {
    return dialect == Dialect.POSTGRES
        ? "LOCK TABLE " + state(schema) + " IN EXCLUSIVE MODE"
        : "LOCK TABLE " + state(schema);
  }

  /**
   * The Delta version a table was last loaded to: one parameter, {@code table_name}; one column,
   * {@code delta_version} (bigint), and no row if the table was never loaded.
   */
  public String selectState(String schema) {
    return "SELECT delta_version FROM " + state(schema) + " WHERE table_name = ?";
  }

  /**
   * Records a load. PostgreSQL: one statement, parameters (1) table_name, (2) delta_version, (3)
   * rows_loaded, (4) loaded_at. Redshift, which has no INSERT ... ON CONFLICT: a DELETE with one
   * parameter, (1) table_name, then an INSERT with the same four parameters as on PostgreSQL.
   */
  public List<String> upsertState(String schema) {
    String insert =
        "INSERT INTO "
            + state(schema)
            + " (table_name, delta_version, rows_loaded, loaded_at)\nVALUES (?, ?, ?, ?)";
    if (dialect == Dialect.POSTGRES) {
      return List.of(
          insert
              + "\nON CONFLICT (table_name) DO UPDATE SET\n"
              + "  delta_version = EXCLUDED.delta_version,\n"
              + "  rows_loaded = EXCLUDED.rows_loaded,\n"
              + "  loaded_at = EXCLUDED.loaded_at");
    }
    return List.of("DELETE FROM " + state(schema) + " WHERE table_name = ?", insert);
  }

  /**
   * A table's columns as the warehouse has them. Parameters: (1) the schema's name and (2) the
   * table's name, both unquoted as stored in the catalog (e.g. {@code analytics}, {@code
   * events_enriched}). Rows, in the table's column order: {@code column_name} (text), {@code
   * column_type} (text, from {@code format_type}: {@code text}, {@code bigint}, {@code double
   * precision}, {@code timestamp with time zone}, {@code numeric(18,2)}, {@code jsonb}; on Redshift
   * {@code character varying(65535)}, {@code super}, ...) and {@code nullable} (boolean). No row if
   * the table does not exist. The same catalog query for both dialects: Redshift keeps PostgreSQL's
   * pg_catalog, and its PG_TABLE_DEF view (which only shows schemas on the search_path) is built
   * the same way. Feed the rows to {@link #evolve} as {@link WarehouseColumn}s.
   */
  public String selectColumns() {
    return """
        SELECT a.attname AS column_name,
               format_type(a.atttypid, a.atttypmod) AS column_type,
               NOT a.attnotnull AS nullable
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum""";
  }

  /**
   * The statements that bring an existing table up to the curated schema: one {@code ALTER TABLE
   * ... ADD COLUMN} per curated column the warehouse lacks, in curated order, always nullable (the
   * rows already loaded have no value for it; Redshift adds one column per statement). Types are
   * compared in one spelling ({@code VARCHAR(65535)} is {@code character varying(65535)}).
   * Warehouse columns that curated does not have are left alone, so columns added by hand survive;
   * so is nullability. Nothing is returned when the table is up to date.
   *
   * @param existing the table's columns as {@link #selectColumns} reports them
   * @throws SchemaChangeException if a column's type differs, or a key column is missing: the load
   *     never changes a type or a key itself
   * @throws IllegalArgumentException if {@code existing} is empty (the table does not exist: run
   *     {@link #createTable} first)
   */
  public List<String> evolve(WarehouseTable t, List<WarehouseColumn> existing) {
    if (existing.isEmpty()) {
      throw new IllegalArgumentException(
          t.qualifiedName()
              + " has no columns in the warehouse, so it does not exist: create it with"
              + " createTable before evolving it");
    }
    Map<String, WarehouseColumn> byName = new HashMap<>();
    existing.forEach(c -> byName.put(c.name(), c));
    List<String> statements = new ArrayList<>();
    for (WarehouseColumn c : t.columns()) {
      WarehouseColumn found = byName.get(c.name());
      if (found == null && t.key().contains(c.name())) {
        throw new SchemaChangeException(
            t.qualifiedName(),
            c.name(),
            null,
            c.type(),
            "Key column "
                + t.qualifiedName()
                + "."
                + quote(c.name())
                + " is missing from the warehouse table, and the load merges on it. A key"
                + " column cannot be added to a loaded table: drop "
                + t.qualifiedName()
                + " and run a full reload, which creates it again with key "
                + t.key()
                + ".");
      } else if (found == null) {
        statements.add(
            "ALTER TABLE " + t.qualifiedName() + " ADD COLUMN " + quote(c.name()) + " " + c.type());
      } else if (!TypeSpelling.canonical(found.type()).equals(TypeSpelling.canonical(c.type()))) {
        throw typeChanged(t, c, found);
      }
    }
    return List.copyOf(statements);
  }

  private SchemaChangeException typeChanged(
      WarehouseTable t, WarehouseColumn curated, WarehouseColumn found) {
    String column = t.qualifiedName() + "." + quote(curated.name());
    String fix =
        dialect == Dialect.POSTGRES
            ? "Change the warehouse column to the curated type (ALTER TABLE "
                + t.qualifiedName()
                + " ALTER COLUMN "
                + quote(curated.name())
                + " TYPE "
                + curated.type()
                + " USING "
                + quote(curated.name())
                + "::"
                + curated.type()
                + "), or drop the table and run a full reload, which creates it again."
            : "Redshift changes a column's type in place only to widen a VARCHAR: add a new"
                + " column and copy the values over by hand, or drop the table and run a full"
                + " reload, which creates it again.";
    return new SchemaChangeException(
        t.qualifiedName(),
        curated.name(),
        found.type(),
        curated.type(),
        "Column "
            + column
            + " is "
            + found.type()
            + " in the warehouse, but the curated schema makes it "
            + curated.type()
            + ". The load does not change a column's type itself. "
            + fix);
  }

  private String keyMatch(WarehouseTable t, String target, String source) {
    return t.keyColumns().stream()
        .map(
            c -> {
              String a = target + "." + quote(c.name());
              String b = source + "." + quote(c.name());
              if (!c.nullable()) {
                return a + " = " + b;
              }
              // Redshift has no IS NOT DISTINCT FROM; the expanded form runs in both dialects.
              return dialect == Dialect.POSTGRES
                  ? a + " IS NOT DISTINCT FROM " + b
                  : "(" + a + " = " + b + " OR (" + a + " IS NULL AND " + b + " IS NULL))";
            })
        .collect(Collectors.joining("\n  AND "));
  }

  private String state(String schema) {
    return quote(requireName("schema", schema)) + "." + STATE_TABLE;
  }

  private static void checkStaging(WarehouseTable t, String staging) {
    requireName("staging", staging);
    if (staging.equals(t.name())) {
      throw new IllegalArgumentException(
          "the staging table must not be named like its target ("
              + staging
              + "): the statements tell them apart by name; use e.g. _medallion_stage_"
              + t.name());
    }
  }

  private static String requireName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("no " + what + " name given");
    }
    return name;
  }

  private static List<String> requireColumns(List<String> columns) {
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("no columns given: list the staging table's columns");
    }
    return columns;
  }

  private static String list(List<String> names) {
    return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
  }

  private String dialectName() {
    return dialect == Dialect.POSTGRES ? "PostgreSQL" : "Redshift";
  }

  private static String where(String column) {
    return column == null ? "" : "Column " + column + ": ";
  }
}
