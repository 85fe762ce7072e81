package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.KinesisSchema;
import dev.medallion.kinesis.source.KinesisSourceConfig;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads one shard range: from the driver's {@link RecordCache} when it is in this JVM, else from
 * Kinesis with a {@link ShardRangeReader}.
 */
final class KinesisPartitionReader implements PartitionReader<InternalRow> {
  private final KinesisSourceConfig config;
  private final KinesisInputPartition partition;
  private final UTF8String stream;
  private final UTF8String shardId;
  private Iterator<KinesisRecord> records;
  private ShardRangeReader fromKinesis;
  private KinesisRecord current;

  KinesisPartitionReader(KinesisSourceConfig config, KinesisInputPartition partition) {
    this.config = config;
    this.partition = partition;
    this.stream = UTF8String.fromString(config.streamName());
    this.shardId = UTF8String.fromString(partition.range().shardId());
    List<KinesisRecord> cached =
        RecordCache.shared().get(new RecordCache.Key(partition.sourceId(), partition.range()));
    if (cached != null) {
      records = cached.iterator();
    }
  }

  @Override
  public boolean next() {
    if (records == null) {
      fromKinesis = ShardRangeReader.open(config, partition.range());
      records = fromKinesis;
    }
    if (records.hasNext()) {
      current = records.next();
      return true;
    }
    return false;
  }

  @Override
  public InternalRow get() {
    return KinesisSchema.row(current, stream, shardId);
  }

  @Override
  public void close() {
    if (fromKinesis != null) {
      fromKinesis.close();
    }
  }
}
