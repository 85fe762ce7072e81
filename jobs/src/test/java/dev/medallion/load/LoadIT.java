package dev.medallion.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.Lake;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.run.Faults;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.ChildJvm;
import dev.medallion.testing.Landing;
import dev.medallion.testing.SharedSpark;
import dev.medallion.transform.LatePolicy;
import dev.medallion.transform.NetChanges;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.LoadSql;
import dev.medallion.warehouse.WarehouseTable;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import dev.medallion.warehouse.jdbc.JdbcWarehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load into a real PostgreSQL 17 (embedded): what the warehouse holds equals curated, a second
 * load changes nothing, a load that dies mid-way leaves the warehouse as it was and its re-run ends
 * as an uninterrupted load, a second pipeline run adds exactly its new rows, and Redshift's
 * staging, merge and state statements do the same on PostgreSQL.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadIT {
  @TempDir static Path tmp;
  static SparkSession spark;
  static EmbeddedWarehouse server;
  static Path sample;
  static Path landing;
  static LakeLocation lake;
  static List<String> afterFirstLoad;

  @BeforeAll
  static void start() throws IOException {
    spark = SharedSpark.get();
    server = EmbeddedWarehouse.start(tmp.resolve("pg"));
    sample = tmp.resolve("sample");
    new SampleDataGenerator(17L, 300, 2).writeTo(sample);
    landing = tmp.resolve("landing");
    lake = LakeLocation.parse("--lake", tmp.resolve("lake").toString());
    arrive(1);
    new Pipeline(spark, Landing.quiet()).run(config());
    for (String db : List.of("crashdb", "redshiftdb", "killdb")) {
      try (Connection c = connect("postgres");
          Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("CREATE DATABASE " + db);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void noFault() {
    System.clearProperty("MEDALLION_FAULT");
  }

  static void arrive(int run) throws IOException {
    Path from = sample.resolve("run-" + run);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = landing.resolve(from.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
  }

  static IngestConfig config() {
    return new IngestConfig(
        LakeLocation.parse("--landing", landing.toString()),
        lake,
        false,
        LatePolicy.KEEP,
        Duration.ofDays(3));
  }

  static Connection connect(String database) throws SQLException {
    Connection c =
        DriverManager.getConnection(
            server.jdbcUrl().replace("/postgres", "/" + database), "postgres", "");
    c.setAutoCommit(false);
    return c;
  }

  static RunSummary load(String database, boolean fullReload) {
    return new LoadJob(spark, Progress.silent())
        .run(
            new LoadConfig(lake, Dialect.POSTGRES, fullReload, Optional.empty()),
            () -> {
              try {
                return new JdbcWarehouse(connect(database));
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            database);
  }

  /** Every row of a warehouse table as text, ordered by the key. */
  static List<String> dump(String database, String table, String orderBy) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM analytics." + table + " ORDER BY " + orderBy)) {
      ResultSetMetaData meta = r.getMetaData();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(meta.getColumnName(i)).append('=').append(r.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  static List<String> everything(String database) throws SQLException {
    List<String> all = new ArrayList<>();
    all.addAll(dump(database, "events_enriched", "event_uuid COLLATE \"C\""));
    all.addAll(
        dump(database, "daily_event_metrics", "event_date, event_type, country NULLS FIRST"));
    all.addAll(
        dump(database, "_medallion_load_state", "table_name").stream()
            .map(s -> s.replaceAll("(loaded_at|rows_loaded)=[^|]*\\|", ""))
            .toList());
    return all;
  }

  /** The metrics as key -> "events distinct_users revenue", from curated and from the warehouse. */
  static Map<String, String> curatedMetrics() {
    Map<String, String> out = new TreeMap<>();
    for (Row r :
        new Lake(spark, lake).read(LakeTable.CURATED_DAILY_EVENT_METRICS).collectAsList()) {
      out.put(
          r.getAs("event_date").toString() + "/" + r.getAs("event_type") + "/" + r.getAs("country"),
          r.getAs("events")
              + " "
              + r.getAs("distinct_users")
              + " "
              + ((BigDecimal) r.getAs("revenue")).stripTrailingZeros().toPlainString());
    }
    return out;
  }

  static Map<String, String> warehouseMetrics(String database) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT event_date, event_type, country, events, distinct_users, revenue"
                    + " FROM analytics.daily_event_metrics")) {
      while (r.next()) {
        out.put(
            r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3),
            r.getLong(4)
                + " "
                + r.getLong(5)
                + " "
                + r.getBigDecimal(6).stripTrailingZeros().toPlainString());
      }
    }
    return out;
  }

  static long count(String database, String table) throws SQLException {
    try (Connection c = connect(database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM analytics." + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  static long curatedCount(LakeTable table) {
    return new Lake(spark, lake).read(table).count();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void theFirstLoadCopiesCuratedWhole() throws SQLException {
    RunSummary first = load("postgres", false);

    assertThat(first.status()).isEqualTo(RunSummary.SUCCEEDED);
    long events = curatedCount(LakeTable.CURATED_EVENTS_ENRICHED);
    assertThat(events).isPositive();
    assertThat(count("postgres", "events_enriched")).isEqualTo(events);
    assertThat(first.curated()).containsEntry("events_enriched rows upserted", events);
    assertThat(warehouseMetrics("postgres")).isEqualTo(curatedMetrics());
    afterFirstLoad = everything("postgres");
  }

  @Test
  @Order(2)
  void aSecondLoadLoadsNothingAndChangesNothing() throws SQLException {
    List<String> before = everything("postgres");
    List<String> stateBefore = dump("postgres", "_medallion_load_state", "table_name");

    RunSummary again = load("postgres", false);

    assertThat(again.curated()).containsEntry("events_enriched rows upserted", 0L);
    assertThat(again.curated()).containsEntry("daily_event_metrics rows upserted", 0L);
    assertThat(everything("postgres")).isEqualTo(before);
    assertThat(dump("postgres", "_medallion_load_state", "table_name")).isEqualTo(stateBefore);
  }

  @Test
  @Order(3)
  void aLoadThatDiesMidwayLeavesNothingAndItsReRunEndsAsAnUninterruptedOne() throws SQLException {
    for (String point : List.of("load.staged", "load.merged", "load.before-commit")) {
      System.setProperty("MEDALLION_FAULT", point);
      assertThatThrownBy(() -> load("crashdb", false)).isInstanceOf(Faults.InjectedFault.class);
      System.clearProperty("MEDALLION_FAULT");
      try (Connection c = connect("crashdb");
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*) FROM information_schema.schemata WHERE schema_name ="
                      + " 'analytics'")) {
        r.next();
        assertThat(r.getLong(1)).as("after a fault at %s", point).isZero();
      }
    }

    load("crashdb", false);

    assertThat(everything("crashdb")).isEqualTo(afterFirstLoad);
  }

  @Test
  @Order(4)
  void aSecondPipelineRunAddsExactlyItsNewRows() throws IOException, SQLException {
    long before = count("postgres", "events_enriched");
    arrive(2);
    new Pipeline(spark, Landing.quiet()).run(config());
    long curated = curatedCount(LakeTable.CURATED_EVENTS_ENRICHED);

    RunSummary second = load("postgres", false);

    assertThat(curated).isGreaterThan(before);
    assertThat(second.curated()).containsEntry("events_enriched rows upserted", curated - before);
    assertThat(second.curated()).containsEntry("events_enriched rows deleted", 0L);
    assertThat(count("postgres", "events_enriched")).isEqualTo(curated);
    assertThat(warehouseMetrics("postgres")).isEqualTo(curatedMetrics());
  }

  @Test
  @Order(5)
  void aFullReloadGivesTheSameTables() throws SQLException {
    List<String> before = everything("postgres");

    RunSummary full = load("postgres", true);

    assertThat(full.curated().get("events_enriched rows upserted"))
        .isEqualTo(curatedCount(LakeTable.CURATED_EVENTS_ENRICHED));
    assertThat(everything("postgres")).isEqualTo(before);
  }

  @Test
  @Order(6)
  void redshiftsMergeAndStateStatementsGiveTheSameTablesOnPostgres() throws SQLException {
    LoadSql postgres = new LoadSql(Dialect.POSTGRES);
    LoadSql redshift = new LoadSql(Dialect.REDSHIFT);
    Lake curated = new Lake(spark, lake);
    try (JdbcWarehouse w = new JdbcWarehouse(connect("redshiftdb"))) {
      // Tables and staging as PostgreSQL types them (SUPER and COPY FROM S3 are Redshift's own),
      // then Redshift's merge and state statements, twice: all rows, then deletes of five keys.
      w.execute(postgres.createSchema(LoadJob.SCHEMA));
      w.execute(postgres.createStateTable(LoadJob.SCHEMA));
      for (Map.Entry<LakeTable, List<String>> e : LoadJob.TABLES.entrySet()) {
        LakeTable table = e.getKey();
        WarehouseTable t =
            WarehouseTable.of(
                Dialect.POSTGRES,
                LoadJob.SCHEMA,
                table.tableName(),
                Schemas.of(table),
                e.getValue());
        w.execute(postgres.createTable(t));
        List<String> columns = new ArrayList<>(t.columnNames());
        columns.add(LoadSql.OP);
        Dataset<Row> all = NetChanges.allUpserts(curated.read(table), t.columnNames(), LoadSql.OP);
        Dataset<Row> fiveDeletes =
            all.orderBy(e.getValue().get(0))
                .limit(5)
                .withColumn(LoadSql.OP, functions.lit(NetChanges.DELETE));
        for (Dataset<Row> round : List.of(all, fiveDeletes)) {
          String staging = "_medallion_stage_" + table.tableName();
          w.execute(postgres.createStaging(t, staging));
          long rows =
              w.copyIn(postgres.copyFromStdin(staging, columns), round.toLocalIterator(), columns);
          for (String statement : redshift.merge(t, staging)) {
            w.execute(statement);
          }
          List<String> state = redshift.upsertState(LoadJob.SCHEMA);
          w.execute(state.get(0), table.tableName());
          w.execute(
              state.get(1),
              table.tableName(),
              curated.version(table),
              rows,
              java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
          w.execute(postgres.dropStaging(staging));
        }
      }
      w.commit();
    }

    assertThat(count("redshiftdb", "events_enriched"))
        .isEqualTo(count("postgres", "events_enriched") - 5);
    List<String> loaded = dump("postgres", "events_enriched", "event_uuid COLLATE \"C\"");
    assertThat(dump("redshiftdb", "events_enriched", "event_uuid COLLATE \"C\""))
        .isEqualTo(loaded.subList(5, loaded.size()));
    assertThat(dump("redshiftdb", "_medallion_load_state", "table_name"))
        .extracting(row -> row.replaceAll("(loaded_at|rows_loaded)=[^|]*\\|", ""))
        .isEqualTo(
            dump("postgres", "_medallion_load_state", "table_name").stream()
                .map(row -> row.replaceAll("(loaded_at|rows_loaded)=[^|]*\\|", ""))
                .toList());
  }

  @Test
  @Order(7)
  void aCuratedColumnTheWarehouseLacksIsAdded() throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE analytics.events_enriched DROP COLUMN segment");
      c.commit();
    }

    RunSummary full = load("postgres", true);

    assertThat(full.status()).isEqualTo(RunSummary.SUCCEEDED);
    try (Connection c = connect("postgres");
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT count(*) FROM analytics.events_enriched WHERE segment IS NOT NULL")) {
      r.next();
      assertThat(r.getLong(1)).as("the added column, filled by the full reload").isPositive();
    }
  }

  @Test
  @Order(8)
  void aColumnWhoseTypeChangedIsAnErrorNamingItAndNothingIsCommitted() throws SQLException {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE analytics.events_enriched ALTER COLUMN value TYPE text");
      c.commit();
    }
    List<String> before = everything("postgres");

    assertThatThrownBy(() -> load("postgres", true))
        .hasMessageContaining("analytics.events_enriched.value")
        .hasMessageContaining("text")
        .hasMessageContaining("double precision");

    assertThat(everything("postgres")).isEqualTo(before);
  }

  @Tag("long") // a child JVM killed with SIGKILL
  @Test
  @Order(9)
  void aLoadWhoseJvmIsKilledMidwayLeavesNothingAndItsReRunLoadsEverything() throws Exception {
    // A separate JVM runs 'medallion load' and halts (as SIGKILL would) after its merge, before
    // its commit: the server sees the connection drop and rolls the transaction back.
    Process child =
        ChildJvm.start(
            List.of(
                "load",
                "--lake",
                lake.uri(),
                "--warehouse-url",
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/killdb?user=postgres",
                "--conf",
                "spark.sql.shuffle.partitions=2"),
            Map.of("MEDALLION_FAULT", "load.merged:halt"),
            Map.of("MEDALLION_WAREHOUSE_PASSWORD", "unused-by-the-embedded-server"),
            tmp.resolve("killed-load.out"));
    assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

    assertThat(child.exitValue())
        .as(Files.readString(tmp.resolve("killed-load.out")))
        .isEqualTo(137);
    try (Connection c = connect("killdb");
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'analytics'")) {
      r.next();
      assertThat(r.getLong(1)).isZero();
    }

    load("killdb", false);

    assertThat(count("killdb", "events_enriched"))
        .isEqualTo(curatedCount(LakeTable.CURATED_EVENTS_ENRICHED));
    assertThat(warehouseMetrics("killdb")).isEqualTo(curatedMetrics());
  }
}
