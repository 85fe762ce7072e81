package dev.medallion.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/** The datasets a run keeps in memory (spilling to disk), released together at its end. */
final class Cached implements AutoCloseable {
  private final List<Dataset<?>> kept = new ArrayList<>();

  <T> Dataset<T> keep(Dataset<T> rows) {
    Dataset<T> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    kept.add(persisted);
    return persisted;
  }

  @Override
  public void close() {
    kept.forEach(Dataset::unpersist);
    kept.clear();
  }
}
