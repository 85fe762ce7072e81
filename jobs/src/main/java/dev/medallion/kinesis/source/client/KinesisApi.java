package dev.medallion.kinesis.source.client;

import java.util.List;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The three Kinesis calls the source makes, as one small interface: {@link SdkKinesisApi} calls
 * Kinesis (or the local emulator); tests put scripted failures behind it, which the emulator cannot
 * produce (throttling, expired iterators). Calls throw the SDK's exceptions unchanged; {@link
 * ResilientKinesis} retries them.
 */
public interface KinesisApi extends AutoCloseable {
  /** Every shard of the stream, open and closed, all pages. */
  List<Shard> listShards(String stream);

  String shardIterator(String stream, String shardId, IteratorPosition position);

  GetRecordsResponse getRecords(String shardIterator, int limit);

  /** Where the calls go, for messages. */
  String describe();

  @Override
  void close();
}
