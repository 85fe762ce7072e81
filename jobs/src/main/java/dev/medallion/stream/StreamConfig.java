package dev.medallion.stream;

import dev.medallion.config.ConfigException;
import dev.medallion.config.DurationParser;
import dev.medallion.config.LakeLocation;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The streaming ingest job's settings, parsed and checked once.
 *
 * @param trigger how often a micro-batch starts, or null for available-now (read what the stream
 *     holds when the job starts, then stop)
 * @param watermarkDelay how far behind the newest event time seen an event may be and still be
 *     deduplicated by the state (and not be late); also how long the state keeps an event_uuid
 * @param startingPosition where a new query starts: TRIM_HORIZON, LATEST or AT_TIMESTAMP
 * @param startingTimestamp with AT_TIMESTAMP, the ISO-8601 time
 * @param checkpoint the query's checkpoint; by default below the lake's state location
 * @param runFor stop after this long (null: until stopped, or caught up with available-now)
 * @param maxRecordsPerBatch at most this many records per micro-batch (0: the source's default)
 * @param metricsInterval how often at most {@code curated.daily_event_metrics} is recomputed for
 *     the dates the micro-batches touched (zero: every micro-batch); the events themselves reach
 *     {@code curated.events_enriched} in every micro-batch
 */
public record StreamConfig(
    String stream,
    KinesisEndpoint kinesis,
    LakeLocation lake,
    StreamSource source,
    Duration trigger,
    Duration watermarkDelay,
    LatePolicy latePolicy,
    String startingPosition,
    String startingTimestamp,
    String checkpoint,
    Duration runFor,
    long maxRecordsPerBatch,
    boolean rocksDbState,
    Duration metricsInterval) {

  /** The default of {@link #metricsInterval}. */
  public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(10);

  /** These settings with {@code interval} as {@link #metricsInterval}. */
  public StreamConfig withMetricsInterval(Duration interval) {
    return new StreamConfig(
        stream,
        kinesis,
        lake,
        source,
        trigger,
        watermarkDelay,
        latePolicy,
        startingPosition,
        startingTimestamp,
        checkpoint,
        runFor,
        maxRecordsPerBatch,
        rocksDbState,
        interval);
  }

  /** The {@code --trigger} value that means: read what is there, then stop. */
  public static final String AVAILABLE_NOW = "available-now";

  /**
   * The settings from their text, as the command line and the Glue job parameters give them; each
   * wrong value is a {@link ConfigException} naming its option. Null means the default.
   */
  public static StreamConfig of(
      String stream,
      KinesisEndpoint kinesis,
      String lake,
      String source,
      String trigger,
      String watermarkDelay,
      String latePolicy,
      String startingPosition,
      String checkpoint,
      String runFor,
      long maxRecordsPerBatch,
      String stateStore) {
    KinesisEndpoint.streamName("--stream", stream);
    LakeLocation location = LakeLocation.parse("--lake", lake);
    StreamSource src;
    try {
      src = StreamSource.parse(source == null ? "medallion" : source);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--source", e.getMessage(), "use medallion or aws-kinesis");
    }
    Duration every = null;
    String t = trigger == null ? "1s" : trigger.trim();
    if (!t.equalsIgnoreCase(AVAILABLE_NOW)) {
      every = DurationParser.parse("--trigger", t);
    }
    LatePolicy policy;
    try {
      policy = LatePolicy.parse(latePolicy == null ? "keep" : latePolicy);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "--late-policy",
          "'" + latePolicy + "' is not a late policy",
          "use one of " + LatePolicy.allowed());
    }
    String position = startingPosition == null ? "trim-horizon" : startingPosition.trim();
    String timestamp = null;
    String upper = position.toUpperCase(Locale.ROOT).replace('-', '_');
    if (upper.startsWith("AT_TIMESTAMP:")) {
      timestamp = position.substring(position.indexOf(':') + 1);
      try {
        Instant.parse(timestamp);
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            "--starting-position",
            "'" + timestamp + "' is not an ISO-8601 instant",
            "write at-timestamp:2026-11-21T10:00:00Z");
      }
      upper = "AT_TIMESTAMP";
    } else if (!upper.equals("TRIM_HORIZON") && !upper.equals("LATEST")) {
      throw new ConfigException(
          "--starting-position",
          "'" + position + "' is not a starting position",
          "use trim-horizon, latest or at-timestamp:<ISO-8601 instant>");
    }
    if (maxRecordsPerBatch < 0) {
      throw new ConfigException(
          "--max-records-per-batch", "must not be negative", "give 0 (no limit) or more");
    }
    String store = stateStore == null ? "rocksdb" : stateStore.trim().toLowerCase(Locale.ROOT);
    if (!store.equals("rocksdb") && !store.equals("memory")) {
      throw new ConfigException(
          "--state-store", "'" + stateStore + "' is not a state store", "use rocksdb or memory");
    }
    return new StreamConfig(
        stream,
        kinesis,
        location,
        src,
        every,
        DurationParser.parse("--watermark-delay", watermarkDelay == null ? "10m" : watermarkDelay),
        policy,
        upper,
        timestamp,
        checkpoint == null
            ? defaultCheckpoint(location, stream)
            : LakeLocation.parse("--checkpoint", checkpoint).uri(),
        runFor == null ? null : DurationParser.parse("--run-for", runFor),
        maxRecordsPerBatch,
        store.equals("rocksdb"),
        DEFAULT_METRICS_INTERVAL);
  }

  public boolean availableNow() {
    return trigger == null;
  }

  /** The default checkpoint of a stream's query: one per stream name, below the state location. */
  public static String defaultCheckpoint(LakeLocation lake, String stream) {
    return lake.resolve("_checkpoints/stream/" + stream);
  }

  /** The Delta transaction id the query's writes carry: one per stream and checkpoint. */
  public String appId() {
    return "medallion-stream:" + stream + ":" + checkpoint;
  }
}
