package dev.medallion.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medallion.run.RecordCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The counts of a peer's run, kept as {@code <out>/_runs/run-<n>.json}: for each kind (events,
 * users, transactions) the {@link RecordCounts} of Medallion's run summaries.
 */
final class PeerRuns {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PeerRuns() {}

  static void write(Path out, long run, Map<String, RecordCounts> counts) {
    try {
      Path file = Files.createDirectories(out.resolve("_runs")).resolve("run-" + run + ".json");
      Files.writeString(file, JSON.writeValueAsString(counts));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the counts of run " + run + " under " + out, e);
    }
  }

  /** The counts of run {@code run} of the peer whose output is {@code out}. */
  static Map<String, RecordCounts> read(Path out, long run) {
    Path file = out.resolve("_runs").resolve("run-" + run + ".json");
    try {
      return JSON.readValue(file.toFile(), new TypeReference<Map<String, RecordCounts>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the counts of a peer's run: " + file, e);
    }
  }
}
