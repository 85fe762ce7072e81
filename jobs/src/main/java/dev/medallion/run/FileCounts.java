package dev.medallion.run;

import java.util.List;

/**
 * The files of one kind a run looked at.
 *
 * @param read files read to the end
 * @param skipped files listed but not read: the bookmark holds them as processed, or they were
 *     modified after the run started (left to the next run)
 * @param failed files that could not be read (each with its cause); retried by the next run
 * @param ignored files with an extension the kind does not take
 */
public record FileCounts(int read, int skipped, List<String> failed, List<String> ignored) {}
