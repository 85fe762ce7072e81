package dev.medallion.lake;

import static org.apache.spark.sql.functions.col;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The lake's Delta tables: where each lives, creating it with its contract schema, reading it, and
 * writing it idempotently (every write carries a {@link Txn}).
 */
public final class Lake {
  private static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  private static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

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
    if (table == LakeTable.CLEANSED_EVENTS) {
      for (Map.Entry<String, String> property : SERIALIZABLE.entrySet()) {
        builder = builder.property(property.getKey(), property.getValue());
      }
    }
    builder.execute();
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

  public void append(LakeTable table, Dataset<Row> rows, Txn txn) {
    write(table, rows, "append", null, txn);
  }

  public void overwrite(LakeTable table, Dataset<Row> rows, Txn txn) {
    write(table, rows, "overwrite", null, txn);
  }

  /** Replaces the rows matching {@code predicate} (a SQL condition on partition columns). */
  public void replaceWhere(LakeTable table, Dataset<Row> rows, String predicate, Txn txn) {
    write(table, rows, "overwrite", predicate, txn);
  }

  private void write(
      LakeTable table, Dataset<Row> rows, String mode, String replaceWhere, Txn txn) {
    var writer =
        rows.write()
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
   * Inserts the rows whose key is new and replaces those whose key exists (a MERGE). Delta's
   * DataFrame options do not reach MERGE, so the transaction id goes through the session, only for
   * this statement.
   */
  public void upsert(LakeTable table, Dataset<Row> rows, String key, Txn txn) {
    spark.conf().set(TXN_APP_ID, txn.appId());
    spark.conf().set(TXN_VERSION, Long.toString(txn.version()));
    try {
      DeltaTable.forPath(spark, path(table))
          .as("t")
          .merge(rows.as("s"), "t." + key + " = s." + key)
          .whenMatched()
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      spark.conf().unset(TXN_APP_ID);
      spark.conf().unset(TXN_VERSION);
    }
  }

  /**
   * Makes every existing table queryable by its DESIGN name ({@code cleansed.events}, ...) in this
   * session; returns the names registered.
   */
  public List<String> registerTables() {
    List<String> registered = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      if (!exists(table)) {
        continue;
      }
      spark.sql("CREATE DATABASE IF NOT EXISTS " + table.zone());
      spark.sql("DROP TABLE IF EXISTS " + table.qualifiedName());
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
