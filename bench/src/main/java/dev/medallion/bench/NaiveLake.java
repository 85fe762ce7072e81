package dev.medallion.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The naive peer's lake: Delta tables under {@code out}, by their relative path. */
record NaiveLake(SparkSession spark, Path out) {
  String path(String table) {
    return out.resolve(table).toString();
  }

  boolean exists(String table) {
    return Files.isDirectory(out.resolve(table).resolve("_delta_log"));
  }

  Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }
}
