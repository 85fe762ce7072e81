package dev.medallion.kinesis.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What a producer put on a stream, and so what a stream job that reads all of it must count: raw =
 * {@link #recordsPut}, quarantined = {@link #malformed}, duplicates = {@link #duplicates}, and
 * cleansed = {@link #distinctValidUuids} with the late policy {@code keep} (with {@code
 * quarantine}, the {@link #late} events and their {@link #lateDuplicates} retries move out of
 * cleansed and duplicates, depending on the order the job checks them in).
 *
 * @param stream the stream's name
 * @param seed the seed: the same options and seed make the same events again
 * @param recordsPut every record put: events and retries
 * @param events events made: valid and malformed
 * @param distinctValidUuids valid events, each with its own uuid
 * @param duplicates retries: a second record with the uuid, partition key and bytes of a valid
 *     event
 * @param lateDuplicates the retries among {@code duplicates} that are of late events
 * @param late valid events whose event_ts is far behind the time they were put
 * @param malformed events that fail validation
 * @param putCalls PutRecords requests made, retries included
 * @param retriedRecords records sent again after a failure (each time counted)
 * @param firstProducedAtMs the first {@code produced_at_ms} stamped (epoch ms; -1 if none)
 * @param lastProducedAtMs the last one
 * @param elapsed the run's time, from its start until the last record was put
 */
public record ProduceSummary(
    String stream,
    long seed,
    long recordsPut,
    long events,
    long distinctValidUuids,
    long duplicates,
    long lateDuplicates,
    long late,
    long malformed,
    long putCalls,
    long retriedRecords,
    long firstProducedAtMs,
    long lastProducedAtMs,
    Duration elapsed) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Records put per second over the run (0 for a run too short to tell). */
  public double recordsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : recordsPut * 1e9 / nanos;
  }

  /** The summary as JSON, with the counts a stream job reading the whole stream must give. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("stream", stream);
    root.put("seed", seed);
    root.put("recordsPut", recordsPut);
    root.put("events", events);
    root.put("distinctValidUuids", distinctValidUuids);
    root.put("duplicates", duplicates);
    root.put("lateDuplicates", lateDuplicates);
    root.put("late", late);
    root.put("malformed", malformed);
    root.put("putCalls", putCalls);
    root.put("retriedRecords", retriedRecords);
    root.put("firstProducedAtMs", firstProducedAtMs);
    root.put("lastProducedAtMs", lastProducedAtMs);
    root.put("elapsedMs", elapsed.toMillis());
    root.put("recordsPerSecond", Math.round(recordsPerSecond()));
    ObjectNode expected = root.putObject("expectedWithLatePolicyKeep");
    expected.put("raw", recordsPut);
    expected.put("cleansed", distinctValidUuids);
    expected.put("duplicates", duplicates);
    expected.put("quarantined", malformed);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the produce summary to " + file, e);
    }
  }

  /** Reads a summary that {@link #writeJson} wrote. */
  public static ProduceSummary readJson(Path file) {
    try {
      JsonNode n = JSON.readTree(file.toFile());
      return new ProduceSummary(
          n.path("stream").asText(),
          n.path("seed").asLong(),
          n.path("recordsPut").asLong(),
          n.path("events").asLong(),
          n.path("distinctValidUuids").asLong(),
          n.path("duplicates").asLong(),
          n.path("lateDuplicates").asLong(),
          n.path("late").asLong(),
          n.path("malformed").asLong(),
          n.path("putCalls").asLong(),
          n.path("retriedRecords").asLong(),
          n.path("firstProducedAtMs").asLong(),
          n.path("lastProducedAtMs").asLong(),
          Duration.ofMillis(n.path("elapsedMs").asLong()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a produce summary from " + file, e);
    }
  }

  /** A few lines for people. */
  public String render() {
    return String.format(
        Locale.ROOT,
        "put %,d records on stream %s in %.1f s (%,.0f records/s, %,d PutRecords calls, %,d"
            + " records retried)%n"
            + "  events %,d: %,d valid (%,d late), %,d malformed; %,d duplicates (retries, %,d of"
            + " late events)%n"
            + "  seed %d%n",
        recordsPut,
        stream,
        elapsed.toNanos() / 1e9,
        recordsPerSecond(),
        putCalls,
        retriedRecords,
        events,
        distinctValidUuids,
        late,
        malformed,
        duplicates,
        lateDuplicates,
        seed);
  }
}
