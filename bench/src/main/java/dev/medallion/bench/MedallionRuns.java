package dev.medallion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Medallion's pipeline counted in a run, read from the ingest job's summary under the lake
 * ({@code _runs/ingest/<run-id>.json}), the file every run writes.
 */
final class MedallionRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MedallionRuns() {}

  /** The record counts per kind of the successful ingest run number {@code run}. */
  static Map<String, RecordCounts> ingest(Path lake, long run) {
    Path dir = lake.resolve("_runs").resolve("ingest");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode summary = JSON.readTree(file.toFile());
        if (summary.path("run").asLong() == run
            && RunSummary.SUCCEEDED.equals(summary.path("status").asText())) {
          Map<String, RecordCounts> counts = new LinkedHashMap<>();
          for (String kind : List.of("events", "users", "transactions")) {
            JsonNode node = summary.path("records").path(kind);
            if (!node.isMissingNode()) {
              counts.put(kind, JSON.treeToValue(node, RecordCounts.class));
            }
          }
          return counts;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ingest summaries under " + dir, e);
    }
    throw new IllegalStateException("no successful ingest run " + run + " in " + dir);
  }
}
