/**
 * How the {@code medallion-kinesis} source reads records: the driver's fetch of each shard up to a
 * budget, the record cache its partition readers take ranges from, a range read again from Kinesis
 * when it is not cached, and KPL de-aggregation.
 */
package dev.medallion.kinesis.source.reading;
