package dev.medallion.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.LocalTrees;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.query.OutputFormat;
import dev.medallion.query.QueryRunner;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.spark.Sessions;
import dev.medallion.transform.LatePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Athena queries on a real Trino 476, the engine of Athena v3: a small lake built by the
 * pipeline, its Delta tables registered in Trino's Delta Lake connector as they are (the Delta logs
 * the jobs wrote, nothing copied or converted), then
 *
 * <ul>
 *   <li>Trino reports every table with the columns and types of {@link Schemas} (the definition the
 *       jobs write with and the Glue catalog is generated from);
 *   <li>every {@code athena/queries/*.sql} gives, in Trino, the rows it gives in Spark through
 *       {@link QueryRunner} (the {@code query} command's path), in the same order.
 * </ul>
 *
 * <p>Values are compared as text after one normalization: a number is compared by its value (plain
 * notation, no trailing zeros), because the two engines may type an expression with a different
 * decimal scale or integer width while meaning the same number; a date as ISO {@code yyyy-MM-dd}; a
 * timestamp as UTC {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ} (Spark's JSON form); everything else as its
 * string. Column names must be equal.
 */
class AthenaQueriesTrinoIT {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final DateTimeFormatter SPARK_JSON_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /** One query's answer: column names and rows of normalized cells. */
  record Answer(List<String> columns, List<List<String>> rows) {}

  static TrinoServer trino;
  static Connection connection;
  static final Map<String, Answer> spark = new LinkedHashMap<>();
  static final Map<String, Answer> inTrino = new LinkedHashMap<>();
  static final Map<String, String> sqlByName = new LinkedHashMap<>();
  static SparkSession session;

  @BeforeAll
  static void buildTheLakeStartTrinoAndRunEveryQueryInBoth() throws Exception {
    Path work = Path.of(property("trino.work.dir"));
    TrinoDistribution.deleteRecursively(work);
    long unpackStart = System.nanoTime();
    Path server =
        TrinoDistribution.unpack(
            Path.of(property("trino.server.tarball")), Path.of(property("trino.server.dir")));
    log("trino-server unpacked (lib/, plugin/delta-lake/) or found unpacked", unpackStart);
    Path root = Files.createDirectories(work.resolve("root"));
    Path lakeDir = root.resolve("lake");
    long t0 = System.nanoTime();
    // The server starts while Spark builds the lake.
    trino = TrinoServer.start(server, trinoJavaHome(), work.resolve("server"), root);

    session =
        Sessions.getOrCreate(
            "medallion-athena-it",
            Map.of(
                "spark.master", "local[2]",
                "spark.sql.shuffle.partitions", "2",
                "spark.default.parallelism", "2",
                "spark.databricks.delta.snapshotPartitions", "1",
                "spark.ui.enabled", "false"));
    Path sample = work.resolve("sample");
    new SampleDataGenerator(5L, 300, 2).writeTo(sample);
    Path landing = work.resolve("landing");
    LakeLocation lake = LakeLocation.parse("--lake", lakeDir.toString());
    IngestConfig config =
        new IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            lake,
            false,
            LatePolicy.KEEP,
            Duration.ofDays(3));
    Pipeline pipeline = new Pipeline(session, new PrintStream(OutputStream.nullOutputStream()));
    for (int run = 1; run <= 2; run++) {
      LocalTrees.copy(sample.resolve("run-" + run), landing);
      pipeline.run(config);
    }
    log("lake built by the pipeline (2 runs)", t0);

    long t1 = System.nanoTime();
    QueryRunner runner = new QueryRunner(session);
    assertThat(runner.attach(lake)).hasSize(LakeTable.values().length);
    for (Path file : queryFiles()) {
      String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
      String sql = statement(Files.readString(file));
      sqlByName.put(name, sql);
      spark.put(name, inSpark(runner, sql));
    }
    log("every query in Spark", t1);

    Duration startup = trino.awaitReady();
    System.out.println("trino-suite: Trino server ready " + startup.toMillis() + " ms after start");
    connection = trino.connect();
    long t2 = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      for (String zone : Stream.of(LakeTable.values()).map(LakeTable::zone).distinct().toList()) {
        statement.execute("CREATE SCHEMA delta." + zone);
      }
      for (LakeTable table : LakeTable.values()) {
        statement.execute(
            "CALL delta.system.register_table(schema_name => '"
                + table.zone()
                + "', table_name => '"
                + table.tableName()
                + "', table_location => 'local:///lake/"
                + table.relativePath()
                + "')");
      }
    }
    log("schemas created and " + LakeTable.values().length + " tables registered in Trino", t2);

    long t3 = System.nanoTime();
    for (Map.Entry<String, String> query : sqlByName.entrySet()) {
      inTrino.put(query.getKey(), inTrino(query.getValue()));
    }
    log("every query in Trino", t3);
  }

  @AfterAll
  static void stopTrino() throws Exception {
    try {
      if (connection != null) {
        connection.close();
      }
    } finally {
      if (trino != null) {
        trino.close();
      }
    }
  }

  private static void log(String what, long startNanos) {
    System.out.println(
        "trino-suite: " + what + " in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property " + name + " (set by athena-it/pom.xml)").isNotBlank();
    return value;
  }

  private static Path trinoJavaHome() {
    String env = System.getenv("TRINO_JAVA_HOME");
    return Path.of(env != null && !env.isBlank() ? env : property("trino.java.home"));
  }

  static List<Path> queryFiles() throws IOException {
    Path dir = Path.of(property("medallion.root")).resolve("athena/queries");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sql = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
      assertThat(sql).as("queries in " + dir).isNotEmpty();
      return sql;
    }
  }

  /** The statement of a query file as the query command takes it (a final ';' dropped). */
  static String statement(String text) {
    String trimmed = text.strip();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  /** The query through QueryRunner, as {@code medallion query --format json} prints it. */
  private static Answer inSpark(QueryRunner runner, String sql) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    runner.run(
        sql,
        OutputFormat.JSON,
        Integer.MAX_VALUE,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    List<String> columns = List.of(session.sql(sql).columns());
    List<List<String>> rows = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode row = JSON.readTree(line);
      List<String> cells = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> cell = it.next();
        names.add(cell.getKey());
        JsonNode value = cell.getValue();
        cells.add(
            value.isNull()
                ? null
                : value.isNumber()
                    ? plain(value.decimalValue())
                    : value.isValueNode() ? value.asText() : value.toString());
      }
      assertThat(names).as("JSON keys of " + line).isEqualTo(columns);
      rows.add(cells);
    }
    return new Answer(columns, rows);
  }

  private static Answer inTrino(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          cells.add(cell(rs, i, meta.getColumnType(i)));
        }
        rows.add(cells);
      }
      return new Answer(columns, rows);
    }
  }

  /** A Trino value, normalized as the class comment says. */
  private static String cell(ResultSet rs, int i, int type) throws SQLException {
    String text =
        switch (type) {
          case Types.TINYINT,
              Types.SMALLINT,
              Types.INTEGER,
              Types.BIGINT,
              Types.DECIMAL,
              Types.NUMERIC -> {
            BigDecimal d = rs.getBigDecimal(i);
            yield d == null ? null : plain(d);
          }
          case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
            double d = rs.getDouble(i);
            yield rs.wasNull() ? null : plain(BigDecimal.valueOf(d));
          }
          case Types.DATE -> {
            // As LocalDate: java.sql.Date would print dates before 1582 in the Julian calendar.
            LocalDate d = rs.getObject(i, LocalDate.class);
            yield d == null ? null : d.toString();
          }
          case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
            Timestamp t = rs.getTimestamp(i);
            yield t == null ? null : SPARK_JSON_TIMESTAMP.format(t.toInstant());
          }
          case Types.BOOLEAN -> {
            boolean b = rs.getBoolean(i);
            yield rs.wasNull() ? null : Boolean.toString(b);
          }
          default -> rs.getString(i);
        };
    return text;
  }

  static String plain(BigDecimal number) {
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }

  @Test
  void everyQueryGivesTheSameRowsInTrinoAsInSpark() {
    assertThat(inTrino.keySet()).isEqualTo(spark.keySet()).hasSizeGreaterThanOrEqualTo(6);
    SoftAssertions softly = new SoftAssertions();
    for (String name : spark.keySet()) {
      Answer local = spark.get(name);
      Answer remote = inTrino.get(name);
      softly.assertThat(local.rows()).as(name + " in Spark").isNotEmpty();
      softly.assertThat(remote.columns()).as(name + ": column names").isEqualTo(local.columns());
      softly.assertThat(remote.rows()).as(name + ": rows, in order").isEqualTo(local.rows());
    }
    softly.assertAll();
  }

  @Test
  void trinoSeesEveryTableWithTheColumnsAndTypesOfSchemas() throws SQLException {
    SoftAssertions softly = new SoftAssertions();
    try (PreparedStatement columns =
        connection.prepareStatement(
            "SELECT column_name, data_type FROM delta.information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      for (LakeTable table : LakeTable.values()) {
        columns.setString(1, table.zone());
        columns.setString(2, table.tableName());
        List<String> seen = new ArrayList<>();
        try (ResultSet rs = columns.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getString(1) + " " + rs.getString(2));
          }
        }
        List<String> contract = new ArrayList<>();
        for (StructField field : Schemas.of(table).fields()) {
          contract.add(field.name() + " " + trinoType(field.dataType()));
        }
        softly.assertThat(seen).as(table.qualifiedName()).isEqualTo(contract);
      }
    }
    softly.assertAll();
  }

  @Test
  void trinoAndSparkCountTheSameRowsInEveryTable() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (LakeTable table : LakeTable.values()) {
        long local = session.sql("SELECT count(*) FROM " + table.qualifiedName()).head().getLong(0);
        try (ResultSet rs =
            statement.executeQuery("SELECT count(*) FROM " + table.qualifiedName())) {
          rs.next();
          assertThat(rs.getLong(1)).as(table.qualifiedName()).isEqualTo(local).isPositive();
        }
      }
    }
  }

  /**
   * The type Trino's Delta Lake connector reports for a column Spark wrote with {@code type}: a
   * Delta {@code timestamp} (Spark's TimestampType, an instant) is {@code timestamp(3) with time
   * zone} in Trino, as in Athena.
   */
  static String trinoType(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return "varchar";
    } else if (type.equals(DataTypes.LongType)) {
      return "bigint";
    } else if (type.equals(DataTypes.IntegerType)) {
      return "integer";
    } else if (type.equals(DataTypes.DoubleType)) {
      return "double";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "boolean";
    } else if (type.equals(DataTypes.TimestampType)) {
      return "timestamp(3) with time zone";
    } else if (type.equals(DataTypes.DateType)) {
      return "date";
    } else if (type instanceof DecimalType d) {
      return "decimal(" + d.precision() + "," + d.scale() + ")";
    } else if (type instanceof ArrayType a) {
      return "array(" + trinoType(a.elementType()) + ")";
    } else if (type instanceof MapType m) {
      return "map(" + trinoType(m.keyType()) + ", " + trinoType(m.valueType()) + ")";
    }
    throw new IllegalArgumentException("no Trino type known for " + type);
  }
}
