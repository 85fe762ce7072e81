package dev.medallion.state;

import dev.medallion.landing.LandingFile;
import java.util.List;
import java.util.Map;

/**
 * What a run is about to do, written before it writes any table (write-ahead). A run killed after
 * some of its table commits is done again from its plan: the same files, run number and ingest
 * time, so it writes the very same rows, and the tables' transaction ids make the commits that
 * already happened no-ops.
 *
 * @param baseVersion the version of the job state the run started from
 * @param startedAt the run's start, epoch milliseconds; every row's {@code _ingested_at}
 * @param files per source, the files to process, in ingest order
 * @param values anything else the run fixed up front (e.g. the snapshot version it reads)
 */
public record RunPlan(
    String job,
    long run,
    String runId,
    long baseVersion,
    long startedAt,
    boolean reprocessAll,
    Map<String, List<LandingFile>> files,
    Map<String, String> values) {

  public List<LandingFile> files(String source) {
    return files.getOrDefault(source, List.of());
  }
}
