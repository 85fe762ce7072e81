package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.StartingPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The driver's reader of one shard: it keeps the shard's iterator from one micro-batch to the next
 * and fetches what is new, up to a budget.
 */
public final class ShardFetcher {
  /** Empty pages behind the tip (a quiet stretch of the shard) walked through in one fetch. */
  static final int MAX_EMPTY_PAGES_BEHIND = 5;

  /**
   * What one fetch got.
   *
   * @param kinesisRecords how many Kinesis records (an aggregate counts once)
   * @param ended the shard is closed and now read to its end
   * @param caughtUp the last page reached the tip of the shard (or its end)
   * @param budgetUsed it stopped because the budget was used, not because the shard had no more
   */
  public record Fetch(
      List<KinesisRecord> records,
      String first,
      String last,
      long kinesisRecords,
      boolean ended,
      boolean caughtUp,
      boolean budgetUsed,
      long millisBehindLatest) {

    /** This fetch followed by {@code next}. */
    public Fetch then(Fetch next) {
      List<KinesisRecord> all = new ArrayList<>(records);
      all.addAll(next.records);
      return new Fetch(
          all,
          first != null ? first : next.first,
          next.last != null ? next.last : last,
          kinesisRecords + next.kinesisRecords,
          next.ended,
          next.caughtUp,
          next.budgetUsed,
          next.millisBehindLatest);
    }
  }

  private final ShardCursor cursor;
  private final String startSeq;
  private final StartingPosition startFrom;
  private String positionSeq;

  public ShardFetcher(
      ResilientKinesis kinesis, String shardId, ShardOffset start, IteratorPosition at) {
    this.cursor = new ShardCursor(kinesis, shardId, at);
    this.startSeq = start.seq();
    this.startFrom = start.from();
    this.positionSeq = start.seq();
  }

  /** Whether this fetcher stands where {@code offset} says the shard stands. */
  public boolean standsAt(ShardOffset offset) {
    if (!Objects.equals(positionSeq, offset.seq())) {
      return false;
    }
    return positionSeq != null || (startSeq == null && Objects.equals(startFrom, offset.from()));
  }

  /**
   * Fetches up to {@code budget} Kinesis records: page after page while pages come full or the
   * shard is behind its tip; a closed shard is read on to its end once its last page is in. A
   * record that arrived at or after {@code cutoff} (when not null) also counts as the tip: what was
   * there at that time has been read.
   */
  public Fetch fetch(
      long budget, int fetchSize, boolean closed, boolean deaggregate, Instant cutoff) {
    List<KinesisRecord> out = new ArrayList<>();
    String first = null;
    String last = null;
    long count = 0;
    long behind = 0;
    boolean caughtUp = false;
    int emptyBehind = 0;
    while (count < budget) {
      int limit = (int) Math.min(fetchSize, budget - count);
      ShardCursor.Page page = cursor.next(limit);
      behind = page.millisBehindLatest();
      for (Record record : page.records()) {
        if (first == null) {
          first = record.sequenceNumber();
        }
        last = record.sequenceNumber();
        out.addAll(Deaggregator.userRecords(record, deaggregate));
        if (cutoff != null
            && record.approximateArrivalTimestamp() != null
            && !record.approximateArrivalTimestamp().isBefore(cutoff)) {
          caughtUp = true;
        }
      }
      count += page.records().size();
      if (caughtUp) {
        break;
      }
      if (page.shardEnded()) {
        break;
      }
      if (page.records().size() >= limit) {
        continue;
      }
      if (behind > 0) {
        if (page.records().isEmpty() && ++emptyBehind >= MAX_EMPTY_PAGES_BEHIND) {
          break;
        }
        continue;
      }
      if (closed) {
        // a closed shard is at its tip only at its end: its children wait for that
        if (page.records().isEmpty() && ++emptyBehind >= MAX_EMPTY_PAGES_BEHIND) {
          break;
        }
        continue;
      }
      caughtUp = true;
      break;
    }
    if (last != null) {
      positionSeq = last;
    }
    boolean ended = cursor.ended();
    return new Fetch(
        out,
        first,
        last,
        count,
        ended,
        caughtUp || ended,
        count >= budget && !caughtUp && !ended,
        behind);
  }
}
