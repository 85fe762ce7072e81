package dev.medallion.kinesis.source.offsets;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The shards of a stream as ListShards gave them, and the rules that follow from their lineage: a
 * split closes a shard and opens two children; a merge closes two adjacent shards and opens one. A
 * child is read only once every parent still known has been read to its end, so that the records of
 * one partition key stay in order across a reshard.
 */
public final class ShardListing {
  /** One shard: its parents (null when none) and whether it is closed. */
  public record Node(String id, String parent, String adjacentParent, boolean closed) {}

  private final SortedMap<String, Node> nodes;

  private ShardListing(SortedMap<String, Node> nodes) {
    this.nodes = Collections.unmodifiableSortedMap(nodes);
  }

  public static ShardListing of(List<Shard> shards) {
    SortedMap<String, Node> nodes = new TreeMap<>();
    for (Shard shard : shards) {
      boolean closed =
          shard.sequenceNumberRange() != null
              && shard.sequenceNumberRange().endingSequenceNumber() != null;
      nodes.put(
          shard.shardId(),
          new Node(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(), closed));
    }
    return new ShardListing(nodes);
  }

  public SortedMap<String, Node> nodes() {
    return nodes;
  }

  public long openShards() {
    return nodes.values().stream().filter(n -> !n.closed()).count();
  }

  /**
   * The offsets a new query starts from: every shard at {@code position} (LATEST pinned to {@code
   * now}); a shard already closed holds nothing newer than now, so at LATEST it is done at once.
   */
  public SortedMap<String, ShardOffset> initialOffsets(StartingPosition position, Instant now) {
    StartingPosition pinned = position.pinnedAt(now);
    SortedMap<String, ShardOffset> offsets = new TreeMap<>();
    for (Node node : nodes.values()) {
      ShardOffset offset = ShardOffset.startingAt(pinned);
      boolean nothingNewer = pinned.kind() == StartingPosition.Kind.LATEST && node.closed();
      offsets.put(node.id(), nothingNewer ? offset.markedDone() : offset);
    }
    return offsets;
  }

  /**
   * {@code offsets} brought up to this listing: a shard not seen before (a child of a reshard)
   * starts at TRIM_HORIZON, its first record; a shard no longer listed (past the retention period)
   * is dropped, with a warning when it had not been read to its end.
   */
  public SortedMap<String, ShardOffset> reconcile(
      Map<String, ShardOffset> offsets, Consumer<String> warn) {
    SortedMap<String, ShardOffset> result = new TreeMap<>();
    offsets.forEach(
        (id, offset) -> {
          if (nodes.containsKey(id)) {
            result.put(id, offset);
          } else if (!offset.done()) {
            warn.accept(
                "shard "
                    + id
                    + " is no longer listed by Kinesis although it was not read to its end: its"
                    + " remaining records expired before they could be read");
          }
        });
    for (String id : nodes.keySet()) {
      result.computeIfAbsent(id, x -> ShardOffset.startingAt(StartingPosition.trimHorizon()));
    }
    return result;
  }

  /** Whether {@code id} may be read now: not done, and every parent in {@code offsets} is done. */
  public boolean readable(String id, Map<String, ShardOffset> offsets) {
    ShardOffset offset = offsets.get(id);
    Node node = nodes.get(id);
    if (offset == null || node == null || offset.done()) {
      return false;
    }
    return parentDone(node.parent(), offsets) && parentDone(node.adjacentParent(), offsets);
  }

  public boolean closed(String id) {
    Node node = nodes.get(id);
    return node != null && node.closed();
  }

  private static boolean parentDone(String parent, Map<String, ShardOffset> offsets) {
    if (parent == null) {
      return true;
    }
    ShardOffset offset = offsets.get(parent);
    return offset == null || offset.done();
  }
}
