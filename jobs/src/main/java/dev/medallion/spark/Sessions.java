package dev.medallion.spark;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Builds the one SparkSession a process uses. Under spark-submit or AWS Glue the master and
 * resources come from there; run locally, the session is {@code local[*]}. Either way the session
 * gets what the jobs rely on: Delta Lake, UTC, and change data feed on new tables.
 */
public final class Sessions {
  private Sessions() {}

  /** The settings every Medallion session has, whoever launched it. */
  public static final Map<String, String> REQUIRED =
      ofPairs(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
          "spark.sql.session.timeZone", "UTC",
          // Every table keeps a change feed: curate and the warehouse load read increments from it.
          "spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true",
          // Dates and timestamps are proleptic Gregorian throughout, as Spark 3 computes them: a
          // valid date before 1582 (or 1900) is stored as it is instead of failing the write.
          "spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED",
          "spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED",
          "spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED",
          "spark.sql.parquet.int96RebaseModeInRead", "CORRECTED",
          // A run caches what it read once and reads it several times: compressing the cache costs
          // more (dictionary statistics on every string) than it saves in memory.
          "spark.sql.inMemoryColumnarStorage.compressed", "false",
          // The raw text and the uuids are all different: a dictionary for them is built and then
          // thrown away by every Parquet writer. (Session settings reach the writers' Hadoop conf.)
          "parquet.enable.dictionary#record", "false",
          "parquet.enable.dictionary#event_uuid", "false");

  /**
   * Off Glue, {@code s3://} (Glue's scheme, which Glue's own file system serves) is read and
   * written by Hadoop's S3A, so that one job argument works in both places. A session Medallion
   * finds running (Glue's) keeps its own.
   */
  public static final Map<String, String> S3_SCHEME =
      Map.of("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");

  /** Settings for a local run on a laptop: small shuffles, no UI, a temporary warehouse dir. */
  public static final Map<String, String> LOCAL_DEFAULTS =
      Map.of(
          "spark.master", "local[*]",
          "spark.ui.enabled", "false",
          "spark.ui.showConsoleProgress", "false",
          "spark.sql.shuffle.partitions", "8",
          "spark.default.parallelism", "8",
          "spark.databricks.delta.snapshotPartitions", "4",
          "spark.sql.adaptive.enabled", "true",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1",
          "spark.sql.warehouse.dir",
              Path.of(System.getProperty("java.io.tmpdir"), "medallion-warehouse")
                  .toUri()
                  .toString());

  /**
   * The session: the one that exists (AWS Glue, spark-submit code that made one, tests), kept as it
   * is but for the settings the jobs need, or else a new one, local unless spark-submit launched
   * this JVM.
   *
   * @param appName the application name shown by Spark
   * @param overrides {@code --conf} settings given by the user, applied last; {@code
   *     spark.hadoop.*} ones also reach an existing session's Hadoop configuration
   */
  public static SparkSession getOrCreate(String appName, Map<String, String> overrides) {
    Option<SparkSession> existing = SparkSession.getActiveSession();
    if (existing.isEmpty()) {
      existing = SparkSession.getDefaultSession();
    }
    if (existing.isDefined()) {
      SparkSession spark = existing.get();
      REQUIRED.forEach((k, v) -> setIfSessionLevel(spark, k, v));
      overrides.forEach(
          (k, v) -> {
            if (k.startsWith(HADOOP_PREFIX)) {
              spark
                  .sparkContext()
                  .hadoopConfiguration()
                  .set(k.substring(HADOOP_PREFIX.length()), v);
            } else {
              setIfSessionLevel(spark, k, v);
            }
          });
      return sizedToCores(spark);
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (System.getProperty("spark.master") == null) {
      LOCAL_DEFAULTS.forEach(builder::config);
    }
    REQUIRED.forEach(builder::config);
    S3_SCHEME.forEach((k, v) -> builder.config(HADOOP_PREFIX + k, v));
    overrides.forEach(builder::config);
    return sizedToCores(builder.getOrCreate());
  }

  private static final String HADOOP_PREFIX = "spark.hadoop.";

  /** Delta's partitions for rebuilding a table's state from its log (Delta's default: 50). */
  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  /**
   * Sizes what Spark and Delta would otherwise size for a large cluster to the cores the session
   * has, unless the user set it: Delta rebuilds every table's state from its log in a Spark job of
   * 50 tasks by default, whatever the log's size, which on a small machine costs more than the
   * job's own work. Where the job runs (a launcher, spark-submit, Glue) does not matter.
   */
  private static SparkSession sizedToCores(SparkSession spark) {
    int cores = Math.max(1, spark.sparkContext().defaultParallelism());
    if (!spark.sessionState().conf().contains(SNAPSHOT_PARTITIONS)
        && !spark.sparkContext().conf().contains(SNAPSHOT_PARTITIONS)) {
      spark.conf().set(SNAPSHOT_PARTITIONS, Integer.toString(Math.min(50, Math.max(2, cores))));
    }
    return spark;
  }

  /** A map of key, value, key, value ... in that order (Map.of stops at ten pairs). */
  private static Map<String, String> ofPairs(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /**
   * Sets a setting on a running session unless only a new session can take it (a static SQL
   * setting, or a core one such as {@code spark.master}). Not {@code isModifiable}: that is false
   * for settings Spark does not register, such as Delta's {@code
   * spark.databricks.delta.properties.defaults.*}, which a running session does take.
   */
  private static void setIfSessionLevel(SparkSession spark, String key, String value) {
    if (org.apache.spark.sql.internal.SQLConf.isStaticConfigKey(key)) {
      return;
    }
    try {
      spark.conf().set(key, value);
    } catch (RuntimeException e) {
      // a core setting: the running session keeps its own
    }
  }
}
