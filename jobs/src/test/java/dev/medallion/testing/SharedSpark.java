package dev.medallion.testing;

import dev.medallion.spark.Sessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: built on first use with test-sized settings, by the same code
 * the jobs use, and never stopped (the JVM ends it).
 *
 * <p>Expressions are interpreted instead of compiled: on test-sized data Spark spent about a
 * quarter of a test JVM's CPU compiling generated code with Janino (a JFR profile of PipelineIT),
 * and interpreting cut that class's CPU time by about a fifth. Results are the same either way; the
 * runs of child JVMs and bin/medallion (the long suites, the demo, .ci/run) compile as a job does.
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
                  "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2",
                  "spark.sql.codegen.wholeStage", "false",
                  "spark.sql.codegen.factoryMode", "NO_CODEGEN"));
    }
    return session;
  }
}
