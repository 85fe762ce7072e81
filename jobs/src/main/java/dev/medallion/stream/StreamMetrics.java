package dev.medallion.stream;

import dev.medallion.metrics.Emf;
import dev.medallion.metrics.Emf.Metric;
import dev.medallion.run.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The streaming job's metrics: per micro-batch, an Embedded Metric Format line (input rows, rows/s,
 * duration, watermark, state rows, late rows, duplicates, quarantined) and a progress line; over
 * the run, the totals and the end-to-end latency of the events that became visible in cleansed
 * (from {@code attributes.produced_at_ms}, which the producer sets, to the commit).
 */
public final class StreamMetrics {
  private final PrintStream emf;
  private final Progress progress;
  private final Map<Long, BatchCounts> pending = new ConcurrentHashMap<>();
  private final Map<Long, long[]> batchLatencies = new ConcurrentHashMap<>();
  private final List<BatchReport> batches = new ArrayList<>();
  private long[] latencies = new long[1024];
  private int latencyCount;

  /** One micro-batch as reported: its counts and what Spark measured. */
  public record BatchReport(
      BatchCounts counts,
      long durationMillis,
      double rowsPerSecond,
      String watermark,
      long stateRows,
      Long latencyMedianMillis,
      Long latencyMaxMillis) {

    public BatchReport(
        BatchCounts counts,
        long durationMillis,
        double rowsPerSecond,
        String watermark,
        long stateRows) {
      this(counts, durationMillis, rowsPerSecond, watermark, stateRows, null, null);
    }
  }

  public StreamMetrics(PrintStream emf, Progress progress) {
    this.emf = emf;
    this.progress = progress;
  }

  /** From the micro-batch, when its writes are done. */
  void batchDone(BatchCounts counts) {
    pending.put(counts.batchId(), counts);
  }

  /**
   * From micro-batch {@code batchId}: events produced at these times are visible in curated at
   * {@code now}; the batch's median and longest latency go to its report.
   */
  synchronized void visible(long batchId, List<Long> producedAtMillis, long now) {
    int mark = latencyCount;
    visible(producedAtMillis, now);
    long[] these = latenciesFrom(mark);
    if (these.length > 0) {
      batchLatencies.put(batchId, new long[] {these[these.length / 2], these[these.length - 1]});
    }
  }

  /** As {@link #visible(long, List, long)}, for no micro-batch in particular. */
  synchronized void visible(List<Long> producedAtMillis, long now) {
    for (Long produced : producedAtMillis) {
      if (produced == null) {
        continue;
      }
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = Math.max(0, now - produced);
    }
  }

  /** From the query's listener, after a micro-batch: the line for it. */
  void progress(StreamingQueryProgress p) {
    BatchCounts counts = pending.get(p.batchId());
    if (counts == null) {
      return; // a batch whose foreachBatch did not run (no data and no watermark change)
    }
    long duration = p.batchDuration();
    long stateRows = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      stateRows += op.numRowsTotal();
    }
    String watermark = p.eventTime() == null ? null : p.eventTime().get("watermark");
    double rate = duration <= 0 ? 0 : counts.read() * 1000.0 / duration;
    long[] latency = batchLatencies.remove(p.batchId());
    BatchReport report =
        new BatchReport(
            counts,
            duration,
            rate,
            watermark,
            stateRows,
            latency == null ? null : latency[0],
            latency == null ? null : latency[1]);
    synchronized (this) {
      // Moved under the lock that totals() takes, so that no moment counts the batch twice or not
      // at all.
      pending.remove(p.batchId());
      batches.add(report);
    }
    if (counts.read() == 0) {
      return;
    }
    Map<String, Metric> metrics = new LinkedHashMap<>();
    metrics.put("InputRows", Metric.count(counts.read()));
    metrics.put("ProcessedRowsPerSecond", Metric.perSecond(Math.round(rate * 10) / 10.0));
    metrics.put("BatchDurationMs", Metric.millis(duration));
    metrics.put("StateRows", Metric.count(stateRows));
    metrics.put("Cleansed", Metric.count(counts.cleansed()));
    metrics.put("LateRows", Metric.count(counts.late()));
    metrics.put("Duplicates", Metric.count(counts.duplicates()));
    metrics.put("Quarantined", Metric.count(counts.quarantined()));
    metrics.put("QuarantineRatio", Metric.ratio((double) counts.quarantined() / counts.read()));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("BatchId", p.batchId());
    properties.put("Watermark", watermark);
    emf.println(Emf.line(StreamJob.JOB, System.currentTimeMillis(), metrics, properties));
    progress.step(
        String.format(
            "batch %d: %d records in %d ms (%.0f/s): %d cleansed, %d duplicates, %d quarantined,"
                + " %d late; state %d rows; watermark %s",
            p.batchId(),
            counts.read(),
            duration,
            rate,
            counts.cleansed(),
            counts.duplicates(),
            counts.quarantined(),
            counts.late(),
            stateRows,
            watermark));
  }

  /** The micro-batches reported so far, oldest first. */
  public synchronized List<BatchReport> batches() {
    return List.copyOf(batches);
  }

  /** The totals over every micro-batch reported, and those still waiting for their report. */
  public synchronized BatchCounts totals() {
    long read = 0, cleansed = 0, duplicates = 0, quarantined = 0, late = 0, millis = 0;
    Map<String, Long> reasons = new TreeMap<>();
    List<BatchCounts> all = new ArrayList<>();
    batches.forEach(b -> all.add(b.counts()));
    all.addAll(pending.values());
    for (BatchCounts c : all) {
      read += c.read();
      cleansed += c.cleansed();
      duplicates += c.duplicates();
      quarantined += c.quarantined();
      late += c.late();
      millis += c.processingMillis();
      c.quarantinedByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
    }
    return new BatchCounts(-1, read, cleansed, duplicates, quarantined, late, reasons, millis);
  }

  /** End-to-end latencies in milliseconds, sorted. */
  public long[] latencies() {
    return latenciesFrom(0);
  }

  /** How many end-to-end latencies were recorded so far: a mark for {@link #latenciesFrom}. */
  public synchronized int latencyCount() {
    return latencyCount;
  }

  /**
   * The latencies recorded after the first {@code mark} ({@link #latencyCount} at some earlier
   * moment), in milliseconds, sorted: those of the events that became visible since then.
   */
  public synchronized long[] latenciesFrom(int mark) {
    if (mark < 0 || mark > latencyCount) {
      throw new IllegalArgumentException(
          "mark " + mark + " is not between 0 and the " + latencyCount + " latencies recorded");
    }
    long[] sorted = Arrays.copyOfRange(latencies, mark, latencyCount);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The {@code q}-quantile (0..1) of sorted values, or -1 when there are none. */
  public static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
