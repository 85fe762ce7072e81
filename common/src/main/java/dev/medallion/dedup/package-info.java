/**
 * The dedup rule, pure: the first record of each {@code event_uuid} in a batch (ingest order) or in
 * a streaming micro-batch (the streaming state's choice first), and dropping the uuids cleansed
 * already holds. Which uuids those are is answered by the indexes in {@code jobs}' {@code
 * dev.medallion.dedup.index}, which read the table.
 */
package dev.medallion.dedup;
