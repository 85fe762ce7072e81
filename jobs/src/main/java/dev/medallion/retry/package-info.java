/**
 * The one back-off policy of Medallion's retries ({@link dev.medallion.retry.Backoff}): the
 * warehouse connection and the Kinesis source's calls both use it.
 */
package dev.medallion.retry;
