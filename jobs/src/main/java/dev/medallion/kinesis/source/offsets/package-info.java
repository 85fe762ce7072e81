/**
 * Where the {@code medallion-kinesis} source stands: the offset in Spark's checkpoint (one {@link
 * dev.medallion.kinesis.source.offsets.ShardOffset} per shard), where a new query starts, the shard
 * ranges a micro-batch reads, and the shard lineage rules of a reshard.
 */
package dev.medallion.kinesis.source.offsets;
