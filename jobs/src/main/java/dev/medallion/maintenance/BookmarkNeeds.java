package dev.medallion.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For each table whose change feed a job reads from a bookmark, the commit time of the oldest
 * version that job has not read yet: VACUUM must keep the files of that version and later ones (see
 * {@link Retention}).
 *
 * <ul>
 *   <li>{@code cleansed.events}: curate's bookmark, the version it curated last (in the lake's job
 *       state). The oldest needed version is the next one. When its log entry is gone, curate
 *       rebuilds curated from the current version and needs no history.
 *   <li>the curated tables: the warehouse load keeps the version it loaded in the warehouse, which
 *       this job does not open. What the lake knows is when the last load that succeeded started:
 *       every version committed before then was loaded, so the oldest needed version is not older.
 *       With no successful load, the next one loads the current version whole.
 * </ul>
 *
 * A stream's micro-batch replayed after a crash reads Kinesis again, not an old version of a table,
 * and writes with its transaction id: it needs no history.
 */
final class BookmarkNeeds {
  /** Curate's bookmark in its job state: the cleansed.events version it has curated up to. */
  static final String CURATE_JOB = dev.medallion.curate.CurateJob.JOB;

  static final String CURATE_VERSION = dev.medallion.curate.CurateJob.CLEANSED_VERSION;
  static final String LOAD_JOB = "load";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who still needs a table's history, and from when. */
  record Need(String reader, Instant since) {}

  private BookmarkNeeds() {}

  static Map<LakeTable, Need> of(Lake lake, HadoopFiles files) {
    Map<LakeTable, Need> needs = new EnumMap<>(LakeTable.class);
    curate(lake, files)
        .ifPresent(
            since ->
                needs.put(LakeTable.CLEANSED_EVENTS, new Need("curate (its bookmark)", since)));
    load(lake, files)
        .ifPresent(
            since -> {
              Need need = new Need("the warehouse load (its last successful run)", since);
              needs.put(LakeTable.CURATED_EVENTS_ENRICHED, need);
              needs.put(LakeTable.CURATED_DAILY_EVENT_METRICS, need);
            });
    return needs;
  }

  private static Optional<Instant> curate(Lake lake, HadoopFiles files) {
    String curated =
        new HadoopBookmarkStore(files, lake.location().stateRoot(), CURATE_JOB)
            .current()
            .values()
            .get(CURATE_VERSION);
    if (curated == null || Long.parseLong(curated) < 0) {
      return Optional.empty();
    }
    long next = Long.parseLong(curated) + 1;
    return commitTime(files, lake.path(LakeTable.CLEANSED_EVENTS), next);
  }

  /** The start of the newest successful load run, from the run summaries in the lake. */
  private static Optional<Instant> load(Lake lake, HadoopFiles files) {
    String dir = lake.location().resolve("_runs/" + LOAD_JOB);
    List<String> names =
        files.list(dir).stream()
            .filter(n -> n.endsWith(".json"))
            .sorted(Comparator.reverseOrder())
            .toList();
    for (String name : names) {
      RunSummary summary = RunSummaries.fromJson(files.readString(dir + "/" + name));
      if (RunSummary.SUCCEEDED.equals(summary.status()) && summary.startedAt() != null) {
        return Optional.of(Instant.parse(summary.startedAt()));
      }
    }
    return Optional.empty();
  }

  /** When version {@code version} of the table was committed; empty when its log entry is gone. */
  static Optional<Instant> commitTime(HadoopFiles files, String table, long version) {
    String commit = String.format("%s/_delta_log/%020d.json", table, version);
    if (!files.exists(commit)) {
      return Optional.empty();
    }
    for (String line : files.readString(commit).split("\n")) {
      if (line.startsWith("{\"commitInfo\"")) {
        try {
          JsonNode timestamp = JSON.readTree(line).path("commitInfo").path("timestamp");
          if (timestamp.canConvertToLong()) {
            return Optional.of(Instant.ofEpochMilli(timestamp.asLong()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + commit, e);
        }
      }
    }
    return Optional.of(
        Instant.ofEpochMilli(files.listFilesRecursively(commit).get(0).getModificationTime()));
  }
}
