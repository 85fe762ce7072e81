package dev.medallion.bench;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummary;
import dev.medallion.transform.DailyMetrics;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.LoadSql;
import dev.medallion.warehouse.WarehouseTable;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import dev.medallion.warehouse.jdbc.JdbcWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * {@code medallion bench load}: the warehouse load job (the increment streamed with {@code COPY
 * FROM STDIN} into a staging table, then {@code MERGE}) against Spark's own JDBC writer ({@code
 * df.write().jdbc(...)}, batched {@code INSERT}s), on the same synthetic rows of {@code
 * curated.events_enriched}, into the same embedded PostgreSQL.
 *
 * <p>In order: every step below runs once untimed on a few rows, in a lake and a database of its
 * own (a warm-up, so that both paths are timed in a warm JVM); the rows are made ({@link
 * SyntheticCurated}) and written as the curated Delta table of a lake of the benchmark's own, with
 * {@code curated.daily_event_metrics} computed from them (the load job loads both); the table is
 * read once; then, each after a {@code CHECKPOINT} so that no phase pays for the previous one's
 * dirty pages: the load job into empty tables; the JDBC writer into a table made by the same DDL
 * ({@link LoadSql#createTable}), with the batch size given and pgjdbc's defaults, then, if asked,
 * again into a second such table with {@code reWriteBatchedInserts=true}; and last a re-run of the
 * load job with nothing new, in the same JVM; and, for reference, PostgreSQL alone loading the same
 * rows from a server-side CSV file ({@code COPY ... FROM 'file'}), the ceiling of any loader on
 * this machine. The timed steps go to a database of their own, {@value #DATABASE}, made anew.
 */
public final class LoadBenchmark {
  /** The database the benchmark makes (anew) in the warehouse server, and loads into. */
  public static final String DATABASE = "medallion_bench";

  /** The schema of the JDBC writer's tables (the load job's is {@value LoadJob#SCHEMA}). */
  public static final String JDBC_SCHEMA = "analytics_jdbc";

  public static final String JDBC_TABLE = "events_enriched";

  /** The schema of the reference table that PostgreSQL loads from a file by itself. */
  public static final String REFERENCE_SCHEMA = "analytics_reference";

  public static final String JDBC_REWRITE_TABLE = "events_enriched_rewrite";

  /** The database of the untimed warm-up; dropped at its end. */
  public static final String WARM_UP_DATABASE = "medallion_bench_warm_up";

  /** The rows of the warm-up (fewer if the benchmark has fewer). */
  static final long WARM_UP_ROWS = 20_000;

  /** The seed of the synthetic rows: the same seed and row count give the same rows. */
  public static final long SEED = 20261102L;

  // The driver itself, as WarehouseConnector does: DriverManager sees only its caller's loader.
  private static final Driver DRIVER = new org.postgresql.Driver();

  /**
   * What to measure.
   *
   * @param rows how many rows of {@code curated.events_enriched} to make and load
   * @param jdbcBatchSize the JDBC writer's {@code batchsize} (Spark's default is 1000)
   * @param jdbcRewrite also time the JDBC writer with pgjdbc's {@code reWriteBatchedInserts=true}
   */
  public record Config(long rows, int jdbcBatchSize, boolean jdbcRewrite) {
    public static final long DEFAULT_ROWS = 1_000_000;
    public static final int DEFAULT_JDBC_BATCH_SIZE = 1000;

    /** Up to 2^48 rows keep their {@code event_uuid} unique; far more than a machine loads. */
    static final long MAX_ROWS = 1L << 40;

    public Config {
      if (rows < 1 || rows > MAX_ROWS) {
        throw new ConfigException(
            "--rows", "must be from 1 to " + MAX_ROWS + ", got " + rows, "pass e.g. --rows 100000");
      }
      if (jdbcBatchSize < 1) {
        throw new ConfigException(
            "--jdbc-batch-size",
            "must be at least 1, got " + jdbcBatchSize,
            "pass e.g. --jdbc-batch-size " + DEFAULT_JDBC_BATCH_SIZE + " (Spark's default)");
      }
    }
  }

  /**
   * One timed path.
   *
   * @param path what was timed
   * @param rowsInWarehouse the rows of the path's {@code events_enriched} table afterwards
   * @param rowsLoaded the rows this run loaded (0 for the no-op re-run)
   * @param seconds wall-clock time of the path alone
   * @param peakHeap the most heap in use during it
   */
  public record Measurement(
      String path, long rowsInWarehouse, long rowsLoaded, double seconds, long peakHeap) {
    /** Rows loaded per second, or 0 when nothing was loaded. */
    public double rowsPerSecond() {
      return rowsLoaded == 0 || seconds <= 0 ? 0 : rowsLoaded / seconds;
    }
  }

  /**
   * Everything measured.
   *
   * @param metricsRows rows of {@code curated.daily_event_metrics}, which the load job loads too
   * @param load the load job's first load
   * @param loadBreakdown where the load job's time went: seconds by kind of warehouse call, then
   *     the rest (Spark and the job's own work outside the warehouse)
   * @param jdbc the JDBC writer, with pgjdbc's defaults first
   * @param jdbcPartitions how many partitions (so connections) the JDBC writer wrote with
   * @param noOp the load job again, with nothing new
   * @param reference PostgreSQL alone: the loaded rows copied from a server-side CSV file into a
   *     table of the same DDL, a ceiling for any loader on this machine
   * @param postgres the warehouse's {@code server_version}
   */
  public record Result(
      Config config,
      Machine machine,
      String postgres,
      long metricsRows,
      Measurement load,
      Map<String, Double> loadBreakdown,
      List<Measurement> jdbc,
      int jdbcPartitions,
      Measurement noOp,
      Measurement changed,
      Measurement reference,
      long peakHeap,
      long maxHeap,
      OptionalLong residentPeak,
      double loadAverageAtEnd) {}

  private final SparkSession spark;
  private final Progress progress;
  private final Progress jobProgress;

  /**
   * @param progress where the benchmark reports its steps
   * @param jobProgress where the load job reports its own
   */
  public LoadBenchmark(SparkSession spark, Progress progress, Progress jobProgress) {
    this.spark = spark;
    this.progress = progress;
    this.jobProgress = jobProgress;
  }

  /**
   * Runs the benchmark.
   *
   * @param work an empty directory of the benchmark's own: its lakes are written here
   * @param server the warehouse; the benchmark drops and makes databases {@value #DATABASE} and
   *     {@value #WARM_UP_DATABASE} in it, and drops the second at the end
   */
  public Result run(Config config, LakeLocation work, EmbeddedWarehouse server) {
    try (HeapPeak heap = new HeapPeak()) {
      return run(config, work, server, heap);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the benchmark's warehouse refused a statement: "
              + e.getMessage()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }

  private Result run(Config config, LakeLocation work, EmbeddedWarehouse server, HeapPeak heap)
      throws SQLException {
    Machine machine = Machine.describe(spark);
    progress.step("machine: " + machine.line());
    progress.step(
        "warehouse: embedded PostgreSQL on port "
            + server.port()
            + ", data in "
            + server.dataDir());
    warmUp(config, new Lake(spark, new LakeLocation(work.resolve("warm-up-lake"))), server);

    Lake lake = new Lake(spark, new LakeLocation(work.resolve("lake")));
    long metricsRows = writeCurated(config.rows(), lake);
    progress.step("reading curated.events_enriched once (its files into the OS's cache)");
    long curated = lake.read(LakeTable.CURATED_EVENTS_ENRICHED).count();
    if (curated != config.rows()) {
      throw new IllegalStateException(
          "curated.events_enriched holds " + curated + " rows, " + config.rows() + " were written");
    }
    String url = recreateDatabase(server, DATABASE);
    String postgres = serverVersion(url);
    String target = "embedded PostgreSQL " + postgres + ", database " + DATABASE;
    LoadConfig loadConfig =
        new LoadConfig(lake.location(), Dialect.POSTGRES, false, Optional.empty());

    checkpoint(url);
    progress.step("timing the load job's first load (COPY into the emptied tables) ...");
    Map<String, Long> times = TimedWarehouse.times();
    heap.phase();
    long started = System.nanoTime();
    RunSummary first = loadJob(loadConfig, url, times, target, jobProgress);
    double loadSeconds = (System.nanoTime() - started) / 1e9;
    long loadHeap = heap.phase();
    long loaded = first.curated().getOrDefault("events_enriched rows upserted", -1L);
    Measurement load =
        new Measurement(
            "load job: first load (COPY into the emptied tables)",
            count(url, LoadJob.SCHEMA + "." + LakeTable.CURATED_EVENTS_ENRICHED.tableName()),
            loaded,
            loadSeconds,
            loadHeap);
    progress.step(
        String.format(
            Locale.ROOT,
            "load job: %,d rows in %.1f s, %,.0f rows/s",
            loaded,
            loadSeconds,
            load.rowsPerSecond()));

    Dataset<Row> rows = forJdbc(lake);
    int partitions = rows.rdd().getNumPartitions();
    List<Measurement> jdbc = new ArrayList<>();
    for (boolean rewrite : config.jdbcRewrite() ? List.of(false, true) : List.of(false)) {
      String what = jdbcPath(config, rewrite);
      progress.step("timing " + what + ", " + partitions + " partitions (a connection each) ...");
      heap.phase();
      double seconds = writeJdbc(config, url, rows, rewrite);
      long peak = heap.phase();
      long inWarehouse = count(url, JDBC_SCHEMA + "." + jdbcTable(rewrite));
      Measurement m = new Measurement(what, inWarehouse, config.rows(), seconds, peak);
      progress.step(
          String.format(
              Locale.ROOT,
              "JDBC writer: %,d rows in %.1f s, %,.0f rows/s",
              inWarehouse,
              seconds,
              m.rowsPerSecond()));
      jdbc.add(m);
    }

    checkpoint(url);
    progress.step("timing a re-run of the load job with nothing new, in this JVM ...");
    heap.phase();
    started = System.nanoTime();
    RunSummary again = loadJob(loadConfig, url, TimedWarehouse.times(), target, jobProgress);
    double noOpSeconds = (System.nanoTime() - started) / 1e9;
    checkNothingLoaded(again);
    Measurement noOp =
        new Measurement(
            "load job: re-run, nothing new (same JVM)",
            count(url, LoadJob.SCHEMA + "." + LakeTable.CURATED_EVENTS_ENRICHED.tableName()),
            0,
            noOpSeconds,
            heap.phase());
    progress.step(String.format(Locale.ROOT, "no-op re-run: %.2f s", noOpSeconds));

    Measurement changed = changedRows(config, lake, loadConfig, url, target, heap);

    Measurement reference = serverSideCopy(url, heap);

    return new Result(
        config,
        machine,
        postgres,
        metricsRows,
        load,
        breakdown(times, loadSeconds),
        jdbc,
        partitions,
        noOp,
        changed,
        reference,
        heap.overall(),
        HeapPeak.max(),
        HeapPeak.residentPeak(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * Runs every timed step once, untimed, on {@value #WARM_UP_ROWS} rows of a lake and a database of
   * their own, so that neither path is timed while the JIT compiles its code or Spark plans a query
   * shape for the first time: the figures are those of a warm JVM, for both paths alike.
   */
  private void warmUp(Config config, Lake lake, EmbeddedWarehouse server) throws SQLException {
    long rows = Math.min(WARM_UP_ROWS, config.rows());
    progress.step(
        String.format(
            Locale.ROOT,
            "warm-up, not timed: every step once on %,d rows, into database %s ...",
            rows,
            WARM_UP_DATABASE));
    long started = System.nanoTime();
    writeCurated(rows, lake);
    String url = recreateDatabase(server, WARM_UP_DATABASE);
    LoadConfig loadConfig =
        new LoadConfig(lake.location(), Dialect.POSTGRES, false, Optional.empty());
    loadJob(loadConfig, url, TimedWarehouse.times(), WARM_UP_DATABASE, Progress.silent());
    Dataset<Row> jdbcRows = forJdbc(lake);
    for (boolean rewrite : config.jdbcRewrite() ? List.of(false, true) : List.of(false)) {
      writeJdbc(config, url, jdbcRows, rewrite);
    }
    checkNothingLoaded(
        loadJob(loadConfig, url, TimedWarehouse.times(), WARM_UP_DATABASE, Progress.silent()));
    dropDatabase(server, WARM_UP_DATABASE);
    progress.step(
        String.format(Locale.ROOT, "warm-up done in %.1f s", (System.nanoTime() - started) / 1e9));
  }

  /** Writes the synthetic curated tables; returns the rows of the metrics table. */
  private long writeCurated(long rows, Lake lake) {
    progress.step(
        String.format(
            Locale.ROOT,
            "writing %,d synthetic rows of curated.events_enriched to %s ...",
            rows,
            lake.location()));
    long started = System.nanoTime();
    int partitions = spark.sparkContext().defaultParallelism();
    Dataset<Row> events = SyntheticCurated.eventsEnriched(spark, rows, SEED, partitions);
    Txn txn = new Txn("medallion.bench", 1);
    lake.ensure(LakeTable.CURATED_EVENTS_ENRICHED);
    // One file per (date, type) partition of the table, as the curate job writes a day's events.
    lake.append(
        LakeTable.CURATED_EVENTS_ENRICHED,
        events.repartition(col(EVENT_DATE), col(EVENT_TYPE)),
        txn);
    lake.ensure(LakeTable.CURATED_DAILY_EVENT_METRICS);
    lake.append(
        LakeTable.CURATED_DAILY_EVENT_METRICS,
        DailyMetrics.compute(lake.read(LakeTable.CURATED_EVENTS_ENRICHED)),
        txn);
    long metrics = lake.read(LakeTable.CURATED_DAILY_EVENT_METRICS).count();
    progress.step(
        String.format(
            Locale.ROOT,
            "wrote the curated tables in %.1f s (and %,d rows of curated.daily_event_metrics)",
            (System.nanoTime() - started) / 1e9,
            metrics));
    return metrics;
  }

  /**
   * Every curated row changed (its {@code _curated_at}, as a curate rebuild does), then an
   * incremental load: the change feed reduced to one upsert per key, COPY into staging, MERGE into
   * the target. The load job's COPY + MERGE path, on all the rows.
   */
  private Measurement changedRows(
      Config config, Lake lake, LoadConfig loadConfig, String url, String target, HeapPeak heap)
      throws SQLException {
    progress.step("changing every curated row (a rewrite of curated.events_enriched) ...");
    Dataset<Row> now = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);
    lake.overwrite(
        LakeTable.CURATED_EVENTS_ENRICHED,
        now.withColumn(Columns.CURATED_AT, org.apache.spark.sql.functions.current_timestamp())
            .localCheckpoint(),
        new Txn("medallion.bench", 2));
    checkpoint(url);
    progress.step("timing the load job on every row changed (COPY into staging + MERGE) ...");
    heap.phase();
    long started = System.nanoTime();
    RunSummary changed = loadJob(loadConfig, url, TimedWarehouse.times(), target, jobProgress);
    double seconds = (System.nanoTime() - started) / 1e9;
    long upserted = changed.curated().getOrDefault("events_enriched rows upserted", -1L);
    if (upserted != config.rows()) {
      throw new IllegalStateException(
          "the incremental load upserted " + upserted + " rows, not " + config.rows());
    }
    Measurement m =
        new Measurement(
            "load job: every row changed (COPY into staging + MERGE)",
            count(url, LoadJob.SCHEMA + "." + LakeTable.CURATED_EVENTS_ENRICHED.tableName()),
            upserted,
            seconds,
            heap.phase());
    progress.step(
        String.format(
            Locale.ROOT,
            "load job, every row changed: %,d rows in %.1f s, %,.0f rows/s",
            upserted,
            seconds,
            m.rowsPerSecond()));
    return m;
  }

  private RunSummary loadJob(
      LoadConfig config, String url, Map<String, Long> times, String target, Progress progress) {
    return new LoadJob(spark, progress)
        .run(
            config,
            () -> {
              try {
                return new TimedWarehouse(new JdbcWarehouse(connect(url)), times);
              } catch (SQLException e) {
                throw new IllegalStateException(
                    "cannot connect to " + url + ": " + e.getMessage(), e);
              }
            },
            target);
  }

  private static void checkNothingLoaded(RunSummary again) {
    long upserted =
        again.curated().getOrDefault("events_enriched rows upserted", -1L)
            + again.curated().getOrDefault("daily_event_metrics rows upserted", -1L);
    if (upserted != 0) {
      throw new IllegalStateException(
          "the re-run of the load job loaded rows although nothing was new: " + again.curated());
    }
  }

  /**
   * The curated rows as the JDBC writer takes them: the same Delta version the load job read, the
   * columns in the table's order, the {@code attributes} map as JSON text (Spark's JDBC writer has
   * no type for a map; the load job writes JSON for it too), for a {@code jsonb} column.
   */
  private Dataset<Row> forJdbc(Lake lake) {
    Dataset<Row> table =
        lake.readAt(
            LakeTable.CURATED_EVENTS_ENRICHED, lake.version(LakeTable.CURATED_EVENTS_ENRICHED));
    List<Column> columns = new ArrayList<>();
    for (StructField f : Schemas.EVENTS_ENRICHED.fields()) {
      columns.add(
          f.name().equals(ATTRIBUTES) ? to_json(col(ATTRIBUTES)).as(ATTRIBUTES) : col(f.name()));
    }
    return table.select(columns.toArray(Column[]::new));
  }

  /**
   * PostgreSQL alone, for reference: the rows the load job loaded, written by the server to a CSV
   * file, then timed as they are read back with a server-side {@code COPY ... FROM 'file'} into a
   * table of the same DDL (primary key included): no Spark, no client, no staging, no MERGE.
   */
  private Measurement serverSideCopy(String url, HeapPeak heap) throws SQLException {
    WarehouseTable table =
        WarehouseTable.of(
            Dialect.POSTGRES,
            REFERENCE_SCHEMA,
            LakeTable.CURATED_EVENTS_ENRICHED.tableName(),
            Schemas.EVENTS_ENRICHED,
            LoadJob.TABLES.get(LakeTable.CURATED_EVENTS_ENRICHED));
    LoadSql sql = new LoadSql(Dialect.POSTGRES);
    Path file;
    try {
      file = Files.createTempFile("medallion-bench-", ".csv");
      Files.delete(file); // the server writes it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary file", e);
    }
    String quoted = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    try {
      try (Connection c = connect(url);
          Statement s = c.createStatement()) {
        s.execute(sql.createSchema(REFERENCE_SCHEMA));
        s.execute(sql.createTable(table));
        s.execute(
            "COPY " + LoadJob.SCHEMA + "." + table.name() + " TO " + quoted + " WITH (FORMAT csv)");
        c.commit();
      }
      checkpoint(url);
      progress.step(
          "reference, PostgreSQL alone: COPY FROM a server-side CSV file into "
              + table.qualifiedName()
              + " ...");
      heap.phase();
      long started = System.nanoTime();
      try (Connection c = connect(url);
          Statement s = c.createStatement()) {
        s.execute("COPY " + table.qualifiedName() + " FROM " + quoted + " WITH (FORMAT csv)");
        c.commit();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long rows = count(url, table.qualifiedName());
      return new Measurement(
          "reference: PostgreSQL alone, COPY FROM a server-side file",
          rows,
          rows,
          seconds,
          heap.phase());
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left behind
      }
    }
  }

  private static String jdbcTable(boolean rewrite) {
    return rewrite ? JDBC_REWRITE_TABLE : JDBC_TABLE;
  }

  private static String jdbcPath(Config config, boolean rewrite) {
    return "Spark JDBC writer, batchsize "
        + config.jdbcBatchSize()
        + (rewrite ? ", reWriteBatchedInserts=true" : " (pgjdbc defaults)");
  }

  /**
   * Makes the JDBC writer's table with the load job's DDL, checkpoints, and times {@code
   * df.write().mode("append").jdbc(...)} into it; returns the seconds.
   */
  private double writeJdbc(Config config, String url, Dataset<Row> rows, boolean rewrite)
      throws SQLException {
    WarehouseTable table =
        WarehouseTable.of(
            Dialect.POSTGRES,
            JDBC_SCHEMA,
            jdbcTable(rewrite),
            Schemas.EVENTS_ENRICHED,
            LoadJob.TABLES.get(LakeTable.CURATED_EVENTS_ENRICHED));
    LoadSql sql = new LoadSql(Dialect.POSTGRES);
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema(JDBC_SCHEMA));
      s.execute(sql.createTable(table));
      c.commit();
    }
    Properties properties = new Properties();
    properties.setProperty("driver", org.postgresql.Driver.class.getName());
    properties.setProperty("batchsize", Integer.toString(config.jdbcBatchSize()));
    // The attributes column is JSON text for a jsonb column: let the server type the strings.
    properties.setProperty("stringtype", "unspecified");
    if (rewrite) {
      properties.setProperty("reWriteBatchedInserts", "true");
    }
    checkpoint(url);
    long started = System.nanoTime();
    rows.write().mode("append").jdbc(url, table.qualifiedName(), properties);
    return (System.nanoTime() - started) / 1e9;
  }

  /** The seconds by kind of warehouse call, then the rest of the job's time. */
  static Map<String, Double> breakdown(Map<String, Long> nanos, double totalSeconds) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    double inWarehouse = 0;
    for (Map.Entry<String, Long> e : nanos.entrySet()) {
      seconds.put(e.getKey(), e.getValue() / 1e9);
      inWarehouse += e.getValue() / 1e9;
    }
    seconds.put(
        "the rest: plan, read Delta, cache and count the increment, job state, summary",
        Math.max(0, totalSeconds - inWarehouse));
    return seconds;
  }

  // ---------------------------------------------------------------------------------------------

  /** Drops and makes a database; returns its JDBC URL. */
  private static String recreateDatabase(EmbeddedWarehouse server, String database)
      throws SQLException {
    dropDatabase(server, database);
    try (Connection c = connect(server.jdbcUrl());
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CREATE DATABASE " + database);
    }
    return "jdbc:postgresql://localhost:"
        + server.port()
        + "/"
        + database
        + "?user="
        + server.user();
  }

  private static void dropDatabase(EmbeddedWarehouse server, String database) throws SQLException {
    try (Connection c = connect(server.jdbcUrl());
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static String serverVersion(String url) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version")) {
      r.next();
      return r.getString(1);
    }
  }

  /** Writes every dirty page now, so that a timed phase does not pay for the one before. */
  private static void checkpoint(String url) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CHECKPOINT");
    }
  }

  private static long count(String url, String table) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Connection connect(String url) throws SQLException {
    Connection c = DRIVER.connect(url, new Properties());
    if (c == null) {
      throw new SQLException("pgjdbc does not take the URL " + url);
    }
    c.setAutoCommit(false);
    return c;
  }
}
