/**
 * Which event_uuids {@code cleansed.events} already holds, without rescanning it: {@link
 * dev.medallion.dedup.index.UuidIndex} for the batch ingest runs (Bloom filter segments per run,
 * compacted so that a probe tests a bounded number, probed on the executors, the hits checked
 * against the runs they cover) and {@link dev.medallion.dedup.index.CleansedUuids} for the stream
 * (one Bloom filter in the driver, kept current from the table's change feed). They answer the same
 * question for jobs of different shapes (a dataset of candidates against earlier runs, a set of a
 * micro-batch's uuids against other writers), so they share no interface; the rule they serve is in
 * {@code common}'s {@code dev.medallion.dedup}. {@link dev.medallion.dedup.index.UniqueAppend}
 * makes a writer's check and its append to cleansed one atomic step through Delta's conflict
 * detection, whoever else writes.
 */
package dev.medallion.dedup.index;
