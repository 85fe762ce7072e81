package dev.medallion.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.bench.LoadBenchmark;
import dev.medallion.cli.MedallionCli;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.Lake;
import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medallion bench load} at a tiny size: it prints a rate for both paths and a speed-up, the
 * warehouse holds exactly the rows it made on every path, and its lake holds rows of the curated
 * contract. Never a time.
 */
@Tag("integration")
@Tag("long") // a benchmark run: not in the default suite (-P long runs it)
class BenchLoadIT {
  private static final int ROWS = 2000;
  private static final Pattern RATE =
      Pattern.compile("\\s(\\d[\\d,]*)\\s+\\d+\\.\\d+\\s+(\\d[\\d,]*)\\s+");

  @TempDir static Path tmp;
  static SparkSession spark;
  static Cli.Result bench;
  static Path work;
  static Path warehouse;

  @BeforeAll
  static void runTheBenchmarkOnce() {
    spark = SharedSpark.get();
    work = tmp.resolve("work");
    warehouse = tmp.resolve("pg");
    bench =
        Cli.run(
            "bench",
            "load",
            "--rows",
            Integer.toString(ROWS),
            "--warehouse-url",
            "embedded:" + warehouse,
            "--work",
            work.toString(),
            "--conf",
            "spark.sql.shuffle.partitions=2");
  }

  @Test
  void printsTheRateOfBothPathsAndTheSpeedUp() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    String out = bench.out();
    assertThat(rowsPerSecond(out, "load job: first load")).isPositive();
    assertThat(rowsPerSecond(out, "load job: every row changed (COPY into staging + MERGE)"))
        .isPositive();
    assertThat(rowsPerSecond(out, "Spark JDBC writer, batchsize 1000 (pgjdbc defaults)"))
        .isPositive();
    assertThat(rowsPerSecond(out, "Spark JDBC writer, batchsize 1000, reWriteBatchedInserts=true"))
        .isPositive();
    assertThat(out)
        .contains("speed-up: the load job's first load")
        .contains("its COPY + MERGE of changed rows")
        .contains("no-op re-run:")
        .contains("reference: PostgreSQL alone")
        .contains("where the load job's")
        .contains("peak heap in use")
        .containsPattern("machine: +\\d+ cores");
  }

  @Test
  void everyPathLeavesExactlyTheRowsItWasGiven() throws SQLException {
    assertThat(bench.exit()).as(bench.both()).isZero();
    try (EmbeddedWarehouse server = EmbeddedWarehouse.start(warehouse);
        Connection c =
            DriverManager.getConnection(
                server.jdbcUrl().replace("/postgres?", "/" + LoadBenchmark.DATABASE + "?"))) {
      assertThat(count(c, "analytics.events_enriched")).isEqualTo(ROWS);
      assertThat(count(c, "analytics_jdbc.events_enriched")).isEqualTo(ROWS);
      assertThat(count(c, "analytics_jdbc.events_enriched_rewrite")).isEqualTo(ROWS);
      assertThat(count(c, "analytics_reference.events_enriched")).isEqualTo(ROWS);
      assertThat(count(c, "analytics.daily_event_metrics")).isPositive();
      // Both paths hold the same rows (jsonb and timestamptz compare as values), but for the
      // curation time, which the benchmark's last load changed on every row.
      String columns =
          java.util.Arrays.stream(Schemas.EVENTS_ENRICHED.fieldNames())
              .filter(name -> !name.equals(dev.medallion.contract.Columns.CURATED_AT))
              .collect(java.util.stream.Collectors.joining(", "));
      assertThat(
              count(
                  c,
                  "(SELECT "
                      + columns
                      + " FROM analytics.events_enriched EXCEPT SELECT "
                      + columns
                      + " FROM analytics_jdbc.events_enriched) AS only_in_copy"))
          .isZero();
      assertThat(
              count(
                  c,
                  "(SELECT _curated_at FROM analytics.events_enriched EXCEPT"
                      + " SELECT _curated_at FROM analytics_jdbc.events_enriched) AS changed"))
          .as("the last load changed every row's curation time")
          .isPositive();
    }
  }

  @Test
  void theLakeHoldsRowsOfTheCuratedContractWithUniqueKeysAndRealisticNulls() {
    assertThat(bench.exit()).as(bench.both()).isZero();
    Dataset<Row> events =
        new Lake(spark, LakeLocation.parse("--lake", work.resolve("lake").toString()))
            .read(LakeTable.CURATED_EVENTS_ENRICHED);

    assertThat(events.schema().fieldNames()).containsExactly(Schemas.EVENTS_ENRICHED.fieldNames());
    assertThat(events.select(Columns.EVENT_UUID).distinct().count()).isEqualTo(ROWS);
    Row nulls =
        events
            .agg(
                functions.count(Columns.ATTRIBUTES),
                functions.count(Columns.USER_NAME),
                functions.count(Columns.AMOUNT),
                functions.countDistinct(functions.col(Columns.EVENT_TYPE)))
            .head();
    assertThat(nulls.getLong(0)).as("rows with attributes").isBetween(1L, ROWS / 2L);
    assertThat(nulls.getLong(1)).as("rows with a known user").isBetween(1L, ROWS - 1L);
    assertThat(nulls.getLong(2)).as("rows with a transaction").isBetween(1L, ROWS / 2L);
    assertThat(nulls.getLong(3)).as("event types").isEqualTo(4);
  }

  @Test
  void refusesAWarehouseItDoesNotStartAndSizesThatMakeNoSense() throws IOException {
    Cli.Result remote =
        Cli.run("bench", "load", "--warehouse-url", "jdbc:postgresql://db:5432/dw?user=u");
    assertThat(remote.exit()).as(remote.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(remote.err()).contains("--warehouse-url").contains("embedded PostgreSQL only");

    Cli.Result zero = Cli.run("bench", "load", "--rows", "0");
    assertThat(zero.exit()).as(zero.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(zero.err()).contains("--rows");

    Path someoneElses = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(someoneElses.resolve("keep.txt"), "mine");
    Cli.Result foreign =
        Cli.run("bench", "load", "--rows", "10", "--work", someoneElses.toString());
    assertThat(foreign.exit()).as(foreign.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(foreign.err()).contains("--work").contains("left alone");
    assertThat(someoneElses.resolve("keep.txt")).exists();
  }

  /** The rows/s of the result table's row that starts with {@code path}. */
  private static long rowsPerSecond(String out, String path) {
    String line =
        out.lines()
            .filter(l -> l.startsWith(path))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row '" + path + "' in:\n" + out));
    Matcher m = RATE.matcher(line.substring(path.length()));
    assertThat(m.find()).as("rows and rows/s in: %s", line).isTrue();
    assertThat(Long.parseLong(m.group(1).replace(",", ""))).as("rows in table").isEqualTo(ROWS);
    return Long.parseLong(m.group(2).replace(",", ""));
  }

  private static long count(Connection c, String from) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + from)) {
      r.next();
      return r.getLong(1);
    }
  }
}
