package dev.medallion.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;

/**
 * The datasets a run keeps in memory (spilling to disk), released together at its end; threads of
 * one run may add to it.
 */
final class Cached implements AutoCloseable {
  private final List<Dataset<?>> kept = java.util.Collections.synchronizedList(new ArrayList<>());

  <T> Dataset<T> keep(Dataset<T> rows) {
    Dataset<T> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    kept.add(persisted);
    return persisted;
  }

  @Override
  public void close() {
    synchronized (kept) {
      kept.forEach(Dataset::unpersist);
      kept.clear();
    }
  }
}
