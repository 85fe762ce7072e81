package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.offsets.ShardRange;
import org.apache.spark.sql.connector.read.InputPartition;

/** One shard's range in one micro-batch; the records stay in the driver's cache or in Kinesis. */
public record KinesisInputPartition(String sourceId, ShardRange range) implements InputPartition {}
