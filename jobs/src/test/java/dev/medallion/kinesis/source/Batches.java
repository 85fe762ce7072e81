package dev.medallion.kinesis.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A foreachBatch sink that keeps each micro-batch's rows by batch id, the way an idempotent sink
 * would: a batch run again after a restart replaces the rows it wrote the first time.
 */
final class Batches {
  private final Map<Long, List<Row>> byBatch = new ConcurrentSkipListMap<>();

  VoidFunction2<Dataset<Row>, Long> sink() {
    return (batch, id) -> byBatch.put(id, batch.collectAsList());
  }

  Map<Long, List<Row>> byBatch() {
    return byBatch;
  }

  /** Every row, in batch order. */
  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    byBatch.values().forEach(rows::addAll);
    return rows;
  }

  List<String> data() {
    return rows().stream().map(KinesisSourceIT::data).toList();
  }

  /** Waits until at least {@code count} rows are in; false on timeout. */
  boolean await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (rows().size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }
}
