package dev.medallion.load;

import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.progress.Work;
import dev.medallion.run.Faults;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.transform.NetChanges;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.LoadSql;
import dev.medallion.warehouse.Warehouse;
import dev.medallion.warehouse.WarehouseColumn;
import dev.medallion.warehouse.WarehouseTable;
import dev.medallion.warehouse.jdbc.JdbcWarehouse;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The warehouse load job: {@code curated.events_enriched} and {@code curated.daily_event_metrics}
 * into schema {@value #SCHEMA}, incrementally and exactly once.
 *
 * <p>The warehouse holds the load's state: per table, the curated Delta version loaded last (table
 * {@value LoadSql#STATE_TABLE}). A load reads the change feed of the versions after it, reduces it
 * to one change per key ({@link NetChanges}), streams that into a staging table, MERGEs it into the
 * target on the key and records the new version: both tables, their DDL and their state in one
 * transaction. So a load killed at any point leaves the warehouse as it was, and a load with
 * nothing new changes nothing. Without a usable change feed (the first load, {@code --full-reload},
 * history cleaned up) the table is loaded whole, replacing what it held.
 */
public final class LoadJob {
  public static final String JOB = "load";
  public static final String SCHEMA = "analytics";

  /** The curated tables the load copies, with their keys. */
  public static final Map<LakeTable, List<String>> TABLES =
      Map.of(
          LakeTable.CURATED_EVENTS_ENRICHED,
          List.of(Columns.EVENT_UUID),
          LakeTable.CURATED_DAILY_EVENT_METRICS,
          List.of(Columns.EVENT_DATE, Columns.EVENT_TYPE, Columns.COUNTRY));

  private static final List<LakeTable> ORDER =
      List.of(LakeTable.CURATED_EVENTS_ENRICHED, LakeTable.CURATED_DAILY_EVENT_METRICS);

  private final SparkSession spark;
  private final Progress progress;

  public LoadJob(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Loads what changed since the last load, over connections of {@code warehouse}. */
  public RunSummary run(LoadConfig config, WarehouseConnector warehouse) {
    return run(config, () -> new JdbcWarehouse(warehouse.connect()), warehouse.target().redacted());
  }

  /**
   * Loads what changed since the last load.
   *
   * @param warehouse opens the warehouse transaction (a new connection)
   * @param target the warehouse, as the summary names it (no credentials)
   */
  public RunSummary run(LoadConfig config, Supplier<Warehouse> warehouse, String target) {
    long started = System.currentTimeMillis();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    Lake lake = new Lake(spark, config.lake());
    for (LakeTable table : ORDER) {
      if (!lake.exists(table)) {
        throw new IllegalStateException(
            table.qualifiedName()
                + " does not exist in "
                + config.lake()
                + ": there is nothing to load yet. Run 'medallion pipeline' (or curate) first.");
      }
    }
    BookmarkStore store = new HadoopBookmarkStore(files, config.lake().stateRoot(), JOB);
    JobState state = store.current();
    try (RunLease lease = store.lease("(planning)", 0, state.version())) {
      long run = store.resume(state).nextRun();
      RunPlan plan =
          new RunPlan(
              JOB,
              run,
              RunPlan.runId(run, started),
              1,
              state.version(),
              started,
              "job-bookmark-enable",
              config.fullReload(),
              Map.of(),
              Map.of(),
              Map.of());
      store.claim(plan);
      lease.running(plan.runId(), 1);
      return RunSummaries.failureRecorded(
          files,
          config.lake(),
          plan,
          started,
          () -> load(config, lake, plan, warehouse, target, files, started));
    }
  }

  private RunSummary load(
      LoadConfig config,
      Lake lake,
      RunPlan plan,
      Supplier<Warehouse> open,
      String target,
      HadoopFiles files,
      long started) {
    LoadSql sql = new LoadSql(config.dialect());
    Map<String, Long> counts = new LinkedHashMap<>();
    progress.step("run " + plan.runId() + ": loading into " + target);
    try (Warehouse w = open.get()) {
      w.execute(sql.createSchema(SCHEMA));
      w.execute(sql.createStateTable(SCHEMA));
      w.execute(sql.lockState(SCHEMA));
      for (LakeTable table : ORDER) {
        counts.putAll(loadTable(config, lake, sql, w, table, plan));
      }
      Faults.point("load.before-commit");
      w.commit();
    }
    RunSummary summary =
        RunSummary.of(
            plan,
            RunSummary.SUCCEEDED,
            started,
            Map.of(),
            Map.of(),
            counts,
            null,
            "loaded into " + target);
    RunSummaries.write(files, lake.location(), summary);
    return summary;
  }

  private Map<String, Long> loadTable(
      LoadConfig config, Lake lake, LoadSql sql, Warehouse w, LakeTable table, RunPlan plan) {
    String name = table.tableName();
    List<String> key = TABLES.get(table);
    WarehouseTable target =
        WarehouseTable.of(config.dialect(), SCHEMA, name, Schemas.of(table), key);
    long version = lake.version(table);
    long loaded = w.queryLong(sql.selectState(SCHEMA), name).orElse(-1L);
    Map<String, Long> counts = new LinkedHashMap<>();
    if (!config.fullReload() && loaded == version) {
      progress.step(name + ": curated version " + version + " is loaded already; nothing to do");
      counts.put(name + " rows upserted", 0L);
      counts.put(name + " rows deleted", 0L);
      return counts;
    }
    w.execute(sql.createTable(target));
    List<WarehouseColumn> existing = w.columns(sql.selectColumns(), SCHEMA, name);
    for (String alter : sql.evolve(target, existing)) {
      progress.step(name + ": curated has a new column: " + alter);
      w.execute(alter);
    }
    List<String> columns = target.columnNames();
    boolean whole =
        config.fullReload()
            || loaded < 0
            || loaded > version
            || !changesReadable(lake, table, loaded, version);
    if (whole && config.dialect() == Dialect.POSTGRES) {
      // Every row is new once the table is emptied in this transaction: straight into it.
      progress.step(name + ": loading curated version " + version + " whole");
      w.execute(sql.truncate(target));
      Dataset<Row> current = lake.readAt(table, version).select(columnsOf(columns));
      long rows;
      try (Work copying = progress.work(JOB + " " + name, "rows")) {
        if (copying.shown()) {
          // Delta answers a count from the table's statistics, without reading its files.
          copying.expect(Work.Expected.records(current.count()));
        }
        rows =
            w.copyIn(
                sql.copyFromStdin(target), copying.counting(current.toLocalIterator()), columns);
      }
      Faults.point("load.staged");
      Faults.point("load.merged");
      recordState(sql, w, name, version, rows);
      counts.put(name + " rows upserted", rows);
      counts.put(name + " rows deleted", 0L);
      return counts;
    }
    Dataset<Row> increment =
        (whole
                ? NetChanges.allUpserts(lake.readAt(table, version), columns, LoadSql.OP)
                : NetChanges.of(lake.readChanges(table, loaded, version), key, columns, LoadSql.OP))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try (Work copying = progress.work(JOB + " " + name, "rows")) {
      long deletes =
          whole ? 0 : increment.where(increment.col(LoadSql.OP).equalTo(NetChanges.DELETE)).count();
      if (copying.shown() && !whole) {
        // The increment is cached by the count of its deletes: counting it again reads the cache.
        copying.expect(Work.Expected.records(increment.count()));
      }
      progress.step(
          whole
              ? name + ": loading curated version " + version + " whole"
              : name
                  + ": loading the changes of curated versions "
                  + (loaded + 1)
                  + ".."
                  + version);
      if (whole) {
        w.execute(sql.truncate(target));
      }
      String staging = "_medallion_stage_" + name;
      w.execute(sql.createStaging(target, staging));
      List<String> staged = new java.util.ArrayList<>(columns);
      staged.add(LoadSql.OP);
      long rows = stage(config, sql, w, increment, staging, staged, plan, name, copying);
      Faults.point("load.staged");
      for (String statement : sql.merge(target, staging)) {
        w.execute(statement);
      }
      Faults.point("load.merged");
      recordState(sql, w, name, version, rows);
      w.execute(sql.dropStaging(staging));
      counts.put(name + " rows upserted", rows - deletes);
      counts.put(name + " rows deleted", deletes);
      return counts;
    } finally {
      increment.unpersist();
    }
  }

  private static org.apache.spark.sql.Column[] columnsOf(List<String> names) {
    return names.stream()
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  /** Records the Delta version the warehouse now holds of a table. */
  private static void recordState(LoadSql sql, Warehouse w, String name, long version, long rows) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (String statement : sql.upsertState(SCHEMA)) {
      long parameters = statement.chars().filter(c -> c == '?').count();
      if (parameters == 1) {
        w.execute(statement, name);
      } else {
        w.execute(statement, name, version, rows, now);
      }
    }
  }

  /** Streams the increment into the staging table; returns the rows staged. */
  private long stage(
      LoadConfig config,
      LoadSql sql,
      Warehouse w,
      Dataset<Row> increment,
      String staging,
      List<String> columns,
      RunPlan plan,
      String name,
      Work copying) {
    if (config.redshiftStaging().isPresent()) {
      LoadConfig.RedshiftStaging s3 = config.redshiftStaging().get();
      String uri = s3.s3Prefix().replaceAll("/+$", "") + "/" + plan.runId() + "/" + name;
      increment.write().mode("overwrite").parquet(uri);
      w.execute(sql.copyFromS3(staging, columns, uri, s3.iamRoleArn()));
      return increment.count();
    }
    return w.copyIn(
        sql.copyFromStdin(staging, columns),
        copying.counting(increment.toLocalIterator()),
        columns);
  }

  /**
   * Whether the change feed of every version after {@code loaded} up to {@code version} is there.
   */
  private static boolean changesReadable(Lake lake, LakeTable table, long loaded, long version) {
    return lake.history(table, loaded + 1, version).size() == version - loaded;
  }
}
