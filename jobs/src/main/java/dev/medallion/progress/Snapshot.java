package dev.medallion.progress;

/**
 * What a {@link Work} had done at one moment, as {@link ProgressFormat} shows it. A total of {@link
 * Work#UNKNOWN} is not known.
 *
 * @param label what the work is, e.g. {@code ingest} or {@code load events_enriched}
 * @param unit what its records are called, e.g. {@code records} or {@code rows}
 * @param elapsedNanos since the work began
 * @param activeNanos from its beginning to the last time its records grew: the rate's time (so that
 *     the rate stays the reading's once the reading is over), and when the counts that the ETA is
 *     reckoned from were seen
 * @param tasksDone tasks done of the Spark stages running now
 * @param tasksTotal tasks of the Spark stages running now (0: none runs)
 * @param finished whether the work has ended
 */
public record Snapshot(
    String label,
    String unit,
    long elapsedNanos,
    long activeNanos,
    long filesDone,
    long filesTotal,
    long bytesDone,
    long bytesTotal,
    long records,
    long recordsTotal,
    long tasksDone,
    long tasksTotal,
    boolean finished) {}
