package dev.medallion.kinesis.source.offsets;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a query that has no checkpoint yet starts reading a shard: the oldest record kept
 * (TRIM_HORIZON), the records that arrive from the start of the query on (LATEST), or the records
 * that arrived at or after a time (AT_TIMESTAMP).
 *
 * <p>LATEST carries the time the query started once the initial offset is written, so that a
 * restarted query can resume a shard it has read nothing from yet without losing what arrived while
 * it was stopped.
 */
public record StartingPosition(Kind kind, Instant timestamp) implements Serializable {
  /** The three starting points a query can ask for. */
  public enum Kind {
    TRIM_HORIZON,
    LATEST,
    AT_TIMESTAMP
  }

  public StartingPosition {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.AT_TIMESTAMP && timestamp == null) {
      throw new IllegalArgumentException("AT_TIMESTAMP needs a timestamp");
    }
    if (kind == Kind.TRIM_HORIZON && timestamp != null) {
      throw new IllegalArgumentException("TRIM_HORIZON takes no timestamp");
    }
  }

  public static StartingPosition trimHorizon() {
    return new StartingPosition(Kind.TRIM_HORIZON, null);
  }

  /** LATEST as the user asks for it, before the query has started. */
  public static StartingPosition latest() {
    return new StartingPosition(Kind.LATEST, null);
  }

  public static StartingPosition atTimestamp(Instant timestamp) {
    return new StartingPosition(Kind.AT_TIMESTAMP, timestamp);
  }

  /** This position with LATEST pinned to {@code now}; other kinds are returned unchanged. */
  StartingPosition pinnedAt(Instant now) {
    return kind == Kind.LATEST && timestamp == null ? new StartingPosition(Kind.LATEST, now) : this;
  }
}
