package dev.medallion.kinesis.source.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.kinesis.source.KinesisSourceOptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * The source's offset in Spark's checkpoint: a {@link ShardOffset} per shard. Its JSON is
 * deterministic (shards sorted, fields in a fixed order), since Spark compares offsets by their
 * JSON:
 *
 * <pre>
 * {"shards":{"shardId-000000000000":{"seq":"4959...","done":false},
 *            "shardId-000000000001":{"from":"LATEST","ts":"2025-01-31T12:00:00.123Z","done":false}}}
 * </pre>
 */
public final class KinesisSourceOffset extends Offset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SortedMap<String, ShardOffset> shards;

  public KinesisSourceOffset(Map<String, ShardOffset> shards) {
    this.shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
  }

  public SortedMap<String, ShardOffset> shards() {
    return shards;
  }

  @Override
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode all = root.putObject("shards");
    shards.forEach(
        (shardId, offset) -> {
          ObjectNode node = all.putObject(shardId);
          if (offset.seq() != null) {
            node.put("seq", offset.seq());
          }
          if (offset.first() != null) {
            node.put("first", offset.first());
          }
          if (offset.from() != null) {
            node.put("from", offset.from().kind().name());
            if (offset.from().timestamp() != null) {
              node.put("ts", offset.from().timestamp().toString());
            }
          }
          node.put("done", offset.done());
        });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a Kinesis offset", e);
    }
  }

  public static KinesisSourceOffset fromJson(String json) {
    try {
      JsonNode shardsNode = JSON.readTree(json).path("shards");
      if (!shardsNode.isObject()) {
        throw new IllegalArgumentException("no \"shards\" object");
      }
      SortedMap<String, ShardOffset> shards = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = shardsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode node = entry.getValue();
        StartingPosition from = null;
        if (node.hasNonNull("from")) {
          StartingPosition.Kind kind = StartingPosition.Kind.valueOf(node.get("from").asText());
          Instant ts = node.hasNonNull("ts") ? Instant.parse(node.get("ts").asText()) : null;
          from = new StartingPosition(kind, ts);
        }
        shards.put(
            entry.getKey(),
            new ShardOffset(
                text(node, "seq"), text(node, "first"), from, node.path("done").asBoolean(false)));
      }
      return new KinesisSourceOffset(shards);
    } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not an offset of the " + KinesisSourceOptions.FORMAT + " source: " + json, e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
