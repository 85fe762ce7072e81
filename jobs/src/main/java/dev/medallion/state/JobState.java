package dev.medallion.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * The committed state of one job: its version (one per commit), the number of its last committed
 * run, and per source (a landing kind, like a Glue {@code transformation_ctx}) the files it has
 * processed. {@code values} holds the job's other marks, e.g. the newest event time seen.
 */
public record JobState(
    String job,
    long version,
    long lastRun,
    Map<String, Map<String, FileMark>> sources,
    Map<String, String> values) {

  public static JobState initial(String job) {
    return new JobState(job, 0, 0, Map.of(), Map.of());
  }

  public Map<String, FileMark> files(String source) {
    return sources.getOrDefault(source, Map.of());
  }

  /** The state after {@code run} committed: files added per source, values replaced. */
  public JobState next(
      long run, Map<String, Map<String, FileMark>> newFiles, Map<String, String> newValues) {
    Map<String, Map<String, FileMark>> merged = new TreeMap<>();
    sources.forEach((source, files) -> merged.put(source, new TreeMap<>(files)));
    newFiles.forEach(
        (source, files) -> merged.computeIfAbsent(source, s -> new TreeMap<>()).putAll(files));
    Map<String, String> values = new TreeMap<>(this.values);
    values.putAll(newValues);
    return new JobState(job, version + 1, run, merged, values);
  }
}
