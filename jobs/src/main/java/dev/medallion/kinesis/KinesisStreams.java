package dev.medallion.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Stream administration the tools need: create a stream, wait for it, list its shards. */
public final class KinesisStreams {
  private KinesisStreams() {}

  /** Whether the stream exists (in any state). */
  public static boolean exists(KinesisClient client, String stream) {
    try {
      client.describeStreamSummary(b -> b.streamName(stream));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  /** How many open shards the stream has. */
  public static int openShards(KinesisClient client, String stream) {
    return (int)
        shards(client, stream).stream()
            .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
            .count();
  }

  /** Creates the stream with {@code shards} shards unless it exists, and waits until ACTIVE. */
  public static void ensure(KinesisClient client, String stream, int shards) {
    try {
      client.describeStreamSummary(b -> b.streamName(stream));
    } catch (ResourceNotFoundException e) {
      client.createStream(b -> b.streamName(stream).shardCount(shards));
    }
    awaitActive(client, stream, Duration.ofSeconds(60));
  }

  /** Waits until the stream is ACTIVE (after a create or a reshard). */
  public static void awaitActive(KinesisClient client, String stream, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      StreamStatus status =
          client
              .describeStreamSummary(b -> b.streamName(stream))
              .streamDescriptionSummary()
              .streamStatus();
      if (status == StreamStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "stream " + stream + " is still " + status + " after " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for stream " + stream, e);
      }
    }
  }

  /** Every shard of the stream, open and closed, following ListShards' pages. */
  public static List<Shard> shards(KinesisClient client, String stream) {
    List<Shard> shards = new ArrayList<>();
    String next = null;
    do {
      ListShardsResponse page =
          next == null
              ? client.listShards(ListShardsRequest.builder().streamName(stream).build())
              : client.listShards(ListShardsRequest.builder().nextToken(next).build());
      shards.addAll(page.shards());
      next = page.nextToken();
    } while (next != null);
    return shards;
  }
}
