package dev.medallion.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Writes run summaries under the lake and renders them for a terminal. */
public final class RunSummaries {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunSummaries() {}

  /** Where a run's summary is written. */
  public static String path(LakeLocation lake, RunSummary summary) {
    return lake.resolve("_runs/" + summary.job() + "/" + summary.runId() + ".json");
  }

  public static String write(HadoopFiles files, LakeLocation lake, RunSummary summary) {
    String path = path(lake, summary);
    files.writeString(path, toJson(summary));
    return path;
  }

  /**
   * Does a planned run; if it fails, writes its summary with status FAILED and the cause before the
   * failure goes on to the caller.
   */
  public static <T> T failureRecorded(
      HadoopFiles files,
      LakeLocation lake,
      RunPlan plan,
      long started,
      java.util.function.Supplier<T> run) {
    try {
      return run.get();
    } catch (RuntimeException e) {
      writeFailure(files, lake, plan, started, e);
      throw e;
    }
  }

  /**
   * Writes the summary of a run that failed, with the cause as its message. Best effort: a lake
   * that cannot take it must not hide the failure itself.
   */
  private static void writeFailure(
      HadoopFiles files, LakeLocation lake, RunPlan plan, long started, Exception e) {
    try {
      write(
          files,
          lake,
          RunSummary.of(
              plan,
              RunSummary.FAILED,
              started,
              Map.of(),
              Map.of(),
              Map.of(),
              null,
              String.valueOf(e.getMessage())));
    } catch (RuntimeException ignored) {
      // the run's own failure is what the caller reports
    }
  }

  public static String toJson(RunSummary summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RunSummary fromJson(String json) {
    try {
      return JSON.readValue(json, RunSummary.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A few aligned lines for a person. */
  public static String render(RunSummary s) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "== %s run %s: %s in %.1f s ==%n",
            s.job(), s.runId(), s.status(), s.elapsedMillis() / 1000.0));
    if (s.files() != null && !s.files().isEmpty()) {
      for (Map.Entry<String, FileCounts> e : s.files().entrySet()) {
        FileCounts f = e.getValue();
        out.append(
            String.format(
                "  files %-13s %6d read, %d skipped (bookmark), %d failed, %d ignored%n",
                e.getKey(), f.read(), f.skipped(), f.failed().size(), f.ignored().size()));
        for (String failed : f.failed()) {
          out.append("    FAILED (will be retried): ").append(failed).append('\n');
        }
      }
    }
    if (s.records() != null && !s.records().isEmpty()) {
      out.append(
          String.format(
              "  %-20s %9s %9s %11s %12s %7s  %s%n",
              "records", "read", "cleansed", "duplicates", "quarantined", "late", "balanced"));
      for (Map.Entry<String, RecordCounts> e : s.records().entrySet()) {
        RecordCounts r = e.getValue();
        out.append(
            String.format(
                "  %-20s %9d %9d %11d %12d %7d  %s%n",
                e.getKey(),
                r.read(),
                r.cleansed(),
                r.duplicates(),
                r.quarantined(),
                r.late(),
                r.balanced() ? "yes" : "NO"));
      }
      for (Map.Entry<String, RecordCounts> e : s.records().entrySet()) {
        if (!e.getValue().quarantinedByReason().isEmpty()) {
          out.append("  quarantined ").append(e.getKey()).append(" by reason:\n");
          e.getValue()
              .quarantinedByReason()
              .forEach((reason, n) -> out.append(String.format("    %-36s %7d%n", reason, n)));
        }
      }
    }
    if (s.watermark() != null) {
      out.append("  watermark (late before): ").append(s.watermark()).append('\n');
    }
    if (s.curated() != null && !s.curated().isEmpty()) {
      s.curated().forEach((k, v) -> out.append(String.format("  %-36s %9d%n", k, v)));
    }
    if (s.microBatches() != null && !s.microBatches().isEmpty()) {
      List<RunSummary.MicroBatch> last =
          s.microBatches()
              .subList(Math.max(0, s.microBatches().size() - 5), s.microBatches().size());
      out.append(
          String.format(
              "  last micro-batches: %7s %9s %9s %11s %12s %7s %8s %10s%n",
              "batch",
              "read",
              "cleansed",
              "duplicates",
              "quarantined",
              "late",
              "ms",
              "state rows"));
      for (RunSummary.MicroBatch b : last) {
        out.append(
            String.format(
                "  %18s %7d %9d %9d %11d %12d %7d %8d %10d%n",
                "",
                b.batchId(),
                b.read(),
                b.cleansed(),
                b.duplicates(),
                b.quarantined(),
                b.late(),
                b.durationMillis(),
                b.stateRows()));
      }
    }
    if (s.maintained() != null && !s.maintained().isEmpty()) {
      renderMaintained(s.maintained(), out);
    }
    if (s.message() != null) {
      out.append("  ").append(s.message()).append('\n');
    }
    return out.toString();
  }

  /** The maintenance job's table: per table, files and bytes before and after. */
  private static void renderMaintained(
      Map<String, RunSummary.Maintained> tables, StringBuilder out) {
    out.append(
        String.format(
            "  %-28s %16s  %22s  %16s  %22s  %8s%n",
            "table", "data files", "data size", "stored files", "stored size", "retained"));
    for (Map.Entry<String, RunSummary.Maintained> e : tables.entrySet()) {
      RunSummary.Maintained m = e.getValue();
      out.append(
          String.format(
              "  %-28s %6d -> %-6d  %9s -> %-9s  %6d -> %-6d  %9s -> %-9s  %8s%n",
              e.getKey(),
              m.filesBefore(),
              m.filesAfter(),
              size(m.bytesBefore()),
              size(m.bytesAfter()),
              m.storedFilesBefore(),
              m.storedFilesAfter(),
              size(m.storedBytesBefore()),
              size(m.storedBytesAfter()),
              m.retainedHours() == null ? "-" : m.retainedHours() + "h"));
    }
    for (Map.Entry<String, RunSummary.Maintained> e : tables.entrySet()) {
      if (e.getValue().note() != null) {
        out.append("  ").append(e.getKey()).append(": ").append(e.getValue().note()).append('\n');
      }
    }
  }

  /** Bytes for a person: B, KB, MB, GB (powers of 1024), three significant figures or so. */
  static String size(long bytes) {
    if (bytes < 0) {
      return "-";
    }
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : String.format(
            java.util.Locale.ROOT,
            value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s",
            value,
            units[unit]);
  }
}
