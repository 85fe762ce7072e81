package dev.medallion.stream;

import dev.medallion.curate.CuratedWrites;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Txn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * When the stream recomputes {@code curated.daily_event_metrics}: for the event dates its
 * micro-batches touched since it last did, once the metrics interval has passed, and when the query
 * stops. Recomputing a date reads every enriched event of that date, which would cost more than the
 * rest of a one-second micro-batch: it runs in a thread of its own, one recompute at a time, beside
 * the micro-batches that follow (which only add the dates they touch for the next one).
 *
 * <p>The dates waiting (and those being recomputed) are written, before the enriched rows that make
 * them wait are committed, to a file beside the query's checkpoint: a run killed in between finds
 * them there and recomputes them. Each recompute is a Delta write tagged with the stream's metrics
 * transaction id and the id of the micro-batch after which it started, so a replayed micro-batch
 * does not do it twice.
 */
final class MetricsRefresh {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MetricsRefresh.class);

  private final CuratedWrites curated;
  private final HadoopFiles files;
  private final String pendingFile;
  private final String appId;
  private final Duration interval;
  private final TreeSet<String> pending = new TreeSet<>();
  private final TreeSet<String> inFlight = new TreeSet<>();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "medallion-stream-metrics");
            t.setDaemon(true);
            return t;
          });
  private Future<?> running;
  private long lastMillis;
  private long lastBatch = -1;

  MetricsRefresh(CuratedWrites curated, HadoopFiles files, StreamConfig config) {
    this.curated = curated;
    this.files = files;
    this.pendingFile = config.checkpoint() + "/metrics-dates-pending";
    this.appId = config.appId() + ":metrics";
    this.interval = config.metricsInterval();
    if (files.exists(pendingFile)) {
      Arrays.stream(files.readString(pendingFile).split("\n"))
          .map(String::trim)
          .filter(d -> !d.isEmpty())
          .forEach(pending::add);
    }
  }

  /** Before the micro-batch commits enriched rows of {@code dates}: they wait from now on. */
  synchronized void touching(Collection<String> dates) {
    if (!pending.containsAll(dates)) {
      pending.addAll(dates);
      writePending();
    }
  }

  /**
   * After micro-batch {@code batchId}'s writes: starts a recompute of the waiting dates if it is
   * time and none is running (a zero interval: recomputes them now, in the micro-batch).
   */
  void afterBatch(long batchId) {
    lastBatch = batchId;
    if (System.currentTimeMillis() - lastMillis < interval.toMillis()) {
      return;
    }
    if (interval.isZero()) {
      awaitRunning();
      recompute(batchId);
      return;
    }
    synchronized (this) {
      if (running != null && !running.isDone()) {
        return;
      }
    }
    awaitRunning(); // rethrows a failed recompute's error into the micro-batch
    synchronized (this) {
      running = thread.submit(() -> recompute(batchId));
    }
  }

  /** When the query has stopped: waits for a recompute running, then recomputes what waits. */
  void flush() {
    try {
      awaitRunning();
      if (lastBatch >= 0) {
        recompute(lastBatch);
      }
    } finally {
      thread.shutdownNow();
    }
  }

  private void awaitRunning() {
    Future<?> r;
    synchronized (this) {
      r = running;
      running = null;
    }
    if (r == null) {
      return;
    }
    try {
      r.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the daily metrics were recomputed", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException("the daily metrics were not recomputed", e.getCause());
    }
  }

  private void recompute(long batchId) {
    List<String> dates;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      inFlight.addAll(pending);
      pending.clear();
      dates = new ArrayList<>(inFlight);
    }
    long started = System.currentTimeMillis();
    try {
      curated.recomputeMetrics(dates, new Txn(appId, batchId), started);
    } catch (RuntimeException e) {
      synchronized (this) {
        pending.addAll(inFlight);
        inFlight.clear();
      }
      LOG.warn("curated.daily_event_metrics: recomputing {} failed; they wait", dates, e);
      throw e;
    }
    synchronized (this) {
      inFlight.clear();
      writePending();
      lastMillis = started;
    }
  }

  /** The file of dates waiting: those waiting and those being recomputed. */
  private void writePending() {
    TreeSet<String> all = new TreeSet<>(pending);
    all.addAll(inFlight);
    files.writeString(pendingFile, all.isEmpty() ? "" : String.join("\n", all) + "\n");
  }
}
