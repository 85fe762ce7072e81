package dev.medallion.kinesis.source;

import dev.medallion.kinesis.KinesisEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the {@value #FORMAT} streaming source, each beside its default. {@link
 * KinesisSourceConfig#parse} reads them once; the rest of the source sees only the typed config.
 *
 * <p>The four options a job sets for the other Kinesis source on the class path ({@code
 * format("aws-kinesis")}) are accepted under its names too ({@code kinesis.streamName}, {@code
 * kinesis.endpointUrl}, {@code kinesis.region}, {@code kinesis.startingPosition}), so that a job
 * switches source by changing the format alone. docs/kinesis-source.md compares the two.
 */
public final class KinesisSourceOptions {
  private KinesisSourceOptions() {}

  /** The short name: {@code spark.readStream().format("medallion-kinesis")}. */
  public static final String FORMAT = "medallion-kinesis";

  /** The stream to read. Required. */
  public static final String STREAM_NAME = "streamName";

  /** The Kinesis endpoint; absent for AWS itself (then the SDK's region and credentials chains). */
  public static final String ENDPOINT_URL = "endpointUrl";

  /** The AWS region; absent: taken from an AWS endpoint URL, else the SDK's region chain. */
  public static final String REGION = "region";

  /** TRIM_HORIZON, LATEST or AT_TIMESTAMP; used only when the checkpoint has no offset yet. */
  public static final String STARTING_POSITION = "startingPosition";

  public static final String DEFAULT_STARTING_POSITION = "LATEST";

  /** The time AT_TIMESTAMP starts at: ISO-8601 with a zone, e.g. 2025-01-31T12:00:00Z. */
  public static final String STARTING_TIMESTAMP = "startingTimestamp";

  /** At most this many Kinesis records per micro-batch, over all shards (an aggregate is one). */
  public static final String MAX_RECORDS_PER_BATCH = "maxRecordsPerBatch";

  public static final long DEFAULT_MAX_RECORDS_PER_BATCH = 200_000;

  /** The limit of one GetRecords call, 1 to 10000 (the Kinesis maximum). */
  public static final String MAX_RECORDS_PER_FETCH = "maxRecordsPerFetch";

  public static final int DEFAULT_MAX_RECORDS_PER_FETCH = 10_000;

  /** How often the shards are listed (ListShards) to find the children of a split or a merge. */
  public static final String SHARD_DISCOVERY_INTERVAL_MS = "shardDiscoveryIntervalMs";

  public static final long DEFAULT_SHARD_DISCOVERY_INTERVAL_MS = 2_000;

  /** Whether records aggregated by the Kinesis Producer Library are split into user records. */
  public static final String DEAGGREGATE = "deaggregate";

  public static final boolean DEFAULT_DEAGGREGATE = true;

  /** How many times a throttled call is retried before the query fails. */
  public static final String MAX_RETRIES = "maxRetries";

  public static final int DEFAULT_MAX_RETRIES = 8;

  /** The first back-off after a throttled or failed call; it doubles, with full jitter. */
  public static final String RETRY_BASE_DELAY_MS = "retryBaseDelayMs";

  public static final long DEFAULT_RETRY_BASE_DELAY_MS = 100;

  /** The longest back-off between two attempts of a call. */
  public static final String RETRY_MAX_DELAY_MS = "retryMaxDelayMs";

  public static final long DEFAULT_RETRY_MAX_DELAY_MS = 5_000;

  /** How many shards the driver polls at once. */
  public static final String FETCH_THREADS = "fetchThreads";

  public static final int DEFAULT_FETCH_THREADS = 4;

  /** The bound of the in-JVM cache of fetched records (all queries of the JVM share it). */
  public static final String CACHE_MAX_BYTES = "cacheMaxBytes";

  public static final long DEFAULT_CACHE_MAX_BYTES = 256L * 1024 * 1024;

  /**
   * Local emulators only: how long to wait for an AT_TIMESTAMP shard iterator before starting at
   * LATEST instead. kinesalite never answers AT_TIMESTAMP when no record in the shard is that
   * recent (AWS answers with an iterator at the tip, which is what LATEST gives).
   */
  public static final String LOCAL_AT_TIMESTAMP_TIMEOUT_MS = "localAtTimestampTimeoutMs";

  public static final long DEFAULT_LOCAL_AT_TIMESTAMP_TIMEOUT_MS = 2_000;

  /** The prefix of the other Kinesis source's option names. */
  static final String AWS_KINESIS_PREFIX = "kinesis.";

  /** The options that are also accepted with {@link #AWS_KINESIS_PREFIX}. */
  static final List<String> ALIASED = List.of(STREAM_NAME, ENDPOINT_URL, REGION, STARTING_POSITION);

  /** The options that read {@code stream} at {@code endpoint}, for {@code .options(...)}. */
  public static Map<String, String> options(KinesisEndpoint endpoint, String stream) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put(STREAM_NAME, stream);
    if (endpoint.endpoint() != null) {
      options.put(ENDPOINT_URL, endpoint.endpoint());
    }
    if (endpoint.region() != null) {
      options.put(REGION, endpoint.region());
    }
    return options;
  }
}
