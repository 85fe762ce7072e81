package dev.medallion.lake;

/**
 * A Delta transaction id: a write tagged with it is done at most once per table. A run done again
 * after a crash writes with the same id, and Delta skips each commit the first attempt made.
 */
public record Txn(String appId, long version) {}
