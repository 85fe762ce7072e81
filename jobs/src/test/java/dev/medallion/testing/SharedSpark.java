package dev.medallion.testing;

import dev.medallion.spark.Sessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: built on first use with test-sized settings, by the same code
 * the jobs use, and never stopped (the JVM ends it).
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          Sessions.getOrCreate(
              "medallion-tests",
              Map.of(
                  "spark.master", "local[2]",
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.databricks.delta.snapshotPartitions", "1",
                  "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"));
    }
    return session;
  }
}
