package dev.medallion.bench;

import dev.medallion.bench.StreamBenchmark.Config;
import dev.medallion.bench.StreamBenchmark.Drain;
import dev.medallion.bench.StreamBenchmark.Latency;
import dev.medallion.bench.StreamBenchmark.LongRun;
import dev.medallion.bench.StreamBenchmark.Result;
import dev.medallion.bench.StreamBenchmark.StateSample;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.stream.BatchCounts;
import dev.medallion.stream.StreamMetrics;
import dev.medallion.stream.StreamMetrics.BatchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * {@link StreamBenchmark}'s result as text: the facts, then a table per question (the drain's rate,
 * its micro-batches and counts; the latencies; the state over the long run), each against its goal.
 */
public final class StreamBenchReport {
  /** The goals of the issue, which the report compares against. */
  static final double GOAL_EVENTS_PER_SECOND = 50_000;

  static final long GOAL_P99_MILLIS = 3_000;

  private StreamBenchReport() {}

  public static String render(Result r) {
    Config c = r.config();
    StringBuilder out = new StringBuilder();
    out.append("Streaming cleanse stage: sustained rate, end-to-end latency, state size\n");
    out.append("machine:  ")
        .append(r.machine().line())
        .append(
            r.loadAverageAtEnd() >= 0
                ? String.format(Locale.ROOT, ", %.2f at the end", r.loadAverageAtEnd())
                : "")
        .append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Spark:    %s, %s, default parallelism %d, spark.sql.shuffle.partitions %s%n",
            r.machine().spark(),
            r.machine().sparkMaster(),
            r.machine().sparkParallelism(),
            r.shufflePartitions()));
    out.append(
        String.format(
            Locale.ROOT,
            "events:   the producer's generator: %s retried, %s late (%s behind), %s malformed;"
                + " %d shards%n",
            percent(StreamBenchmark.DUPLICATES),
            percent(StreamBenchmark.LATE),
            duration(ProduceOptions.DEFAULT_LATE_BY),
            percent(StreamBenchmark.MALFORMED),
            c.shards()));
    out.append(
        String.format(
            Locale.ROOT,
            "job:      watermark delay %s, late policy keep, state store %s%n",
            duration(c.watermarkDelay()),
            c.stateStore()));
    out.append('\n');

    drains(r, out);
    latencies(r, out);
    longRuns(r, out);
    r.emulatorSkipped()
        .ifPresent(
            reason -> out.append("emulator phases left out: ").append(reason).append("\n\n"));

    out.append(
        String.format(
            Locale.ROOT,
            "memory: peak heap in use %s of a %s limit (sampled every %d ms)",
            LoadBenchReport.gib(r.peakHeap()),
            LoadBenchReport.gib(r.maxHeap()),
            HeapPeak.PERIOD_MS));
    r.residentPeak()
        .ifPresent(
            rss -> out.append("; peak resident set of this JVM ").append(LoadBenchReport.gib(rss)));
    out.append("; the emulator's Node.js process is not counted\n");
    return out.toString();
  }

  private static void drains(Result r, StringBuilder out) {
    Config c = r.config();
    out.append(
        String.format(
            Locale.ROOT,
            "1. Sustained rate: a backlog drained with Trigger.AvailableNow into an empty lake (its"
                + " tables made before the clock starts); JVM warm: a drain of %,d events into"
                + " another lake ran first, untimed%n",
            r.warmUpEvents()));
    List<Drain> drains = new ArrayList<>();
    drains.add(r.backlog());
    r.emulator().ifPresent(drains::add);
    TextTable table =
        new TextTable(
            "drain",
            "records",
            "micro-batches",
            "seconds",
            "events/s",
            "in batches/s",
            "batch rows/s median",
            "min",
            "peak heap",
            "load");
    for (Drain d : drains) {
      long[] rates = sorted(d.withRecords(), b -> Math.round(b.rowsPerSecond()));
      table.row(
          d.source(),
          count(d.counts().read()),
          Integer.toString(d.withRecords().size()),
          String.format(Locale.ROOT, "%.1f", d.seconds()),
          count(Math.round(d.eventsPerSecond())),
          count(Math.round(d.batchEventsPerSecond())),
          count(StreamMetrics.percentile(rates, 0.5)),
          count(rates.length == 0 ? -1 : rates[0]),
          LoadBenchReport.gib(d.peakHeap()),
          load(d.loadAverage()));
    }
    out.append(table.render());
    out.append(
        "events/s: records read / the run's wall time, query start to stop; in batches/s: records"
            + " / the micro-batches' durations summed; a batch's rows/s: its records / its"
            + " duration (Spark's batchDuration: offsets, plan, the writes, the commit)\n");
    out.append(
        String.format(
            Locale.ROOT,
            "goal >= %,.0f events/s: %s (%,.0f events/s over the whole drain of the Parquet"
                + " backlog)%n",
            GOAL_EVENTS_PER_SECOND,
            r.backlog().eventsPerSecond() >= GOAL_EVENTS_PER_SECOND ? "met" : "not met",
            r.backlog().eventsPerSecond()));
    out.append(
        String.format(
            Locale.ROOT,
            "the Parquet backlog: %d files, %d a micro-batch (one per shard, about %,d records a"
                + " batch)%n",
            r.backlogFiles(),
            c.shards(),
            c.batchEvents()));
    r.emulator()
        .ifPresent(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "the emulator took its %,d records at %,.0f records/s (PutRecords); its"
                            + " reads, not the job, bound that drain%n",
                        e.produced().recordsPut(),
                        e.produced().recordsPerSecond())));
    out.append('\n');

    TextTable batches =
        new TextTable("micro-batch of the Parquet drain", "records", "ms", "rows/s", "state rows");
    for (BatchReport b : r.backlog().withRecords()) {
      batches.row(
          Long.toString(b.counts().batchId()),
          count(b.counts().read()),
          count(b.durationMillis()),
          count(Math.round(b.rowsPerSecond())),
          count(b.stateRows()));
    }
    out.append(batches.render());
    out.append('\n');

    TextTable counts =
        new TextTable("counts", "records", "cleansed", "duplicates", "quarantined", "late");
    for (Drain d : drains) {
      counts.row(
          d.source() + ": producer",
          count(d.produced().recordsPut()),
          count(d.produced().distinctValidUuids()),
          count(d.produced().duplicates()),
          count(d.produced().malformed()),
          count(d.produced().late()));
      BatchCounts t = d.counts();
      counts.row(
          d.source() + ": drained",
          count(t.read()),
          count(t.cleansed()),
          count(t.duplicates()),
          count(t.quarantined()),
          count(t.late()));
    }
    out.append(counts.render());
    out.append(
        "late: the producer's events made "
            + duration(ProduceOptions.DEFAULT_LATE_BY)
            + " old; the drain's events found behind the"
            + " watermark (a first micro-batch has no watermark yet, so it finds none)\n");
    for (Drain d : drains) {
      out.append(d.source())
          .append(
              d.balanced()
                  ? ": the drain counted what the producer put\n"
                  : ": THE DRAIN'S COUNTS DIFFER FROM THE PRODUCER'S\n");
    }
    out.append('\n');
  }

  private static void latencies(Result r, StringBuilder out) {
    Config c = r.config();
    if (r.latencies().isEmpty()) {
      return;
    }
    out.append(
        String.format(
            Locale.ROOT,
            "2. End-to-end latency through the Kinesis emulator and medallion-kinesis, from"
                + " attributes.produced_at_ms to the commit that made the event visible in"
                + " cleansed.events; %d s at each rate after a warm-up of %d s at it, whose events"
                + " are not counted%n",
            c.seconds(),
            c.warmUpSeconds()));
    TextTable table =
        new TextTable(
            "rate asked/s",
            "trigger",
            "achieved/s",
            "valid events",
            "latencies",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "micro-batches",
            "peak heap",
            "load");
    for (Latency l : r.latencies()) {
      table.row(
          count(Math.round(l.rate())),
          duration(l.trigger()),
          count(Math.round(l.produced().recordsPerSecond())),
          count(l.produced().distinctValidUuids()),
          count(l.millis().length),
          count(l.percentile(0.50)),
          count(l.percentile(0.95)),
          count(l.percentile(0.99)),
          count(l.percentile(1.0)),
          count(l.batches()),
          LoadBenchReport.gib(l.peakHeap()),
          load(l.loadAverage()));
    }
    out.append(table.render());
    out.append(
        "achieved/s: records put per second, retries included (the producer is one thread of"
            + " PutRecords; the emulator sets its pace); valid events: the measured period's"
            + " distinct valid events, put; latencies: those seen in cleansed, one an event\n");
    for (Latency l : r.latencies()) {
      long p99 = l.percentile(0.99);
      out.append(
          String.format(
              Locale.ROOT,
              "goal p99 < %.0f s at %,d records/s (achieved %,d), trigger %s: %s (p99 %,d ms)%n",
              GOAL_P99_MILLIS / 1000.0,
              Math.round(l.rate()),
              Math.round(l.produced().recordsPerSecond()),
              duration(l.trigger()),
              p99 >= 0 && p99 < GOAL_P99_MILLIS ? "met" : "not met",
              p99));
    }
    out.append('\n');
  }

  private static void longRuns(Result r, StringBuilder out) {
    Config c = r.config();
    for (LongRun run : r.longRuns()) {
      long expected = run.expectedStateRows(c.watermarkDelay());
      out.append(
          String.format(
              Locale.ROOT,
              "3. State over a long run, state store %s: %,d records/s asked (%,.0f achieved) for"
                  + " %d s, watermark delay %s, trigger %s%n",
              run.stateStore(),
              Math.round(run.rate()),
              run.produced().recordsPerSecond(),
              c.longSeconds(),
              duration(c.watermarkDelay()),
              duration(run.trigger())));
      TextTable table =
          new TextTable("seconds", "micro-batch", "records", "state rows", "watermark");
      for (StateSample s : run.samples()) {
        table.row(
            String.format(Locale.ROOT, "%.0f", s.seconds()),
            Long.toString(s.batchId()),
            count(s.records()),
            count(s.stateRows()),
            s.watermark() == null ? "-" : s.watermark());
      }
      out.append(table.render());
      out.append(
          String.format(
              Locale.ROOT,
              "sampled every tenth of the run (the last micro-batch with records then), and"
                  + " once every event was in cleansed%n"
                  + "state rows over the second half's micro-batches: min %,d, max %,d (max/min %s);"
                  + " expected about %,d: the new timely events of 2 watermark delays and of one"
                  + " micro-batch's span (%.1f s on average): a uuid is dropped once the watermark"
                  + " of the batch before (its newest event time less the delay) passes its event"
                  + " time plus the delay%n",
              run.secondHalfMin(),
              run.secondHalfMax(),
              run.secondHalfMin() <= 0
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.2f", (double) run.secondHalfMax() / run.secondHalfMin()),
              expected,
              run.batchSpanSeconds()));
      long[] l = run.latencies();
      out.append(
          String.format(
              Locale.ROOT,
              "latency of the %,d events visible after %.0f s: p50 %,d ms, p95 %,d ms, p99 %,d ms,"
                  + " max %,d ms; peak heap %s; load %s at the end%n",
              l.length,
              run.latencyFrom(),
              StreamMetrics.percentile(l, 0.50),
              StreamMetrics.percentile(l, 0.95),
              StreamMetrics.percentile(l, 0.99),
              StreamMetrics.percentile(l, 1.0),
              LoadBenchReport.gib(run.peakHeap()),
              load(run.loadAverage())));
      out.append('\n');
    }
  }

  /** {@code 1s}, {@code 500ms}, {@code 2h}: as the options take it. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms > 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms > 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static long[] sorted(List<BatchReport> batches, ToLongFunction<BatchReport> f) {
    return batches.stream().mapToLong(f).sorted().toArray();
  }

  private static String count(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(double p) {
    return String.format(Locale.ROOT, "%.0f%%", p * 100);
  }

  private static String load(double average) {
    return average < 0 ? "-" : String.format(Locale.ROOT, "%.1f", average);
  }
}
