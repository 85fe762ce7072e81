/**
 * How far a long piece of work has come, shown while it runs: a {@link dev.medallion.progress.Work}
 * counts files, records and bytes (in Spark tasks through {@link
 * dev.medallion.progress.ReadCounters}, on the driver directly), and a {@link
 * dev.medallion.progress.ProgressDisplay} shows it on stderr, one redrawn line on a terminal or
 * plain lines now and then elsewhere ({@link dev.medallion.progress.ProgressMode}). The text is
 * made by the pure functions of {@link dev.medallion.progress.ProgressFormat}.
 */
package dev.medallion.progress;
