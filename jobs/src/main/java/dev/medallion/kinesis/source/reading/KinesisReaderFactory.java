package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.KinesisSourceConfig;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Makes the reader of a shard range; sent to the executors with the config. */
public record KinesisReaderFactory(KinesisSourceConfig config) implements PartitionReaderFactory {
  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new KinesisPartitionReader(config, (KinesisInputPartition) partition);
  }
}
