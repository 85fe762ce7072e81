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

/**
 * When the stream recomputes {@code curated.daily_event_metrics}: for the event dates its
 * micro-batches touched since it last did, once the metrics interval has passed, and when the query
 * stops. Recomputing a date reads every enriched event of that date, which would cost more than the
 * rest of a one-second micro-batch if done in each.
 *
 * <p>The dates waiting are written, before the enriched rows that make them wait are committed, to
 * a file beside the query's checkpoint: a run killed in between finds them there and recomputes
 * them in its first micro-batch. Each recompute is a Delta write tagged with the stream's metrics
 * transaction id and the micro-batch's id, so a replayed micro-batch does not do it twice.
 */
final class MetricsRefresh {
  private final CuratedWrites curated;
  private final HadoopFiles files;
  private final String pendingFile;
  private final String appId;
  private final Duration interval;
  private final TreeSet<String> pending = new TreeSet<>();
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
  void touching(Collection<String> dates) {
    if (!pending.containsAll(dates)) {
      pending.addAll(dates);
      files.writeString(pendingFile, String.join("\n", pending) + "\n");
    }
  }

  /** After micro-batch {@code batchId}'s writes: recomputes the waiting dates if it is time. */
  void afterBatch(long batchId) {
    lastBatch = batchId;
    if (System.currentTimeMillis() - lastMillis >= interval.toMillis()) {
      recompute(batchId);
    }
  }

  /** When the query has stopped: recomputes what waits. */
  void flush() {
    if (lastBatch >= 0) {
      recompute(lastBatch);
    }
  }

  private void recompute(long batchId) {
    if (pending.isEmpty()) {
      return;
    }
    List<String> dates = new ArrayList<>(pending);
    long started = System.currentTimeMillis();
    curated.recomputeMetrics(dates, new Txn(appId, batchId), started);
    pending.clear();
    files.writeString(pendingFile, "");
    lastMillis = started;
  }
}
