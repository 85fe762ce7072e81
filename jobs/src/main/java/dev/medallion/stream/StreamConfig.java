package dev.medallion.stream;

import dev.medallion.config.LakeLocation;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;

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
    boolean rocksDbState) {

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
