package dev.medallion.maintenance;

import dev.medallion.lake.HadoopFiles;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A table's files at one moment: the data files of its current version, and the Parquet files
 * stored under it (those, the files removed from the table that VACUUM has not deleted yet, change
 * data, and files of writes that never committed).
 */
record TableFiles(long files, long bytes, long storedFiles, long storedBytes) {

  static TableFiles of(SparkSession spark, HadoopFiles storage, String path) {
    Row detail = DeltaTable.forPath(spark, path).detail().select("numFiles", "sizeInBytes").first();
    long storedFiles = 0;
    long storedBytes = 0;
    for (LocatedFileStatus status : storage.listFilesRecursively(path)) {
      String name = status.getPath().getName();
      if (name.endsWith(".parquet")
          && !name.startsWith(".")
          && !status.getPath().toString().contains("/_delta_log/")) {
        storedFiles++;
        storedBytes += status.getLen();
      }
    }
    return new TableFiles(detail.getLong(0), detail.getLong(1), storedFiles, storedBytes);
  }
}
