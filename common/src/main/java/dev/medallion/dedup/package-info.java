/**
 * The dedup rule of a streaming micro-batch, pure: the first record of each {@code event_uuid} (the
 * streaming state's choice first), and which are late ({@link
 * dev.medallion.dedup.FirstInMicroBatch}). The batch runs' rule and the uuids cleansed already
 * holds are in {@code jobs}' {@code dev.medallion.dedup.index}, which reads the table.
 */
package dev.medallion.dedup;
