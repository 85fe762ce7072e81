package dev.medallion.lake;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/**
 * The lake's Delta tables: where each lives, creating it with its contract schema, reading it, and
 * writing it idempotently (every write carries a {@link Txn}).
 */
public final class Lake {

  private final SparkSession spark;
  private final LakeLocation location;

  public Lake(SparkSession spark, LakeLocation location) {
    this.spark = spark;
    this.location = location;
  }

  public SparkSession spark() {
    return spark;
  }

  public LakeLocation location() {
    return location;
  }

  public String path(LakeTable table) {
    return location.tablePath(table);
  }

  public boolean exists(LakeTable table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /**
   * The table property that makes Delta check every commit to {@code cleansed.events} that read the
   * table against every commit since its snapshot, blind appends included (see {@code
   * dedup.index.UniqueAppend}). Delta 3.3 accepts no other value and assumes it when unset; it is
   * set explicitly so that the table says what its writers rely on.
   */
  public static final Map<String, String> SERIALIZABLE =
      Map.of("delta.isolationLevel", "Serializable");

  /**
   * {@link #ensure} for each of {@code tables}, at the same time: each is a Delta commit (or a read
   * of its log) of its own, which costs about a second in a fresh JVM.
   */
  public void ensureAll(List<LakeTable> tables) {
    try (ConcurrentWrites opening = new ConcurrentWrites()) {
      tables.forEach(table -> opening.submit(() -> ensure(table)));
      opening.awaitAll();
    }
  }

  /** Creates the table with its contract schema and partitioning if it is not there yet. */
  public void ensure(LakeTable table) {
    if (exists(table)) {
      return;
    }
    var builder = DeltaTable.createIfNotExists(spark).location(path(table));
    for (StructField field : Schemas.of(table).fields()) {
      builder = builder.addColumn(field);
    }
    if (!table.partitionColumns().isEmpty()) {
      builder = builder.partitionedBy(table.partitionColumns().toArray(String[]::new));
    }
    if (Schemas.of(table).getFieldIndex(Columns.RECORD).isDefined()) {
      // No statistics on the records' text: nothing filters on it, and its min and max are long.
      builder = builder.property(STATS_COLUMNS, statsColumns(table));
    } else if (table == LakeTable.CLEANSED_EVENTS || table == LakeTable.CURATED_EVENTS_ENRICHED) {
      // Statistics on what runs and queries filter on; none on the random uuids, the free text
      // or the attributes, which no file's min and max can narrow.
      builder =
          builder.property(
              STATS_COLUMNS,
              EVENT_STATS_COLUMNS.stream()
                  .filter(c -> Schemas.of(table).getFieldIndex(c).isDefined())
                  .filter(c -> !table.partitionColumns().contains(c))
                  .collect(java.util.stream.Collectors.joining(",")));
    }
    if (table == LakeTable.CLEANSED_EVENTS) {
      for (Map.Entry<String, String> property : SERIALIZABLE.entrySet()) {
        builder = builder.property(property.getKey(), property.getValue());
      }
    }
    builder.execute();
  }

  private static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  private static final List<String> EVENT_STATS_COLUMNS =
      List.of(
          Columns.INGEST_RUN,
          Columns.RUN_ID,
          Columns.INGESTED_AT,
          Columns.EVENT_TS,
          Columns.EVENT_TYPE,
          Columns.USER_ID,
          Columns.TRANSACTION_ID);

  /**
   * The columns Delta keeps statistics of: those of simple types but the partition columns (Delta
   * refuses them), the record text and the reason detail.
   */
  private static String statsColumns(LakeTable table) {
    return java.util.Arrays.stream(Schemas.of(table).fields())
        .filter(f -> f.dataType() instanceof org.apache.spark.sql.types.AtomicType)
        .map(StructField::name)
        .filter(name -> !name.equals(Columns.RECORD) && !name.equals(Columns.REASON_DETAIL))
        .filter(name -> !table.partitionColumns().contains(name))
        .collect(java.util.stream.Collectors.joining(","));
  }

  public Dataset<Row> read(LakeTable table) {
    return spark.read().format("delta").load(path(table));
  }

  /**
   * The table's current version, or -1 when it does not exist: the highest commit file in its
   * {@code _delta_log} (a listing, no Spark job; Delta keeps the newest commit file however it
   * cleans up its log).
   */
  public long version(LakeTable table) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    return files.list(path(table) + "/_delta_log").stream()
        .filter(name -> name.matches("\\d{20}\\.json"))
        .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
        .max()
        .orElse(-1);
  }

  /** One commit of a table's history. */
  public record Commit(
      long version,
      String operation,
      Map<String, String> parameters,
      Map<String, String> metrics) {}

  /** The commits from version {@code from} to {@code to}, both included, oldest first. */
  public List<Commit> history(LakeTable table, long from, long to) {
    List<Commit> commits = new ArrayList<>();
    for (Row row :
        DeltaTable.forPath(spark, path(table))
            .history()
            .where(col("version").between(from, to))
            .orderBy("version")
            .select("version", "operation", "operationParameters", "operationMetrics")
            .collectAsList()) {
      commits.add(
          new Commit(
              row.getLong(0),
              row.getString(1),
              row.isNullAt(2) ? Map.of() : row.getJavaMap(2),
              row.isNullAt(3) ? Map.of() : row.getJavaMap(3)));
    }
    return commits;
  }

  /** The change feed of the versions after {@code afterVersion} up to {@code toVersion}. */
  public Dataset<Row> readChanges(LakeTable table, long afterVersion, long toVersion) {
    return spark
        .read()
        .format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", afterVersion + 1)
        .option("endingVersion", toVersion)
        .load(path(table));
  }

  /** The table as it was at {@code version}. */
  public Dataset<Row> readAt(LakeTable table, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(table));
  }

  /** Clocks of different hosts may disagree: a commit this much older than a run is still read. */
  private static final long CLOCK_SKEW_MILLIS = 5 * 60_000L;

  /**
   * How many rows the commit tagged with {@code txn} wrote to {@code table} (its {@code
   * numOutputRows}, as Delta recorded it); 0 when no commit since {@code sinceMillis} carries it
   * (an empty write makes no commit). Reads only the commit files, newest first, and stops at the
   * first made before {@code sinceMillis} (the run's start: none of its commits is older); no Spark
   * job.
   */
  public long committedRows(LakeTable table, Txn txn, long sinceMillis) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    String log = path(table) + "/_delta_log";
    String marker = "\"appId\":\"" + txn.appId() + "\",\"version\":" + txn.version() + ",";
    for (long v = version(table); v >= 0; v--) {
      String commit = files.readString(String.format("%s/%020d.json", log, v));
      for (String line : commit.split("\n")) {
        if (!line.startsWith("{\"commitInfo\"")) {
          continue;
        }
        JsonNode info;
        try {
          info = JSON.readTree(line).path("commitInfo");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("commit " + v + " of " + table + " is unreadable", e);
        }
        if (commit.contains(marker)) {
          JsonNode rows = info.path("operationMetrics").path("numOutputRows");
          return rows.isMissingNode() ? 0 : Long.parseLong(rows.asText());
        }
        if (info.path("timestamp").asLong(Long.MAX_VALUE) < sinceMillis - CLOCK_SKEW_MILLIS) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  public void append(LakeTable table, Dataset<Row> rows, Txn txn) {
    write(table, rows, "append", null, txn);
  }

  /**
   * {@link #append}, for a writer that commits small batches often (the stream): one task writes
   * the rows (a file per partition value, no shuffle), and the check for {@code txn} reads the
   * commit's checksum file instead of rebuilding the table's state ({@link TxnLog}).
   *
   * @return whether it committed (false: {@code txn} was committed before)
   */
  public boolean appendOnce(LakeTable table, Dataset<Row> rows, Txn txn) {
    return TxnLog.appendOnce(
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table)), rows.coalesce(1), txn);
  }

  public void overwrite(LakeTable table, Dataset<Row> rows, Txn txn) {
    write(table, rows, "overwrite", null, txn);
  }

  /** Replaces the rows matching {@code predicate} (a SQL condition on partition columns). */
  public void replaceWhere(LakeTable table, Dataset<Row> rows, String predicate, Txn txn) {
    write(table, rows, "overwrite", predicate, txn);
  }

  /**
   * The rows laid out so that a write makes one file per partition value: a table whose partition
   * value is the same for a whole write (the ingest date of a run) or that has none gets one task;
   * any other is hash-partitioned on its partition columns into as many tasks as the session has
   * cores (a number given, so that adaptive execution keeps them apart).
   */
  public Dataset<Row> laidOut(LakeTable table, Dataset<Row> rows) {
    List<String> columns = table.partitionColumns();
    if (columns.isEmpty() || columns.equals(List.of(Columns.INGEST_DATE))) {
      return rows.coalesce(1);
    }
    int tasks = Math.max(1, spark.sparkContext().defaultParallelism());
    return rows.repartition(tasks, columns.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private void write(
      LakeTable table, Dataset<Row> rows, String mode, String replaceWhere, Txn txn) {
    var writer =
        laidOut(table, rows)
            .write()
            .format("delta")
            .mode(mode)
            .option("txnAppId", txn.appId())
            .option("txnVersion", txn.version());
    if (replaceWhere != null) {
      writer = writer.option("replaceWhere", replaceWhere);
    }
    writer.save(path(table));
  }

  /**
   * Replaces the rows whose key {@code rows} holds and adds those whose key is new, by rewriting
   * the whole table (one overwrite, no MERGE): for small tables whose change feed nothing reads.
   */
  public void replaceByKey(LakeTable table, Dataset<Row> rows, String key, Txn txn) {
    Dataset<Row> current = read(table);
    Dataset<Row> keys = rows.select(col(key).as("_new_key"));
    Dataset<Row> kept =
        current.join(keys, current.col(key).equalTo(keys.col("_new_key")), "left_anti");
    overwrite(table, kept.unionByName(rows), txn);
  }

  /**
   * Makes every existing table queryable by its DESIGN name ({@code cleansed.events}, ...) in this
   * session, and forgets the names of the tables this lake does not have (so that no query reads
   * another lake's table that a name was registered for earlier); returns the names registered.
   */
  public List<String> registerTables() {
    List<String> registered = new ArrayList<>();
    SessionCatalog catalog = spark.sessionState().catalog();
    for (LakeTable table : LakeTable.values()) {
      // Dropped through the catalog, not with DROP TABLE, which reads the old table's log first
      // (and waits for its storage, wherever that was).
      if (catalog.databaseExists(table.zone())) {
        catalog.dropTable(
            new TableIdentifier(table.tableName(), Option.apply(table.zone())), true, false);
      }
      if (!exists(table)) {
        continue;
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + table.zone());
      spark.sql(
          "CREATE TABLE "
              + table.qualifiedName()
              + " USING delta LOCATION '"
              + path(table).replace("'", "\\'")
              + "'");
      registered.add(table.qualifiedName());
    }
    return registered;
  }
}
