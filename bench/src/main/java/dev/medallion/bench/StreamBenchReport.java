package dev.medallion.bench;

import dev.medallion.bench.StreamBenchmark.Config;
import dev.medallion.bench.StreamBenchmark.Drain;
import dev.medallion.bench.StreamBenchmark.Latency;
import dev.medallion.bench.StreamBenchmark.LongRun;
import dev.medallion.bench.StreamBenchmark.Result;
import dev.medallion.bench.StreamBenchmark.StateSample;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.stream.BatchCounts;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamMetrics;
import dev.medallion.stream.StreamMetrics.BatchReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * {@link StreamBenchmark}'s result as text: the facts, then a table per question (the drain's rate,
 * its micro-batches and counts; steady with spikes; the latencies; the state over the long run),
 * each against its goal, each saying which path its records took ({@value
 * StreamBenchmark#IN_PROCESS} or {@value StreamBenchmark#EMULATOR}). Latency is always from {@code
 * attributes.produced_at_ms} to the commit that made the event visible in {@code
 * curated.events_enriched}.
 */
public final class StreamBenchReport {
  /** The goals of the issue, which the report compares against. */
  static final double GOAL_EVENTS_PER_SECOND = 50_000;

  static final long GOAL_P99_MILLIS = 3_000;

  /** The rate and trigger the p99 goal is set at. */
  static final long GOAL_P99_RATE = 5_000;

  static final Duration GOAL_P99_TRIGGER = Duration.ofSeconds(1);

  private StreamBenchReport() {}

  public static String render(Result r) {
    Config c = r.config();
    StringBuilder out = new StringBuilder();
    out.append(
        "Streaming job (raw, quarantine, cleansed and curated.events_enriched each micro-batch):"
            + " sustained rate, steady with spikes, end-to-end latency, state size\n");
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
            "job:      watermark delay %s, late policy keep, state store %s, daily metrics"
                + " recomputed at most every %s (the job's default)%n",
            duration(c.watermarkDelay()),
            c.stateStore(),
            duration(StreamConfig.DEFAULT_METRICS_INTERVAL)));
    out.append(
        "latency:  from attributes.produced_at_ms to the commit that made the event visible in"
            + " curated.events_enriched\n");
    out.append('\n');

    drains(r, out);
    r.spikes().ifPresent(s -> spikes(s, out));
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
                + " tables made before the clock starts), landing raw, quarantine, cleansed and"
                + " curated; JVM warm: a drain of %,d events (%s) into another lake ran first,"
                + " untimed%n",
            r.warmUpEvents(),
            StreamBenchmark.IN_PROCESS));
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
            "goal >= %,.0f events/s: %s (%,.0f events/s over the whole drain, %s)%n",
            GOAL_EVENTS_PER_SECOND,
            r.backlog().eventsPerSecond() >= GOAL_EVENTS_PER_SECOND ? "met" : "not met",
            r.backlog().eventsPerSecond(),
            r.backlog().source()));
    out.append(
        String.format(
            Locale.ROOT,
            "the Parquet backlog (%s): %d files, %d a micro-batch (one per shard, about %,d records a"
                + " batch)%n",
            StreamBenchmark.IN_PROCESS,
            r.backlogFiles(),
            c.shards(),
            c.batchEvents()));
    r.emulator()
        .ifPresent(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "%s: the emulator took its %,d records at %,.0f records/s (PutRecords);"
                            + " its reads, not the job, bound that drain%n",
                        e.source(),
                        e.produced().recordsPut(),
                        e.produced().recordsPerSecond())));
    out.append('\n');

    TextTable batches =
        new TextTable(
            "micro-batch of the drain, " + r.backlog().source(),
            "records",
            "ms",
            "rows/s",
            "state rows");
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

    counts(drains, out);
    out.append('\n');
  }

  /** What the producer put and what each drain counted, and whether they balance. */
  private static void counts(List<Drain> drains, StringBuilder out) {
    TextTable counts =
        new TextTable(
            "counts", "records", "cleansed", "duplicates", "quarantined", "late", "curated");
    for (Drain d : drains) {
      counts.row(
          d.source() + ": producer",
          count(d.produced().recordsPut()),
          count(d.produced().distinctValidUuids()),
          count(d.produced().duplicates()),
          count(d.produced().malformed()),
          count(d.produced().late()),
          count(d.produced().distinctValidUuids()));
      BatchCounts t = d.counts();
      counts.row(
          d.source() + ": drained",
          count(t.read()),
          count(t.cleansed()),
          count(t.duplicates()),
          count(t.quarantined()),
          count(t.late()),
          count(d.curated()));
    }
    out.append(counts.render());
    out.append(
        "late: the producer's events made "
            + duration(ProduceOptions.DEFAULT_LATE_BY)
            + " old; the drain's events found behind the"
            + " watermark (a first micro-batch has no watermark yet, so it finds none); curated:"
            + " rows of curated.events_enriched at the end, one per cleansed event expected\n");
    for (Drain d : drains) {
      out.append(d.source())
          .append(
              d.balanced()
                  ? ": the drain counted what the producer put\n"
                  : ": THE DRAIN'S COUNTS DIFFER FROM THE PRODUCER'S\n");
    }
  }

  /** The steady-with-spikes phase: its rates, a timeline, the latencies, the spikes, the heap. */
  private static void spikes(SteadySpikes.Result s, StringBuilder out) {
    SteadySpikes.Plan plan = s.plan();
    List<SteadySpikes.Window> windows = plan.windows();
    out.append(
        String.format(
            Locale.ROOT,
            "2. Steady with spikes, %s: a producer thread writes each second's records (the"
                + " producer's generator, produced_at_ms stamped as they are made) as a Parquet"
                + " file per shard, renamed in whole into a directory the stream job reads with"
                + " Spark's file stream source (at most %d s of files a micro-batch), trigger %s,"
                + " into a fresh lake; %,d records/s asked for %d s, %,d records/s in %d spike(s)"
                + " of %d s (%s)%n",
            StreamBenchmark.IN_PROCESS,
            SteadySpikes.MAX_SECONDS_A_BATCH,
            duration(StreamBenchmark.SPIKES_TRIGGER),
            Math.round(plan.steadyRate()),
            plan.seconds(),
            Math.round(plan.spikeRate()),
            windows.size(),
            plan.spikeSeconds(),
            windows.isEmpty() ? "none" : spans(windows)));
    out.append(
        String.format(
            Locale.ROOT,
            "achieved: %,d records/s steady, %s in spikes; %,d records written; making and"
                + " writing a second's files took %,d ms (median), %,d ms at most; the producer was"
                + " at most %,d ms behind its schedule of a set of files a second%n",
            Math.round(s.achieved(false)),
            windows.isEmpty()
                ? "-"
                : String.format(Locale.ROOT, "%,d records/s", Math.round(s.achieved(true))),
            s.drain().produced().recordsPut(),
            s.writeMillis()[0],
            s.writeMillis()[1],
            s.producerBehindMillis()));

    int step = Math.max(1, plan.seconds() / 10);
    TextTable timeline =
        new TextTable(
            "seconds",
            "asked/s",
            "written/s",
            "micro-batches",
            "records read",
            "batch ms median",
            "batch ms max",
            "lag max s",
            "lag at end s",
            "heap min",
            "heap max");
    for (int from = 0; from < plan.seconds(); from += step) {
      int to = Math.min(plan.seconds(), from + step);
      timelineRow(s, timeline, from, to);
    }
    timelineRow(s, timeline, plan.seconds(), Integer.MAX_VALUE);
    out.append(timeline.render());
    out.append(
        "micro-batches: those that ended in the span (with records); lag: now less the"
            + " produced_at_ms of the newest event visible in curated.events_enriched, sampled every"
            + " second; heap: in use, sampled every 20 ms; the last row: after the producer stopped,"
            + " until every event was in curated\n");

    TextTable latency =
        new TextTable("events produced", "events", "p50 ms", "p95 ms", "p99 ms", "max ms");
    latencyRow(latency, "all", s.overall());
    if (!windows.isEmpty()) {
      latencyRow(latency, "before the first spike", s.before());
      latencyRow(latency, "during spikes", s.during());
      latencyRow(latency, "after spikes (until the next or the end)", s.after());
    }
    out.append(latency.render());
    out.append(
        "latency: attributes.produced_at_ms to the commit that made the event visible in"
            + " curated.events_enriched; an event's produced time is when its commit was seen less"
            + " its latency\n");

    List<SteadySpikes.TimedBatch> batches = s.withRecords();
    long[] records = batches.stream().mapToLong(b -> b.batch().counts().read()).sorted().toArray();
    long[] millis = batches.stream().mapToLong(b -> b.batch().durationMillis()).sorted().toArray();
    out.append(
        String.format(
            Locale.ROOT,
            "micro-batches with records: %d; records a batch median %s, max %s; duration median %s"
                + " ms, p95 %s ms, max %s ms%n",
            batches.size(),
            count(StreamMetrics.percentile(records, 0.5)),
            count(StreamMetrics.percentile(records, 1.0)),
            count(StreamMetrics.percentile(millis, 0.5)),
            count(StreamMetrics.percentile(millis, 0.95)),
            count(StreamMetrics.percentile(millis, 1.0))));
    for (int i = 0; i < s.recoveries().size(); i++) {
      SteadySpikes.Recovery rec = s.recoveries().get(i);
      String verdict =
          rec.afterMillis() >= 0
              ? String.format(
                  Locale.ROOT,
                  "lag back under %d s within %.1f s after the spike ended",
                  SteadySpikes.LAG_GOAL_MILLIS / 1000,
                  rec.afterMillis() / 1000.0)
              : String.format(
                  Locale.ROOT,
                  "not back under %d s (lag %s at %s)",
                  SteadySpikes.LAG_GOAL_MILLIS / 1000,
                  rec.lagAtLimitMillis() < 0
                      ? "-"
                      : String.format(Locale.ROOT, "%.1f s", rec.lagAtLimitMillis() / 1000.0),
                  rec.beforeNextSpike() ? "the start of the next spike" : "the end of the phase");
      out.append(
          String.format(
              Locale.ROOT, "spike %d (%s): %s%n", i + 1, spans(List.of(rec.spike())), verdict));
    }
    if (!windows.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "goal lag under %d s within %d s after each spike: %s%n",
              SteadySpikes.LAG_GOAL_MILLIS / 1000,
              SteadySpikes.RECOVERY_GOAL_MILLIS / 1000,
              s.recoveryGoalMet() ? "met" : "not met"));
    }
    long[] first = s.heap(true);
    long[] last = s.heap(false);
    int head = plan.headSeconds();
    String span = head == 60 ? "minute" : head + " s";
    out.append(
        String.format(
            Locale.ROOT,
            "heap in use, first %s: %s – %s; last %s: %s – %s; %s (flat: the last %s's least at"
                + " most %.0f%% or %d MiB above the first's, whichever is more)%n",
            span,
            gib(first[0]),
            gib(first[1]),
            span,
            gib(last[0]),
            gib(last[1]),
            s.memoryFlat() ? "memory flat" : "memory not flat",
            span,
            (SteadySpikes.FLAT_TOLERANCE - 1) * 100,
            SteadySpikes.FLAT_SLACK_BYTES >> 20));
    out.append(
        String.format(Locale.ROOT, "goal memory flat: %s%n", s.memoryFlat() ? "met" : "not met"));
    out.append(
        String.format(
            Locale.ROOT,
            "every event in curated %.1f s after the producer's start (%d s of producing); peak"
                + " heap %s; load %s at the end%n",
            s.drain().seconds(),
            plan.seconds(),
            LoadBenchReport.gib(s.drain().peakHeap()),
            load(s.drain().loadAverage())));
    counts(List.of(s.drain()), out);
    out.append('\n');
  }

  /** The timeline's row of seconds [from, to) of the phase; to MAX_VALUE: after it. */
  private static void timelineRow(SteadySpikes.Result s, TextTable table, int from, int to) {
    boolean after = to == Integer.MAX_VALUE;
    long fromMs = s.startedMs() + from * 1000L;
    long toMs = after ? Long.MAX_VALUE : s.startedMs() + to * 1000L;
    List<SteadySpikes.TimedBatch> batches =
        s.withRecords().stream()
            .filter(b -> b.atMs() >= (from == 0 ? Long.MIN_VALUE : fromMs) && b.atMs() < toMs)
            .toList();
    if (after && batches.isEmpty()) {
      return;
    }
    long[] millis = batches.stream().mapToLong(b -> b.batch().durationMillis()).sorted().toArray();
    long read = batches.stream().mapToLong(b -> b.batch().counts().read()).sum();
    String asked = "-";
    String written = "-";
    if (!after) {
      double lo = Double.MAX_VALUE;
      double hi = 0;
      long records = 0;
      long ms = 0;
      for (SteadySpikes.Second sec : s.seconds()) {
        if (sec.index() >= from && sec.index() < to) {
          lo = Math.min(lo, sec.asked());
          hi = Math.max(hi, sec.asked());
          records += sec.records();
          ms += s.endOf(sec.index()) - sec.startedMs();
        }
      }
      asked =
          hi == 0
              ? "-"
              : lo == hi
                  ? count(Math.round(hi))
                  : count(Math.round(lo)) + "/" + count(Math.round(hi));
      written = ms <= 0 ? "-" : count(Math.round(records * 1000.0 / ms));
    }
    long lagMax = -1;
    long lagEnd = -1;
    long heapMin = Long.MAX_VALUE;
    long heapMax = 0;
    for (SteadySpikes.LagSample l : s.lag()) {
      if (!after && l.second() > from && l.second() <= to) {
        lagMax = Math.max(lagMax, l.lagMs());
        lagEnd = l.lagMs();
        heapMin = Math.min(heapMin, l.heapMin());
        heapMax = Math.max(heapMax, l.heapMax());
      }
    }
    table.row(
        after ? s.plan().seconds() + "- (drain)" : from + "-" + to,
        asked,
        written,
        Integer.toString(batches.size()),
        count(read),
        count(StreamMetrics.percentile(millis, 0.5)),
        count(StreamMetrics.percentile(millis, 1.0)),
        seconds(lagMax),
        seconds(lagEnd),
        heapMax == 0 ? "-" : LoadBenchReport.gib(heapMin),
        heapMax == 0 ? "-" : LoadBenchReport.gib(heapMax));
  }

  private static void latencyRow(TextTable table, String name, SteadySpikes.Percentiles p) {
    table.row(
        name, count(p.count()), count(p.p50()), count(p.p95()), count(p.p99()), count(p.max()));
  }

  /** {@code 60-120 s, 180-240 s}. */
  private static String spans(List<SteadySpikes.Window> windows) {
    return windows.stream()
        .map(w -> w.from() + "-" + w.to() + " s")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static String gib(long bytes) {
    return bytes < 0 ? "-" : LoadBenchReport.gib(bytes);
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  private static void latencies(Result r, StringBuilder out) {
    Config c = r.config();
    if (r.latencies().isEmpty()) {
      return;
    }
    out.append(
        String.format(
            Locale.ROOT,
            "3. End-to-end latency, %s: from attributes.produced_at_ms to the commit that made"
                + " the event visible in curated.events_enriched; %d s at each rate after a"
                + " warm-up of %d s at it, whose events are not counted%n",
            StreamBenchmark.EMULATOR,
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
            + " distinct valid events, put; latencies: those seen in curated.events_enriched, one an"
            + " event\n");
    boolean measured = false;
    for (Latency l : r.latencies()) {
      if (Math.round(l.rate()) != GOAL_P99_RATE || !l.trigger().equals(GOAL_P99_TRIGGER)) {
        continue;
      }
      measured = true;
      long p99 = l.percentile(0.99);
      out.append(
          String.format(
              Locale.ROOT,
              "goal p99 < %.0f s at %,d records/s, trigger %s (%s; achieved %,d records/s): %s"
                  + " (p99 %,d ms)%n",
              GOAL_P99_MILLIS / 1000.0,
              GOAL_P99_RATE,
              duration(GOAL_P99_TRIGGER),
              StreamBenchmark.EMULATOR,
              Math.round(l.produced().recordsPerSecond()),
              p99 >= 0 && p99 < GOAL_P99_MILLIS ? "met" : "not met",
              p99));
    }
    if (!measured) {
      out.append(
          String.format(
              Locale.ROOT,
              "goal p99 < %.0f s at %,d records/s, trigger %s: not measured (no run at that rate"
                  + " and trigger)%n",
              GOAL_P99_MILLIS / 1000.0,
              GOAL_P99_RATE,
              duration(GOAL_P99_TRIGGER)));
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
              "4. State over a long run, %s, state store %s: %,d records/s asked (%,.0f"
                  + " achieved) for %d s, watermark delay %s, trigger %s%n",
              StreamBenchmark.EMULATOR,
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
                  + " once every event was in curated%n"
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
              "latency to curated of the %,d events visible after %.0f s: p50 %,d ms, p95 %,d ms, p99 %,d ms,"
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
