package dev.medallion.bench;

import dev.medallion.config.ConfigException;
import dev.medallion.contract.LakeTable;
import dev.medallion.kinesis.KinesisEmulator;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.kinesis.source.KinesisSchema;
import dev.medallion.lake.Lake;
import dev.medallion.run.Progress;
import dev.medallion.stream.BatchCounts;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamJob;
import dev.medallion.stream.StreamMetrics;
import dev.medallion.stream.StreamMetrics.BatchReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code medallion bench stream}: the streaming job on this machine: validation, watermark dedup,
 * the global uuid check, and the Delta writes of each micro-batch to raw, quarantine, cleansed and
 * {@code curated.events_enriched}. Every figure names the path its records took: Parquet files read
 * by Spark's file stream source in this JVM ({@value #IN_PROCESS}), or the local Kinesis emulator
 * read by Medallion's source ({@value #EMULATOR}).
 *
 * <ol>
 *   <li><b>Sustained rate:</b> a backlog of events made by the producer's generator (retries, late
 *       and malformed records among them) is kept as Parquet files of the Kinesis source's rows
 *       ({@link BacklogStream}) and drained by the stream job with {@code Trigger.AvailableNow},
 *       {@code shards} files (a chunk of the stream) per micro-batch, into an empty lake: the drain
 *       lands raw, quarantine, cleansed and curated. A smaller drain into a lake of its own runs
 *       first, untimed, so that the JIT, Spark's first plans and the first Delta commits are not
 *       timed. For reference, a smaller backlog put on the local Kinesis emulator is drained
 *       through Medallion's source, which the emulator's own speed bounds.
 *   <li><b>Steady with spikes</b> ({@link SteadySpikes}), in-process: a producer thread writes each
 *       second's records as a Parquet file per shard into a directory the stream job reads with a 1
 *       s trigger, at a steady rate with spikes; the lag, the latencies, the micro-batches and the
 *       heap are followed through the run. The emulator takes too few records a second for it.
 *   <li><b>End-to-end latency</b> through the emulator: the stream job runs in the background with
 *       a processing-time trigger; the producer puts events at a steady rate, first for a warm-up
 *       whose events are not counted, then for the measured period; the latency of each event is
 *       from its {@code produced_at_ms} to the commit that made it visible in {@code
 *       curated.events_enriched} ({@link StreamMetrics#latencies()}), measured once every event is
 *       there.
 *   <li><b>State over a long run</b> through the emulator: the same at one rate for longer, with a
 *       short watermark delay so that the dedup state turns over many times; the state rows are
 *       sampled through the run.
 * </ol>
 *
 * Each emulator phase starts a fresh emulator (kinesalite keeps everything in memory) and a stream
 * of {@code shards} shards. Nothing here asserts a time; the numbers are printed.
 */
public final class StreamBenchmark {
  /** The path of the records that Spark's file stream source reads in this JVM. */
  public static final String IN_PROCESS = "Parquet files (in-process source)";

  /** The path of the records put on the local Kinesis emulator. */
  public static final String EMULATOR = "Kinesis emulator via medallion-kinesis";

  /** The seed of the generated events; each phase uses its own, derived from it. */
  public static final long SEED = 20261121L;

  /** The fractions of the generated events, as a real feed might have them. */
  public static final double DUPLICATES = 0.02;

  public static final double LATE = 0.01;
  public static final double MALFORMED = 0.01;

  /** Events of the untimed warm-up drain (fewer if the backlog has fewer). */
  static final long WARM_UP_EVENTS = 20_000;

  /** How often the waits look at the stream job's counts. */
  private static final long POLL_MS = 20;

  /** The trigger of the steady-with-spikes phase. */
  static final Duration SPIKES_TRIGGER = Duration.ofSeconds(1);

  /** How often the steady-with-spikes phase reports its progress. */
  private static final long SPIKES_PROGRESS_SECONDS = 30;

  /**
   * A wait for the stream job fails when its count has not moved for this long (a micro-batch of a
   * job that fell far behind takes minutes on a busy machine).
   */
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  /** The name of the Parquet backlogs' stream (it only names their rows). */
  private static final String BACKLOG_STREAM = "bench-backlog";

  private static final String STORE_ROCKSDB = "rocksdb";
  private static final String STORE_MEMORY = "memory";

  /**
   * What to measure. A phase whose size is 0 is left out.
   *
   * @param events events in the Parquet backlog (retries come on top)
   * @param batchEvents about how many records a micro-batch of the Parquet drain reads
   * @param shards shards of every stream, and files per micro-batch of the Parquet drain
   * @param emulatorEvents events in the backlog drained through the emulator
   * @param rates records per second of the latency runs
   * @param seconds the measured period of each latency run
   * @param warmUpSeconds the warm-up before it, at the same rate, not counted
   * @param triggers the processing-time triggers of the latency runs, each run at every rate
   * @param longRate records per second of the long run
   * @param longSeconds how long the long run produces
   * @param steadyRate records per second of the steady-with-spikes phase outside its spikes
   * @param spikeRate records per second during its spikes
   * @param steadySeconds how long that phase produces, spikes included (0 leaves it out)
   * @param spikeSeconds how long each spike lasts
   * @param spikes how many spikes, evenly placed in the phase
   * @param watermarkDelay the stream job's watermark delay in every phase
   * @param stateStores the state store of every phase is the first; the long run is repeated with
   *     each
   */
  public record Config(
      long events,
      int batchEvents,
      int shards,
      long emulatorEvents,
      List<Double> rates,
      int seconds,
      int warmUpSeconds,
      List<Duration> triggers,
      double longRate,
      int longSeconds,
      double steadyRate,
      double spikeRate,
      int steadySeconds,
      int spikeSeconds,
      int spikes,
      Duration watermarkDelay,
      List<String> stateStores) {
    public static final long DEFAULT_EVENTS = 500_000;
    public static final double DEFAULT_STEADY_RATE = 10_000;
    public static final double DEFAULT_SPIKE_RATE = 20_000;
    public static final int DEFAULT_STEADY_SECONDS = 300;
    public static final int DEFAULT_SPIKE_SECONDS = 60;
    public static final int DEFAULT_SPIKES = 2;
    public static final int DEFAULT_BATCH_EVENTS = 100_000;
    public static final int DEFAULT_SHARDS = 4;
    public static final long DEFAULT_EMULATOR_EVENTS = 50_000;
    public static final int MAX_SHARDS = 64;

    public Config {
      if (events < 1) {
        throw new ConfigException("--events", "must be at least 1, got " + events, "e.g. 500000");
      }
      if (shards < 1 || shards > MAX_SHARDS) {
        throw new ConfigException(
            "--shards", "must be from 1 to " + MAX_SHARDS + ", got " + shards, "e.g. 4");
      }
      if (batchEvents < shards) {
        throw new ConfigException(
            "--batch-events",
            "must be at least the number of shards (" + shards + "), got " + batchEvents,
            "e.g. 100000");
      }
      if (emulatorEvents < 0) {
        throw new ConfigException(
            "--emulator-events", "must be 0 or more, got " + emulatorEvents, "0 leaves it out");
      }
      rates = List.copyOf(rates);
      if (seconds > 0 && rates.isEmpty()) {
        throw new ConfigException("--rates", "no rate given", "e.g. --rates 2000,5000");
      }
      for (double rate : rates) {
        positiveRate("--rates", rate);
      }
      if (seconds < 0 || warmUpSeconds < 0 || longSeconds < 0) {
        throw new ConfigException(
            seconds < 0 ? "--seconds" : warmUpSeconds < 0 ? "--warm-up-seconds" : "--long-seconds",
            "must be 0 or more",
            "0 leaves the phase out");
      }
      triggers = List.copyOf(triggers);
      if (triggers.isEmpty()) {
        throw new ConfigException("--trigger", "no trigger given", "e.g. --trigger 1s,500ms");
      }
      if (longSeconds > 0) {
        positiveRate("--long-rate", longRate);
      }
      if (steadySeconds < 0 || spikeSeconds < 0 || spikes < 0) {
        throw new ConfigException(
            steadySeconds < 0
                ? "--steady-seconds"
                : spikeSeconds < 0 ? "--spike-seconds" : "--spikes",
            "must be 0 or more",
            "0 steady seconds leaves the steady-with-spikes phase out");
      }
      if (steadySeconds > 0) {
        positiveRate("--steady-rate", steadyRate);
        if (spikes > 0 && spikeSeconds > 0) {
          positiveRate("--spike-rate", spikeRate);
          if ((long) spikes * spikeSeconds >= steadySeconds) {
            throw new ConfigException(
                "--spike-seconds",
                spikes
                    + " spikes of "
                    + spikeSeconds
                    + " s leave no steady time in "
                    + steadySeconds
                    + " s",
                "make --steady-seconds longer than --spikes × --spike-seconds");
          }
        }
      }
      if (watermarkDelay.isNegative()) {
        throw new ConfigException("--watermark-delay", "must not be negative", "e.g. 30s");
      }
      stateStores = List.copyOf(stateStores);
      if (stateStores.isEmpty()) {
        throw new ConfigException("--state-store", "no state store given", "e.g. rocksdb");
      }
      for (String store : stateStores) {
        if (!store.equals(STORE_ROCKSDB) && !store.equals(STORE_MEMORY)) {
          throw new ConfigException(
              "--state-store", "'" + store + "' is not a state store", "use rocksdb or memory");
        }
      }
    }

    private static void positiveRate(String option, double rate) {
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new ConfigException(
            option, "a rate must be a number of records per second > 0, got " + rate, "e.g. 2000");
      }
    }

    /** The state store of every phase but the repeated long runs. */
    public String stateStore() {
      return stateStores.get(0);
    }

    /** The steady-with-spikes phase's schedule. */
    SteadySpikes.Plan spikePlan() {
      return new SteadySpikes.Plan(steadyRate, spikeRate, steadySeconds, spikeSeconds, spikes);
    }

    /** Whether any phase needs the Kinesis emulator. */
    boolean needsEmulator() {
      return emulatorEvents > 0 || seconds > 0 || longSeconds > 0;
    }
  }

  /**
   * A backlog drained by one {@code Trigger.AvailableNow} run.
   *
   * @param source what was read
   * @param produced what the producer put: the counts the drain must give
   * @param counts what the drain counted
   * @param seconds the run's wall-clock time, from the query's start to its end
   * @param batches its micro-batches
   * @param curated the rows of {@code curated.events_enriched} once it was done
   */
  public record Drain(
      String source,
      ProduceSummary produced,
      BatchCounts counts,
      double seconds,
      List<BatchReport> batches,
      long peakHeap,
      double loadAverage,
      long curated) {
    public double eventsPerSecond() {
      return seconds <= 0 ? 0 : counts.read() / seconds;
    }

    /** The micro-batches that read records. */
    public List<BatchReport> withRecords() {
      return batches.stream().filter(b -> b.counts().read() > 0).toList();
    }

    /** Records per second of the micro-batches with records alone (their durations summed). */
    public double batchEventsPerSecond() {
      long millis = withRecords().stream().mapToLong(BatchReport::durationMillis).sum();
      return millis <= 0 ? 0 : counts.read() * 1000.0 / millis;
    }

    /**
     * Whether the drain counted what the producer put (late policy keep): records, cleansed,
     * duplicates, quarantined, and curated holds a row per cleansed event. Not late: that depends
     * on the watermark when an event is read (a first micro-batch has none yet).
     */
    public boolean balanced() {
      return counts.read() == produced.recordsPut()
          && counts.cleansed() == produced.distinctValidUuids()
          && counts.duplicates() == produced.duplicates()
          && counts.quarantined() == produced.malformed()
          && curated == produced.distinctValidUuids();
    }
  }

  /**
   * One latency run.
   *
   * @param produced what the producer put in the measured period (not the warm-up)
   * @param millis the latency of every event of the measured period, sorted
   * @param batches the micro-batches of the measured period that read records
   */
  public record Latency(
      double rate,
      Duration trigger,
      ProduceSummary produced,
      long[] millis,
      int batches,
      long peakHeap,
      double loadAverage) {
    public long percentile(double q) {
      return StreamMetrics.percentile(millis, q);
    }
  }

  /** The state when it was sampled: the last micro-batch reported then. */
  public record StateSample(
      double seconds, long batchId, long records, long stateRows, String watermark) {}

  /**
   * One long run.
   *
   * @param samples the state sampled every tenth of the run
   * @param secondHalfMin the fewest state rows of a micro-batch in the second half of the run
   * @param secondHalfMax the most
   * @param batchSpanSeconds how far the watermark moved per micro-batch, on average over those of
   *     the second half: the event time one micro-batch covers
   * @param latencies the latencies of the events that became visible after {@code latencyFrom}
   * @param latencyFrom seconds into the run: the first sample at or after the warm-up's time
   */
  public record LongRun(
      String stateStore,
      double rate,
      Duration trigger,
      ProduceSummary produced,
      List<StateSample> samples,
      long secondHalfMin,
      long secondHalfMax,
      double batchSpanSeconds,
      long[] latencies,
      double latencyFrom,
      long peakHeap,
      double loadAverage) {
    /**
     * About how many uuids the state holds after a micro-batch at a steady rate: the new, timely
     * events of two watermark delays and one micro-batch's span. A uuid is evicted once the
     * watermark of the batch before (the newest event time then, less the delay) passes its event
     * time plus the delay.
     */
    public long expectedStateRows(Duration watermarkDelay) {
      double seconds = produced.elapsed().toNanos() / 1e9;
      if (seconds <= 0) {
        return 0;
      }
      double perSecond = (produced.distinctValidUuids() - produced.late()) / seconds;
      return Math.round(perSecond * (2 * watermarkDelay.toMillis() / 1000.0 + batchSpanSeconds));
    }
  }

  /**
   * Everything measured.
   *
   * @param emulatorSkipped why the emulator phases were left out, when they were
   */
  public record Result(
      Config config,
      Machine machine,
      String shufflePartitions,
      long warmUpEvents,
      int backlogFiles,
      Drain backlog,
      Optional<Drain> emulator,
      Optional<SteadySpikes.Result> spikes,
      List<Latency> latencies,
      List<LongRun> longRuns,
      Optional<String> emulatorSkipped,
      long peakHeap,
      long maxHeap,
      OptionalLong residentPeak,
      double loadAverageAtEnd) {}

  private final SparkSession spark;
  private final Progress progress;
  private final PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());

  /**
   * @param progress where the benchmark reports its steps
   */
  public StreamBenchmark(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Runs the benchmark in {@code work}, an empty directory of its own. */
  public Result run(Config config, Path work) {
    try (HeapPeak heap = new HeapPeak()) {
      Machine machine = Machine.describe(spark);
      progress.step("machine: " + machine.line());

      long warmUpEvents = Math.min(WARM_UP_EVENTS, config.events());
      progress.step(
          String.format(
              Locale.ROOT,
              "warm-up, not timed: a backlog of %,d events drained into a lake of its own ...",
              warmUpEvents));
      long started = System.nanoTime();
      Backlog warmUp =
          writeBacklog(config, work.resolve("warm-up-backlog"), warmUpEvents, SEED + 1);
      drainFiles(config, warmUp, work.resolve("warm-up-lake"), heap);
      progress.step(
          String.format(
              Locale.ROOT, "warm-up done in %.1f s", (System.nanoTime() - started) / 1e9));

      Backlog backlog = writeBacklog(config, work.resolve("backlog"), config.events(), SEED);
      progress.step("timing the drain of the Parquet backlog ...");
      Drain files = drainFiles(config, backlog, work.resolve("backlog-lake"), heap);
      report(files);

      Optional<String> unavailable =
          config.needsEmulator() ? KinesisEmulator.unavailableReason() : Optional.empty();
      unavailable.ifPresent(reason -> progress.step("emulator phases left out: " + reason));
      boolean emulator = unavailable.isEmpty();

      Optional<Drain> kinesis = Optional.empty();
      if (emulator && config.emulatorEvents() > 0) {
        kinesis = Optional.of(drainEmulator(config, work, heap));
        report(kinesis.get());
      }
      Optional<SteadySpikes.Result> spikes = Optional.empty();
      if (config.steadySeconds() > 0) {
        spikes = Optional.of(steadySpikes(config, work, heap));
      }
      List<Latency> latencies = new ArrayList<>();
      if (emulator && config.seconds() > 0) {
        for (Duration trigger : config.triggers()) {
          for (double rate : config.rates()) {
            latencies.add(latencyRun(config, rate, trigger, work, heap));
          }
        }
      }
      List<LongRun> longRuns = new ArrayList<>();
      if (emulator && config.longSeconds() > 0) {
        for (String store : config.stateStores()) {
          longRuns.add(longRun(config, store, work, heap));
        }
      }
      return new Result(
          config,
          machine,
          spark.conf().get("spark.sql.shuffle.partitions"),
          warmUpEvents,
          backlog.files(),
          files,
          kinesis,
          spikes,
          latencies,
          longRuns,
          unavailable,
          heap.overall(),
          HeapPeak.max(),
          HeapPeak.residentPeak(),
          loadAverage());
    }
  }

  /** A backlog in Parquet files: where, how many files, and what the producer put. */
  private record Backlog(Path dir, int files, ProduceSummary produced) {}

  private Backlog writeBacklog(Config config, Path dir, long events, long seed) {
    progress.step(
        String.format(
            Locale.ROOT,
            "writing a backlog of %,d events (the producer's generator) as Parquet files in %s ...",
            events,
            dir));
    long started = System.nanoTime();
    String stream = BACKLOG_STREAM;
    int perFile = Math.max(1, config.batchEvents() / config.shards());
    BacklogStream files = new BacklogStream(spark, dir, stream, config.shards(), perFile);
    ProduceSummary produced =
        new EventProducer(files, stream, produceOptions(events, 0, seed)).run();
    files.flush();
    progress.step(
        String.format(
            Locale.ROOT,
            "wrote %,d records in %d files in %.1f s",
            files.records(),
            files.files(),
            (System.nanoTime() - started) / 1e9));
    return new Backlog(dir, files.files(), produced);
  }

  static ProduceOptions produceOptions(long events, double rate, long seed) {
    return ProduceOptions.of(events)
        .withRate(rate)
        .withDuplicates(DUPLICATES)
        .withLate(LATE)
        .withMalformed(MALFORMED)
        .withSeed(seed);
  }

  /**
   * Drains Parquet files of the source's rows, {@code shards} files a micro-batch, and times it.
   */
  private Drain drainFiles(Config config, Backlog backlog, Path lakeDir, HeapPeak heap) {
    StreamConfig stream =
        streamConfig(
            config,
            BACKLOG_STREAM,
            new KinesisEndpoint(backlog.dir().toUri().toString(), null),
            lakeDir,
            null,
            config.stateStore());
    Dataset<Row> records =
        spark
            .readStream()
            .schema(KinesisSchema.SCHEMA)
            .option("maxFilesPerTrigger", config.shards())
            .parquet(backlog.dir().toString());
    return drain(IN_PROCESS, stream, records, backlog.produced(), heap);
  }

  /** Puts a backlog on a fresh emulator, then drains it through Medallion's source, timed. */
  private Drain drainEmulator(Config config, Path work, HeapPeak heap) {
    String name = "bench-drain";
    try (KinesisEmulator emulator = KinesisEmulator.start();
        KinesisClient client = emulator.kinesis().client()) {
      KinesisStreams.ensure(client, name, config.shards());
      progress.step(
          String.format(
              Locale.ROOT,
              "putting %,d events on the Kinesis emulator (%d shards) ...",
              config.emulatorEvents(),
              config.shards()));
      ProduceSummary produced =
          new EventProducer(client, name, produceOptions(config.emulatorEvents(), 0, SEED + 2))
              .run();
      progress.step(
          String.format(
              Locale.ROOT,
              "the emulator took %,d records at %,.0f records/s; timing their drain through %s ...",
              produced.recordsPut(),
              produced.recordsPerSecond(),
              "medallion-kinesis"));
      StreamConfig stream =
          streamConfig(
              config,
              name,
              emulator.kinesis(),
              work.resolve("emulator-lake"),
              null,
              config.stateStore());
      return drain(EMULATOR, stream, job().read(stream), produced, heap);
    }
  }

  private Drain drain(
      String source,
      StreamConfig stream,
      Dataset<Row> records,
      ProduceSummary produced,
      HeapPeak heap) {
    emptyLake(stream);
    heap.phase();
    long started = System.nanoTime();
    StreamJob.Result result = job().run(stream, records);
    double seconds = (System.nanoTime() - started) / 1e9;
    long peak = heap.phase();
    return new Drain(
        source,
        produced,
        result.metrics().totals(),
        seconds,
        result.metrics().batches(),
        peak,
        loadAverage(),
        curatedRows(stream));
  }

  /**
   * The steady-with-spikes phase: the stream job with a 1 s trigger on Spark's file stream source
   * (at most {@value SteadySpikes#MAX_SECONDS_A_BATCH} s of files a micro-batch) over a directory
   * that a producer thread fills with a Parquet file per shard every second, at the plan's rates,
   * into a fresh lake; followed by {@link SteadySpikes.Monitor} until every event is in curated.
   */
  private SteadySpikes.Result steadySpikes(Config config, Path work, HeapPeak heap) {
    SteadySpikes.Plan plan = config.spikePlan();
    String name = "bench-spikes";
    Path dir = work.resolve("spikes-files");
    Path staging = work.resolve("spikes-staging");
    try {
      Files.createDirectories(dir);
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + dir, e);
    }
    progress.step(
        String.format(
            Locale.ROOT,
            "%s: steady with spikes, %,.0f records/s for %d s with %d spike(s) of %d s at %,.0f"
                + " records/s (%s), trigger %s ...",
            IN_PROCESS,
            plan.steadyRate(),
            plan.seconds(),
            plan.windows().size(),
            plan.spikeSeconds(),
            plan.spikeRate(),
            plan.windows().stream()
                .map(w -> w.from() + "-" + w.to() + " s")
                .collect(Collectors.joining(", ")),
            StreamBenchReport.duration(SPIKES_TRIGGER)));
    StreamConfig stream =
        streamConfig(
            config,
            name,
            new KinesisEndpoint(dir.toUri().toString(), null),
            work.resolve("spikes-lake"),
            SPIKES_TRIGGER,
            config.stateStore());
    Dataset<Row> records =
        spark
            .readStream()
            .schema(KinesisSchema.SCHEMA)
            .option("maxFilesPerTrigger", config.shards() * SteadySpikes.MAX_SECONDS_A_BATCH)
            .parquet(dir.toString());
    SteadySpikes.Producer producer =
        new SteadySpikes.Producer(
            plan,
            dir,
            staging,
            spark.sparkContext().hadoopConfiguration(),
            name,
            config.shards(),
            SEED + 40,
            (events, seed) -> produceOptions(events, 0, seed));
    try (Background job = new Background(stream, records)) {
      heap.phase();
      long startNanos = System.nanoTime();
      long startMs = System.currentTimeMillis();
      SteadySpikes.Produced produced;
      SteadySpikes.Result result;
      try (SteadySpikes.Monitor monitor =
          new SteadySpikes.Monitor(job.metrics(), startMs, plan.seconds())) {
        CompletableFuture<SteadySpikes.Produced> producing =
            CompletableFuture.supplyAsync(
                () -> producer.run(startNanos, startMs), daemon("medallion-bench-spike-producer"));
        for (long at = SPIKES_PROGRESS_SECONDS;
            !producing.isDone();
            at += SPIKES_PROGRESS_SECONDS) {
          long deadline = startNanos + at * 1_000_000_000L;
          while (!producing.isDone() && System.nanoTime() < deadline) {
            sleep(100);
          }
          if (!producing.isDone()) {
            BatchCounts totals = job.metrics().totals();
            long lag = monitor.lagNow();
            progress.step(
                String.format(
                    Locale.ROOT,
                    "at %d s: %,d records read, %,d in curated; lag %s",
                    at,
                    totals.read(),
                    totals.cleansed(),
                    lag < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", lag / 1000.0)));
          }
        }
        produced = join(producing);
        progress.step(
            String.format(
                Locale.ROOT,
                "the producer wrote %,d records in %d s; waiting for every event in curated ...",
                produced.total().recordsPut(),
                plan.seconds()));
        job.awaitCleansed(produced.total().distinctValidUuids());
        job.awaitRead(produced.total().recordsPut());
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        monitor.close();
        long peak = heap.phase();
        job.stop();
        Drain drain =
            new Drain(
                IN_PROCESS + ", steady with spikes",
                produced.total(),
                job.metrics().totals(),
                seconds,
                job.metrics().batches(),
                peak,
                loadAverage(),
                curatedRows(stream));
        result = SteadySpikes.analyse(plan, drain, produced, monitor);
      }
      progress.step(
          String.format(
              Locale.ROOT,
              "steady with spikes: %,.0f records/s steady, %,.0f in spikes; latency p99 %,d ms"
                  + " overall, %,d ms of events produced in spikes; lag under %d s again %s; %s%s",
              result.achieved(false),
              result.achieved(true),
              result.overall().p99(),
              result.during().p99(),
              SteadySpikes.LAG_GOAL_MILLIS / 1000,
              result.recoveries().stream()
                  .map(
                      r ->
                          r.afterMillis() < 0
                              ? "never"
                              : String.format(Locale.ROOT, "after %.1f s", r.afterMillis() / 1e3))
                  .collect(Collectors.joining(", ")),
              result.memoryFlat() ? "memory flat" : "memory not flat",
              result.drain().balanced() ? "" : "; the counts differ from the producer's"));
      return result;
    }
  }

  /** The rows of {@code curated.events_enriched} in the stream's lake. */
  private long curatedRows(StreamConfig stream) {
    return new Lake(spark, stream.lake()).read(LakeTable.CURATED_EVENTS_ENRICHED).count();
  }

  private void report(Drain d) {
    progress.step(
        String.format(
            Locale.ROOT,
            "%s: %,d records in %.1f s, %,.0f events/s, %d micro-batches, %,d rows in curated%s",
            d.source(),
            d.counts().read(),
            d.seconds(),
            d.eventsPerSecond(),
            d.withRecords().size(),
            d.curated(),
            d.balanced() ? "" : "; the counts differ from the producer's"));
  }

  /**
   * The stream job in the background at {@code rate}: a warm-up, not counted, then the measured
   * period; the latencies of the measured period's events once all of them are in curated.
   */
  private Latency latencyRun(
      Config config, double rate, Duration trigger, Path work, HeapPeak heap) {
    String name =
        String.format(Locale.ROOT, "bench-latency-%d-%dms", Math.round(rate), trigger.toMillis());
    progress.step(
        String.format(
            Locale.ROOT,
            EMULATOR
                + ": latency at %,.0f records/s, trigger %s: %d s of warm-up, then %d s measured"
                + " ...",
            rate,
            StreamBenchReport.duration(trigger),
            config.warmUpSeconds(),
            config.seconds()));
    try (KinesisEmulator emulator = KinesisEmulator.start();
        KinesisClient client = emulator.kinesis().client()) {
      KinesisStreams.ensure(client, name, config.shards());
      StreamConfig stream =
          streamConfig(
              config,
              name,
              emulator.kinesis(),
              work.resolve(name + "-lake"),
              trigger,
              config.stateStore());
      try (Background job = new Background(stream)) {
        long expected = 0;
        if (config.warmUpSeconds() > 0) {
          ProduceSummary warm =
              produce(client, name, rate, config.warmUpSeconds(), SEED + 10 + Math.round(rate));
          expected += warm.distinctValidUuids();
          job.awaitCleansed(expected);
        }
        int mark = job.metrics().latencyCount();
        int batchMark = job.metrics().batches().size();
        heap.phase();
        ProduceSummary measured =
            produce(client, name, rate, config.seconds(), SEED + 20 + Math.round(rate));
        expected += measured.distinctValidUuids();
        job.awaitCleansed(expected);
        long[] millis = job.metrics().latenciesFrom(mark);
        int batches = withRecords(job.metrics().batches(), batchMark, Integer.MAX_VALUE);
        long peak = heap.phase();
        job.stop();
        Latency l = new Latency(rate, trigger, measured, millis, batches, peak, loadAverage());
        progress.step(
            String.format(
                Locale.ROOT,
                "put %,.0f records/s (asked %,.0f); %,d events: p50 %d ms, p95 %d ms, p99 %d ms,"
                    + " max %d ms",
                measured.recordsPerSecond(),
                rate,
                millis.length,
                l.percentile(0.50),
                l.percentile(0.95),
                l.percentile(0.99),
                l.percentile(1.0)));
        return l;
      }
    }
  }

  /**
   * The stream job in the background at the long run's rate for its duration, the state sampled
   * every tenth of it.
   */
  private LongRun longRun(Config config, String store, Path work, HeapPeak heap) {
    String name = "bench-long-" + store;
    Duration trigger = config.triggers().get(0);
    progress.step(
        String.format(
            Locale.ROOT,
            EMULATOR
                + ": long run, state store %s: %,.0f records/s for %d s, watermark delay %s,"
                + " trigger %s ...",
            store,
            config.longRate(),
            config.longSeconds(),
            StreamBenchReport.duration(config.watermarkDelay()),
            StreamBenchReport.duration(trigger)));
    try (KinesisEmulator emulator = KinesisEmulator.start();
        KinesisClient client = emulator.kinesis().client()) {
      KinesisStreams.ensure(client, name, config.shards());
      StreamConfig stream =
          streamConfig(
              config, name, emulator.kinesis(), work.resolve(name + "-lake"), trigger, store);
      try (Background job = new Background(stream)) {
        heap.phase();
        CompletableFuture<ProduceSummary> producing =
            CompletableFuture.supplyAsync(
                () -> produce(client, name, config.longRate(), config.longSeconds(), SEED + 30),
                daemon("medallion-bench-producer"));
        long started = System.nanoTime();
        long tenth = config.longSeconds() * 100_000_000L;
        List<StateSample> samples = new ArrayList<>();
        int latencyMark = config.warmUpSeconds() == 0 ? 0 : -1;
        double latencyFrom = 0;
        int half = 0;
        for (int i = 1; i <= 10; i++) {
          sleepUntil(started + i * tenth, producing);
          double at = (System.nanoTime() - started) / 1e9;
          sample(job.metrics(), started).ifPresent(samples::add);
          if (i == 5) {
            half = job.metrics().batches().size();
          }
          if (latencyMark < 0 && at >= config.warmUpSeconds()) {
            latencyMark = job.metrics().latencyCount();
            latencyFrom = at;
          }
        }
        ProduceSummary produced = join(producing);
        job.awaitCleansed(produced.distinctValidUuids());
        sample(job.metrics(), started).ifPresent(samples::add);
        // From the middle of the run until every event is in: the batches that read the second
        // half's events, however far behind the job was.
        List<BatchReport> batches = job.metrics().batches();
        List<BatchReport> secondHalf =
            batches.subList(half, batches.size()).stream()
                .filter(b -> b.counts().read() > 0)
                .toList();
        long min = secondHalf.stream().mapToLong(BatchReport::stateRows).min().orElse(0);
        long max = secondHalf.stream().mapToLong(BatchReport::stateRows).max().orElse(0);
        long[] latencies = job.metrics().latenciesFrom(Math.max(0, latencyMark));
        long peak = heap.phase();
        job.stop();
        LongRun run =
            new LongRun(
                store,
                config.longRate(),
                trigger,
                produced,
                samples,
                min,
                max,
                meanSpanSeconds(secondHalf),
                latencies,
                latencyMark < 0 ? 0 : latencyFrom,
                peak,
                loadAverage());
        progress.step(
            String.format(
                Locale.ROOT,
                "state rows in the second half: %,d to %,d (about %,d expected)",
                run.secondHalfMin(),
                run.secondHalfMax(),
                run.expectedStateRows(config.watermarkDelay())));
        return run;
      }
    }
  }

  /**
   * How far the watermark moved per micro-batch, on average, over {@code batches}; 0 if unknown.
   */
  static double meanSpanSeconds(List<BatchReport> batches) {
    List<Instant> marks = new ArrayList<>();
    for (BatchReport b : batches) {
      if (b.watermark() != null && Instant.parse(b.watermark()).isAfter(Instant.EPOCH)) {
        marks.add(Instant.parse(b.watermark())); // the epoch: no watermark yet
      }
    }
    if (marks.size() < 2) {
      return 0;
    }
    return Duration.between(marks.get(0), marks.get(marks.size() - 1)).toMillis()
        / 1000.0
        / (marks.size() - 1);
  }

  /** The last micro-batch reported with records, if any, as a sample at this moment. */
  private static Optional<StateSample> sample(StreamMetrics metrics, long started) {
    double at = (System.nanoTime() - started) / 1e9;
    List<BatchReport> batches = metrics.batches();
    for (int i = batches.size() - 1; i >= 0; i--) {
      BatchReport b = batches.get(i);
      if (b.counts().read() > 0) {
        return Optional.of(
            new StateSample(
                at, b.counts().batchId(), b.counts().read(), b.stateRows(), b.watermark()));
      }
    }
    return Optional.empty();
  }

  /** The micro-batches with records among {@code batches[from, to)}. */
  private static int withRecords(List<BatchReport> batches, int from, int to) {
    return (int)
        batches.subList(from, Math.min(to, batches.size())).stream()
            .filter(b -> b.counts().read() > 0)
            .count();
  }

  /** Puts events at {@code rate} records per second for about {@code seconds}. */
  private static ProduceSummary produce(
      KinesisClient client, String stream, double rate, int seconds, long seed) {
    long events = Math.max(1, Math.round(rate * seconds / (1 + DUPLICATES)));
    return new EventProducer(client, stream, produceOptions(events, rate, seed)).run();
  }

  private StreamConfig streamConfig(
      Config config,
      String stream,
      KinesisEndpoint kinesis,
      Path lake,
      Duration trigger,
      String store) {
    return StreamConfig.of(
        stream,
        kinesis,
        lake.toString(),
        "medallion",
        trigger == null ? StreamConfig.AVAILABLE_NOW : trigger.toMillis() + "ms",
        config.watermarkDelay().toMillis() + "ms",
        "keep",
        "trim-horizon",
        null,
        null,
        0,
        store);
  }

  /** The job's tables, made empty before a run starts, so that no phase times CREATE TABLE. */
  private void emptyLake(StreamConfig stream) {
    Lake lake = new Lake(spark, stream.lake());
    StreamJob.TABLES.forEach(lake::ensure);
  }

  private StreamJob job() {
    return new StreamJob(spark, Progress.silent(), nowhere);
  }

  /** The stream job's query, run in a thread of its own until stopped. */
  private final class Background implements AutoCloseable {
    private final String queryName;
    private final StreamMetrics metrics = new StreamMetrics(nowhere, Progress.silent());
    private final CompletableFuture<StreamJob.Result> running;

    Background(StreamConfig stream) {
      this(stream, null);
    }

    /**
     * @param records the source's rows, or null for the stream's own source
     */
    Background(StreamConfig stream, Dataset<Row> records) {
      this.queryName = StreamJob.queryName(stream.stream());
      StreamJob job = job();
      emptyLake(stream);
      this.running =
          CompletableFuture.supplyAsync(
              () -> job.run(stream, records == null ? job.read(stream) : records, metrics),
              daemon("medallion-bench-stream"));
      // Nothing is put before the query runs, so that no phase starts with a backlog.
      while (!running.isDone() && query().isEmpty()) {
        sleep(POLL_MS);
      }
      if (running.isDone()) {
        join(running);
        throw new IllegalStateException("the stream job ended as soon as it started");
      }
    }

    StreamMetrics metrics() {
      return metrics;
    }

    /**
     * Waits until cleansed, and so curated (a micro-batch's counts are reported once its writes to
     * curated are done), holds {@code expected} events; fails if the job stops moving.
     */
    void awaitCleansed(long expected) {
      await(expected, BatchCounts::cleansed, "events in cleansed and curated");
    }

    /** Waits until the job has read {@code expected} records; fails if it stops moving. */
    void awaitRead(long expected) {
      await(expected, BatchCounts::read, "records read");
    }

    private void await(long expected, ToLongFunction<BatchCounts> count, String what) {
      long last = -1;
      long lastChange = System.nanoTime();
      while (true) {
        long now = count.applyAsLong(metrics.totals());
        if (now >= expected) {
          return;
        }
        if (running.isDone()) {
          join(running);
          throw new IllegalStateException(
              "the stream job ended with " + now + " of " + expected + " " + what);
        }
        if (now != last) {
          last = now;
          lastChange = System.nanoTime();
        } else if (System.nanoTime() - lastChange > PATIENCE.toNanos()) {
          throw new IllegalStateException(
              "the stream job has "
                  + now
                  + " of "
                  + expected
                  + " "
                  + what
                  + " and none more for "
                  + PATIENCE.toSeconds()
                  + " s");
        }
        sleep(POLL_MS);
      }
    }

    /** Stops the query and waits for the job to end. */
    StreamJob.Result stop() {
      stopQuery();
      try {
        return running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("the stream job did not stop", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the stream job stopped", e);
      } catch (ExecutionException e) {
        throw unwrap(e);
      }
    }

    /** The job's query, when it is active. */
    private Optional<StreamingQuery> query() {
      for (StreamingQuery query : spark.streams().active()) {
        if (queryName.equals(query.name())) {
          return Optional.of(query);
        }
      }
      return Optional.empty();
    }

    /** Stops the query, between micro-batches if one ends within the patience. */
    private void stopQuery() {
      Optional<StreamingQuery> query = query();
      if (query.isPresent()) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (query.get().status().isTriggerActive() && System.nanoTime() < deadline) {
          sleep(POLL_MS);
        }
        try {
          query.get().stop();
        } catch (TimeoutException e) {
          throw new IllegalStateException("the query " + queryName + " did not stop", e);
        }
      }
    }

    /** After a failure: stops the query if it runs or starts, and waits a little for its end. */
    @Override
    public void close() {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!running.isDone() && System.nanoTime() < deadline) {
        stopQuery();
        sleep(100);
      }
    }
  }

  private static Executor daemon(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
  }

  /** Sleeps until {@code deadline} (System.nanoTime()), or until the producer failed. */
  private static void sleepUntil(long deadline, CompletableFuture<?> producing) {
    while (System.nanoTime() < deadline) {
      if (producing.isCompletedExceptionally()) {
        join(producing);
      }
      sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
