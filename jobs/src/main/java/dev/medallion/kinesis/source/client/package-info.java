/**
 * The Kinesis calls of the {@code medallion-kinesis} source: {@link
 * dev.medallion.kinesis.source.client.KinesisApi} (ListShards, GetShardIterator, GetRecords), its
 * AWS SDK implementation, and {@link dev.medallion.kinesis.source.client.ResilientKinesis}, which
 * retries throttled and failed calls with back-off.
 */
package dev.medallion.kinesis.source.client;
