package dev.medallion.maintenance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What Delta's OPTIMIZE would do to a table, for a dry run: its bin-packing, partition by
 * partition. A file smaller than {@code minFileSize} is a candidate; the candidates of a partition,
 * smallest first, are packed into bins of at most {@code maxFileSize}; a bin of two or more files
 * is written as one file, a bin of one is left alone, and so is every other file.
 */
public final class Compaction {
  /**
   * Delta's default {@code spark.databricks.delta.optimize.minFileSize} and {@code maxFileSize}.
   */
  public static final long DEFAULT_FILE_SIZE = 1024L * 1024 * 1024;

  /** The table's data files after OPTIMIZE, and how many of them it would write. */
  public record Result(long filesAfter, long filesWritten) {}

  private Compaction() {}

  /**
   * @param sizesPerPartition the sizes of the table's data files, one list per partition
   */
  public static Result of(
      Collection<? extends Collection<Long>> sizesPerPartition,
      long minFileSize,
      long maxFileSize) {
    long files = 0;
    long written = 0;
    for (Collection<Long> sizes : sizesPerPartition) {
      List<Long> candidates = new ArrayList<>();
      for (long size : sizes) {
        if (size < minFileSize) {
          candidates.add(size);
        } else {
          files++;
        }
      }
      candidates.sort(null);
      long binBytes = 0;
      int binFiles = 0;
      for (long size : candidates) {
        if (binFiles > 0 && binBytes + size > maxFileSize) {
          files++;
          written += binFiles > 1 ? 1 : 0;
          binBytes = 0;
          binFiles = 0;
        }
        binBytes += size;
        binFiles++;
      }
      if (binFiles > 0) {
        files++;
        written += binFiles > 1 ? 1 : 0;
      }
    }
    return new Result(files, written);
  }
}
