package dev.medallion.progress;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What the tasks of a {@link Work} read: files, records and bytes, in named Spark accumulators (the
 * Spark UI shows them too). Taken into a task's closure; {@link #NONE} counts nothing and costs
 * nothing.
 */
public final class ReadCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Counts nothing: for work that no display shows. */
  public static final ReadCounters NONE = new ReadCounters(null, null, null);

  private final LongAccumulator files;
  private final LongAccumulator records;
  private final LongAccumulator bytes;

  private ReadCounters(LongAccumulator files, LongAccumulator records, LongAccumulator bytes) {
    this.files = files;
    this.records = records;
    this.bytes = bytes;
  }

  static ReadCounters register(SparkContext spark, String label) {
    return new ReadCounters(
        spark.longAccumulator(label + ": files read"),
        spark.longAccumulator(label + ": records read"),
        spark.longAccumulator(label + ": bytes read"));
  }

  /** A file was read to its end (or failed). */
  public void fileRead() {
    if (files != null) {
      files.add(1);
    }
  }

  public void recordRead() {
    if (records != null) {
      records.add(1);
    }
  }

  /** {@code n} more bytes of a file were read (compressed bytes for a compressed file). */
  public void bytesRead(long n) {
    if (bytes != null && n > 0) {
      bytes.add(n);
    }
  }

  /** On the driver: the counts of the tasks that ended, in the order files, records, bytes. */
  long[] merged() {
    return files == null ? new long[3] : new long[] {files.value(), records.value(), bytes.value()};
  }

  /** The accumulators' ids, in the order files, records, bytes (none for {@link #NONE}). */
  List<Long> ids() {
    return files == null ? List.of() : List.of(files.id(), records.id(), bytes.id());
  }
}
