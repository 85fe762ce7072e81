package dev.medallion.bench;

import dev.medallion.bench.StreamBenchmark.Drain;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.stream.StreamMetrics;
import dev.medallion.stream.StreamMetrics.BatchReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;

/**
 * The steady-with-spikes phase of {@code bench stream}, on an in-process source (the Kinesis
 * emulator takes at most about 10,000 records/s, too few to feed it): a producer thread writes,
 * every second, that second's records as one Parquet file of the Kinesis source's rows per shard
 * into a directory that Spark's file stream source reads; the stream job runs on it with a 1 s
 * processing-time trigger. The rate is steady but for spikes evenly placed in the run. A monitor
 * records, while it runs, every micro-batch as it ends, when the events of each commit to curated
 * became visible, and every second the lag (now less the {@code produced_at_ms} of the newest event
 * visible in {@code curated.events_enriched}) and the heap in use.
 */
final class SteadySpikes {
  /** The lag the job must be back under after a spike ... */
  static final long LAG_GOAL_MILLIS = 5_000;

  /** ... within this long after the spike ended. */
  static final long RECOVERY_GOAL_MILLIS = 60_000;

  /**
   * The memory is flat when the lowest heap in use in the phase's last minute (about what survives
   * the collections) is at most this much more than in its first minute ...
   */
  static final double FLAT_TOLERANCE = 1.25;

  /** ... or at most this many bytes more, whichever is more (a young collection's noise). */
  static final long FLAT_SLACK_BYTES = 256L << 20;

  /**
   * At most this many seconds of files a micro-batch: large, so that the job takes what came in
   * while it was busy, but bounded, so that a job far behind does not read minutes at once.
   */
  static final int MAX_SECONDS_A_BATCH = 30;

  /** How often the monitor looks at the job's metrics and the heap. */
  private static final long POLL_MS = 20;

  private SteadySpikes() {}

  /**
   * The phase's schedule.
   *
   * @param steadyRate records per second (retries included) outside the spikes
   * @param spikeRate records per second during them
   * @param seconds how long the producer writes, spikes included
   * @param spikeSeconds how long each spike lasts
   * @param spikes how many, evenly placed: equal gaps before, between and after them
   */
  record Plan(double steadyRate, double spikeRate, int seconds, int spikeSeconds, int spikes) {
    /** The spikes, in seconds from the start: e.g. 60-120 and 180-240 for 2 of 60 s in 300 s. */
    List<Window> windows() {
      List<Window> windows = new ArrayList<>();
      if (spikes <= 0 || spikeSeconds <= 0) {
        return windows;
      }
      double gap = (seconds - (double) spikes * spikeSeconds) / (spikes + 1);
      for (int i = 0; i < spikes; i++) {
        int from = (int) Math.round(gap * (i + 1) + (double) spikeSeconds * i);
        windows.add(new Window(from, from + spikeSeconds));
      }
      return windows;
    }

    /** The spike that second {@code second} is in, or -1. */
    int spikeOf(int second) {
      List<Window> windows = windows();
      for (int i = 0; i < windows.size(); i++) {
        if (second >= windows.get(i).from() && second < windows.get(i).to()) {
          return i;
        }
      }
      return -1;
    }

    double rateAt(int second) {
      return spikeOf(second) >= 0 ? spikeRate : steadyRate;
    }

    /** The "first and last minute" the heap is compared over: a minute, or a quarter of a run. */
    int headSeconds() {
      return Math.max(1, Math.min(60, seconds / 4));
    }
  }

  /** A spike: from second {@code from} (included) to {@code to} (excluded) of the phase. */
  record Window(int from, int to) {}

  /**
   * One second of the producer.
   *
   * @param asked records per second asked
   * @param startedMs when its records were made (epoch ms): the start of its second, or later if
   *     the producer was behind
   * @param visibleMs when its last file was renamed into the directory the job reads
   */
  record Second(
      int index, double asked, long records, long startedMs, long visibleMs, ProduceSummary made) {}

  /** What the producer wrote: the totals, every second, and when it started and ended. */
  record Produced(ProduceSummary total, List<Second> seconds, long startedMs, long endedMs) {
    /** When second {@code index} started (the end of the phase for the second after the last). */
    long startOf(int index) {
      return index < seconds.size() ? seconds.get(index).startedMs() : endedMs;
    }
  }

  /**
   * The producer: every second, that second's events from the producer's generator ({@link
   * EventProducer}, with retries, late and malformed records, {@code produced_at_ms} stamped as
   * they are made, just before their files are written), put on an in-memory {@link BacklogStream}
   * that places them in shards as Kinesis would, then one Parquet file per shard, written under a
   * temporary name in {@code staging} and renamed into {@code dir}, so that the file source never
   * sees a partial file.
   */
  static final class Producer {
    /** The Kinesis source's rows ({@code KinesisSchema.SCHEMA}) as Parquet writes them. */
    static final MessageType FILE_SCHEMA =
        Types.buildMessage()
            .optional(PrimitiveTypeName.BINARY)
            .named("data")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("streamName")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("partitionKey")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("sequenceNumber")
            .optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
            .named("approximateArrivalTimestamp")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("shardId")
            .optional(PrimitiveTypeName.INT64)
            .named("subSequenceNumber")
            .named("spark_schema");

    private final Plan plan;
    private final Path dir;
    private final Path staging;
    private final Configuration hadoop;
    private final String stream;
    private final BacklogStream shards;
    private final long seed;
    private final BiFunction<Long, Long, ProduceOptions> options;

    /**
     * @param options the producer's options for a number of events and a seed
     */
    Producer(
        Plan plan,
        Path dir,
        Path staging,
        Configuration hadoop,
        String stream,
        int shards,
        long seed,
        BiFunction<Long, Long, ProduceOptions> options) {
      this.plan = plan;
      this.dir = dir;
      this.staging = staging;
      this.hadoop = hadoop;
      this.stream = stream;
      this.shards = BacklogStream.inMemory(stream, shards);
      this.seed = seed;
      this.options = options;
    }

    /** Writes every second's files, second {@code k} at {@code startNanos} + k s or later. */
    Produced run(long startNanos, long startMs) {
      List<Second> seconds = new ArrayList<>();
      double owed = 0;
      long events = 0;
      for (int k = 0; k < plan.seconds(); k++) {
        sleepUntil(startNanos + k * 1_000_000_000L);
        long started = System.currentTimeMillis();
        double asked = plan.rateAt(k);
        owed += asked / (1 + StreamBenchmark.DUPLICATES); // events; the retries come on top
        long n = (long) Math.floor(owed) - events;
        events += n;
        ProduceSummary made =
            n <= 0 ? null : new EventProducer(shards, stream, options.apply(n, seed + k)).run();
        List<List<Row>> rows = shards.take();
        long records = 0;
        for (int shard = 0; shard < rows.size(); shard++) {
          if (!rows.get(shard).isEmpty()) {
            write(
                String.format(Locale.ROOT, "second-%05d-shard-%03d.parquet", k, shard),
                rows.get(shard));
            records += rows.get(shard).size();
          }
        }
        seconds.add(new Second(k, asked, records, started, System.currentTimeMillis(), made));
      }
      sleepUntil(startNanos + plan.seconds() * 1_000_000_000L);
      long ended = System.currentTimeMillis();
      return new Produced(total(seconds, ended - startMs), seconds, startMs, ended);
    }

    private ProduceSummary total(List<Second> seconds, long millis) {
      long put = 0, events = 0, valid = 0, dups = 0, lateDups = 0, late = 0, malformed = 0;
      long calls = 0, retried = 0, first = -1, last = -1;
      for (Second s : seconds) {
        ProduceSummary p = s.made();
        if (p == null) {
          continue;
        }
        put += p.recordsPut();
        events += p.events();
        valid += p.distinctValidUuids();
        dups += p.duplicates();
        lateDups += p.lateDuplicates();
        late += p.late();
        malformed += p.malformed();
        calls += p.putCalls();
        retried += p.retriedRecords();
        first = first < 0 ? p.firstProducedAtMs() : first;
        last = Math.max(last, p.lastProducedAtMs());
      }
      return new ProduceSummary(
          stream,
          seed,
          put,
          events,
          valid,
          dups,
          lateDups,
          late,
          malformed,
          calls,
          retried,
          first,
          last,
          Duration.ofMillis(millis));
    }

    /** One shard's records of a second: written aside, then renamed into the job's directory. */
    private void write(String name, List<Row> rows) {
      Path temporary = staging.resolve(name + ".writing");
      SimpleGroupFactory groups = new SimpleGroupFactory(FILE_SCHEMA);
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(
                  HadoopOutputFile.fromPath(
                      new org.apache.hadoop.fs.Path(temporary.toUri()), hadoop))
              .withConf(hadoop)
              .withType(FILE_SCHEMA)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .build()) {
        for (Row r : rows) {
          Group g = groups.newGroup();
          g.append("data", Binary.fromConstantByteArray((byte[]) r.get(0)));
          g.append("streamName", r.getString(1));
          g.append("partitionKey", r.getString(2));
          g.append("sequenceNumber", r.getString(3));
          Timestamp arrival = r.getTimestamp(4);
          g.append(
              "approximateArrivalTimestamp",
              Math.floorDiv(arrival.getTime(), 1000) * 1_000_000 + arrival.getNanos() / 1000);
          g.append("shardId", r.getString(5));
          if (!r.isNullAt(6)) {
            g.append("subSequenceNumber", r.getLong(6));
          }
          writer.write(g);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + temporary, e);
      }
      try {
        Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        // The checksum Hadoop's local file system wrote beside it.
        Files.deleteIfExists(staging.resolve("." + temporary.getFileName() + ".crc"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot move " + temporary + " into " + dir, e);
      }
    }
  }

  /** A micro-batch, as the monitor saw it end (epoch ms). */
  record TimedBatch(long atMs, BatchReport batch) {}

  /** The events of a commit to curated, seen at {@code atMs}: their latencies, sorted. */
  private record Visible(long atMs, long[] millis) {}

  /**
   * The end of second {@code second} of the phase: the lag then (-1 before anything was visible),
   * and the least and most heap in use sampled during the second.
   */
  record LagSample(int second, long lagMs, long heapMin, long heapMax) {}

  /**
   * What the monitor saw. Every {@value #POLL_MS} ms: the heap in use; the micro-batches reported
   * since; the latencies recorded since, which one commit to curated records at once, so that the
   * events' produced time is the time seen less their latency (to within the poll); and, at each
   * whole second of the phase, the lag: now less the newest produced time visible.
   */
  static final class Monitor implements AutoCloseable {
    private final StreamMetrics metrics;
    private final long startMs;
    private final int seconds;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<TimedBatch> batches = new ArrayList<>();
    private final List<Visible> visible = new ArrayList<>();
    private final List<LagSample> lag = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long newestProducedMs = -1;
    private int latencyMark;
    private int batchMark;
    private long heapMin = Long.MAX_VALUE;
    private long heapMax;

    Monitor(StreamMetrics metrics, long startMs, int seconds) {
      this.metrics = metrics;
      this.startMs = startMs;
      this.seconds = seconds;
      this.latencyMark = metrics.latencyCount();
      this.batchMark = metrics.batches().size();
      thread = new Thread(this::loop, "medallion-bench-spike-monitor");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (running) {
        poll();
        try {
          Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
          break; // closed: one last look, so that the last micro-batch's latencies are in
        }
      }
      poll();
    }

    private synchronized void poll() {
      long now = System.currentTimeMillis();
      long used = memory.getHeapMemoryUsage().getUsed();
      heapMin = Math.min(heapMin, used);
      heapMax = Math.max(heapMax, used);
      if (metrics.latencyCount() > latencyMark) {
        long[] millis = metrics.latenciesFrom(latencyMark);
        latencyMark += millis.length;
        if (millis.length > 0) {
          visible.add(new Visible(now, millis));
          newestProducedMs = Math.max(newestProducedMs, now - millis[0]);
        }
      }
      List<BatchReport> reported = metrics.batches();
      while (batchMark < reported.size()) {
        batches.add(new TimedBatch(now, reported.get(batchMark++)));
      }
      while (lag.size() < seconds && now >= startMs + (lag.size() + 1) * 1000L) {
        long newest = newestProducedMs;
        lag.add(new LagSample(lag.size() + 1, newest < 0 ? -1 : now - newest, heapMin, heapMax));
        heapMin = Long.MAX_VALUE;
        heapMax = 0;
      }
    }

    /** The lag now, or -1 before anything was visible. */
    long lagNow() {
      long newest = newestProducedMs;
      return newest < 0 ? -1 : System.currentTimeMillis() - newest;
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Latencies of some events: how many, and the quantiles. */
  record Percentiles(long count, long p50, long p95, long p99, long max) {
    static Percentiles of(long[] sorted) {
      return new Percentiles(
          sorted.length,
          StreamMetrics.percentile(sorted, 0.50),
          StreamMetrics.percentile(sorted, 0.95),
          StreamMetrics.percentile(sorted, 0.99),
          StreamMetrics.percentile(sorted, 1.0));
    }
  }

  /**
   * After a spike: how long after its end the lag was first under {@link #LAG_GOAL_MILLIS} (-1: not
   * before {@code limit}, the next spike's start or the end of the phase), and the lag at that
   * limit.
   */
  record Recovery(Window spike, long afterMillis, long lagAtLimitMillis, boolean beforeNextSpike) {
    boolean metGoal() {
      return afterMillis >= 0 && afterMillis <= RECOVERY_GOAL_MILLIS;
    }
  }

  /**
   * The phase, measured.
   *
   * @param drain the counts, the job's micro-batches, the wall time from the producer's start until
   *     every event was in curated
   * @param before the latencies of the events produced before the first spike
   * @param during of those produced during a spike
   * @param after of those produced after one, until the next or the end
   */
  record Result(
      Plan plan,
      Drain drain,
      List<Second> seconds,
      long startedMs,
      long endedMs,
      List<TimedBatch> batches,
      List<LagSample> lag,
      Percentiles overall,
      Percentiles before,
      Percentiles during,
      Percentiles after,
      List<Recovery> recoveries) {

    /** Records per second written in the steady seconds (spike false) or the spikes' (true). */
    double achieved(boolean spike) {
      long records = 0;
      long millis = 0;
      for (Second s : seconds) {
        if ((plan.spikeOf(s.index()) >= 0) == spike) {
          records += s.records();
          millis += endOf(s.index()) - s.startedMs();
        }
      }
      return millis <= 0 ? 0 : records * 1000.0 / millis;
    }

    long endOf(int index) {
      return index + 1 < seconds.size() ? seconds.get(index + 1).startedMs() : endedMs;
    }

    /** How far behind its schedule the producer was at most: a second's start less its due. */
    long producerBehindMillis() {
      long behind = 0;
      for (Second s : seconds) {
        behind = Math.max(behind, s.startedMs() - (startedMs + s.index() * 1000L));
      }
      return behind;
    }

    /** How long making and writing a second's files took: the median and the most, in ms. */
    long[] writeMillis() {
      long[] ms = seconds.stream().mapToLong(s -> s.visibleMs() - s.startedMs()).sorted().toArray();
      return new long[] {StreamMetrics.percentile(ms, 0.5), StreamMetrics.percentile(ms, 1.0)};
    }

    /** The least and most heap in use over the phase's first (true) or last head seconds. */
    long[] heap(boolean first) {
      int head = plan.headSeconds();
      long min = Long.MAX_VALUE;
      long max = 0;
      for (LagSample s : lag) {
        boolean in = first ? s.second() <= head : s.second() > lag.size() - head;
        if (in && s.heapMax() > 0) {
          min = Math.min(min, s.heapMin());
          max = Math.max(max, s.heapMax());
        }
      }
      return new long[] {min == Long.MAX_VALUE ? -1 : min, max};
    }

    boolean memoryFlat() {
      long first = heap(true)[0];
      long last = heap(false)[0];
      return first > 0
          && last >= 0
          && last <= Math.max(first * FLAT_TOLERANCE, first + FLAT_SLACK_BYTES);
    }

    boolean recoveryGoalMet() {
      return recoveries.stream().allMatch(Recovery::metGoal);
    }

    /** The micro-batches that read records. */
    List<TimedBatch> withRecords() {
      return batches.stream().filter(b -> b.batch().counts().read() > 0).toList();
    }
  }

  /** The phase's figures from what the producer wrote and the monitor saw. */
  static Result analyse(Plan plan, Drain drain, Produced produced, Monitor monitor) {
    List<Visible> visible;
    List<TimedBatch> batches;
    List<LagSample> lag;
    synchronized (monitor) {
      visible = List.copyOf(monitor.visible);
      batches = List.copyOf(monitor.batches);
      lag = List.copyOf(monitor.lag);
    }
    List<Window> windows = plan.windows();
    long firstSpikeMs =
        windows.isEmpty() ? Long.MAX_VALUE : produced.startOf(windows.get(0).from());
    Longs all = new Longs();
    Longs before = new Longs();
    Longs during = new Longs();
    Longs after = new Longs();
    for (Visible v : visible) {
      for (long millis : v.millis()) {
        long producedMs = v.atMs() - millis;
        all.add(millis);
        if (producedMs < firstSpikeMs) {
          before.add(millis);
        } else if (inSpike(producedMs, windows, produced)) {
          during.add(millis);
        } else {
          after.add(millis);
        }
      }
    }
    List<Recovery> recoveries = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      long end = produced.startOf(windows.get(i).to());
      boolean next = i + 1 < windows.size();
      long limit = next ? produced.startOf(windows.get(i + 1).from()) : produced.endedMs();
      long newest = -1; // the newest produced time visible so far
      long recovered = -1;
      boolean atEnd = false; // whether the lag at the spike's end was looked at
      for (Visible v : visible) {
        if (v.atMs() > limit) {
          break;
        }
        if (!atEnd && v.atMs() >= end) {
          atEnd = true;
          if (newest >= 0 && end - newest < LAG_GOAL_MILLIS) {
            recovered = 0; // under already when the spike ended
            break;
          }
        }
        newest = Math.max(newest, v.atMs() - v.millis()[0]);
        if (v.atMs() >= end && v.atMs() - newest < LAG_GOAL_MILLIS) {
          recovered = v.atMs() - end;
          break;
        }
      }
      if (!atEnd && newest >= 0 && end - newest < LAG_GOAL_MILLIS) {
        recovered = 0;
      }
      recoveries.add(
          new Recovery(windows.get(i), recovered, newest < 0 ? -1 : limit - newest, next));
    }
    return new Result(
        plan,
        drain,
        produced.seconds(),
        produced.startedMs(),
        produced.endedMs(),
        batches,
        lag,
        Percentiles.of(all.sorted()),
        Percentiles.of(before.sorted()),
        Percentiles.of(during.sorted()),
        Percentiles.of(after.sorted()),
        recoveries);
  }

  private static boolean inSpike(long ms, List<Window> windows, Produced produced) {
    for (Window w : windows) {
      if (ms >= produced.startOf(w.from()) && ms < produced.startOf(w.to())) {
        return true;
      }
    }
    return false;
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** A growable array of longs. */
  private static final class Longs {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] sorted() {
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      return sorted;
    }
  }
}
