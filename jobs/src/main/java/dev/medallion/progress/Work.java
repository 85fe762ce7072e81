package dev.medallion.progress;

import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkContext;

/**
 * A long piece of work a job counts as it goes: files, bytes and records done, of totals it knows
 * up front where it knows them. A {@link ProgressDisplay} shows it from its opening until {@link
 * #close()}; one that no display shows ({@link #untracked()}) counts nothing.
 *
 * <p>Records are counted on the driver ({@link #addRecords}, {@link #counting}) or in Spark tasks
 * through {@link #readCounters}; the display reads both.
 */
public final class Work implements AutoCloseable {
  /** A total that is not known. */
  public static final long UNKNOWN = -1;

  /** What the work will have done at its end, where that is known. */
  public record Expected(long files, long bytes, long records) {
    /** {@code files} files of {@code bytes} bytes in all; their records are not known. */
    public static Expected files(long files, long bytes) {
      return new Expected(files, bytes, UNKNOWN);
    }

    public static Expected records(long records) {
      return new Expected(UNKNOWN, UNKNOWN, records);
    }

    public static Expected unknown() {
      return new Expected(UNKNOWN, UNKNOWN, UNKNOWN);
    }
  }

  private static final Work UNTRACKED = new Work(null, "", "", 0);

  private final ProgressDisplay display;
  private final String label;
  private final String unit;
  private final long openedNanos;
  private final LongAdder records = new LongAdder();
  private volatile Expected expected = Expected.unknown();
  private volatile ReadCounters counters;
  private volatile long closedNanos = -1;

  /** The rate's clock: the last time the records were seen to grow, and how many there were. */
  private long seenRecords;

  private long seenAtNanos;

  Work(ProgressDisplay display, String label, String unit, long openedNanos) {
    this.display = display;
    this.label = label;
    this.unit = unit;
    this.openedNanos = openedNanos;
    this.seenAtNanos = openedNanos;
  }

  /** Work that nothing shows: every method does nothing. */
  public static Work untracked() {
    return UNTRACKED;
  }

  /** Whether a display shows this work (if not, totals need not be computed). */
  public boolean shown() {
    return display != null;
  }

  /** Sets what the work will have done at its end. */
  public Work expect(Expected totals) {
    this.expected = totals;
    return this;
  }

  /**
   * The counters for Spark tasks of {@code spark}, registered on first use ({@link
   * ReadCounters#NONE} for untracked work).
   */
  public ReadCounters readCounters(SparkContext spark) {
    if (display == null) {
      return ReadCounters.NONE;
    }
    synchronized (this) {
      if (counters == null) {
        counters = ReadCounters.register(spark, label);
        display.watch(spark, counters);
      }
      return counters;
    }
  }

  /** {@code n} more records done, counted on the driver. */
  public void addRecords(long n) {
    if (display != null) {
      records.add(n);
    }
  }

  /** {@code rows}, each counted as a record as it is taken. */
  public <T> Iterator<T> counting(Iterator<T> rows) {
    if (display == null) {
      return rows;
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public T next() {
        T row = rows.next();
        records.increment();
        return row;
      }
    };
  }

  /** Ends the work: the display shows it no more (a plain display prints its last line). */
  @Override
  public void close() {
    if (display != null && closedNanos < 0) {
      closedNanos = display.now();
      display.closed(this);
    }
  }

  boolean closed() {
    return closedNanos >= 0;
  }

  /** What the work has done at {@code now}, with what {@code tasks} reports. */
  synchronized Snapshot snapshot(long now, SparkTasks tasks) {
    long end = closedNanos >= 0 ? closedNanos : now;
    long[] done = {0, 0, 0};
    ReadCounters c = counters;
    if (c != null) {
      long[] merged = c.merged();
      var ids = c.ids();
      for (int i = 0; i < 3; i++) {
        done[i] = Math.max(merged[i], tasks == null ? 0 : tasks.counted(ids.get(i)));
      }
    }
    long recordsDone = records.sum() + done[1];
    if (recordsDone != seenRecords) {
      seenRecords = recordsDone;
      seenAtNanos = end;
    }
    long[] running = tasks == null ? new long[2] : tasks.tasks();
    Expected e = expected;
    return new Snapshot(
        label,
        unit,
        end - openedNanos,
        recordsDone == 0 ? 0 : seenAtNanos - openedNanos,
        done[0],
        e.files(),
        done[2],
        e.bytes(),
        recordsDone,
        e.records(),
        running[0],
        running[1],
        closedNanos >= 0);
  }
}
