package dev.medallion.kinesis.source.client;

import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.source.KinesisSourceOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** {@link KinesisApi} over the AWS SDK v2 client of a {@link KinesisEndpoint}. */
public final class SdkKinesisApi implements KinesisApi {
  private static final Logger LOG = LoggerFactory.getLogger(SdkKinesisApi.class);

  private final KinesisEndpoint endpoint;
  private final KinesisClient client;
  private final Duration localAtTimestampTimeout;

  /**
   * @param localAtTimestampTimeout for a local endpoint, how long an AT_TIMESTAMP GetShardIterator
   *     may take before LATEST is used instead (see {@link
   *     KinesisSourceOptions#LOCAL_AT_TIMESTAMP_TIMEOUT_MS}); ignored for AWS.
   */
  public SdkKinesisApi(KinesisEndpoint endpoint, Duration localAtTimestampTimeout) {
    this.endpoint = endpoint;
    this.client = endpoint.client();
    this.localAtTimestampTimeout = localAtTimestampTimeout;
  }

  @Override
  public List<Shard> listShards(String stream) {
    return KinesisStreams.shards(client, stream);
  }

  @Override
  public String shardIterator(String stream, String shardId, IteratorPosition position) {
    GetShardIteratorRequest.Builder request =
        GetShardIteratorRequest.builder()
            .streamName(stream)
            .shardId(shardId)
            .shardIteratorType(position.type())
            .startingSequenceNumber(position.sequenceNumber())
            .timestamp(position.timestamp());
    if (position.type() != ShardIteratorType.AT_TIMESTAMP || !endpoint.isLocal()) {
      return client.getShardIterator(request.build()).shardIterator();
    }
    try {
      return client
          .getShardIterator(
              request.overrideConfiguration(c -> c.apiCallTimeout(localAtTimestampTimeout)).build())
          .shardIterator();
    } catch (ApiCallTimeoutException e) {
      // The emulator does not answer when no record of the shard is that recent; AWS would
      // answer with an iterator at the tip of the shard, which LATEST is.
      LOG.warn(
          "{} did not answer GetShardIterator AT_TIMESTAMP {} for {} of {} within {} ms: no record"
              + " is that recent, starting at LATEST",
          endpoint,
          position.timestamp(),
          shardId,
          stream,
          localAtTimestampTimeout.toMillis());
      return client
          .getShardIterator(
              GetShardIteratorRequest.builder()
                  .streamName(stream)
                  .shardId(shardId)
                  .shardIteratorType(ShardIteratorType.LATEST)
                  .build())
          .shardIterator();
    }
  }

  @Override
  public GetRecordsResponse getRecords(String shardIterator, int limit) {
    return client.getRecords(b -> b.shardIterator(shardIterator).limit(limit));
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
