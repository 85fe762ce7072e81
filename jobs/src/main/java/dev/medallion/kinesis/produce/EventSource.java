package dev.medallion.kinesis.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.sample.SyntheticEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The records a producer puts, in order: events made as they are taken, stamped with the time they
 * are put, and the retries of earlier ones once those are on the stream.
 *
 * <p>Two random streams come from the seed: one makes the events (uuid, valid or malformed, late or
 * not, type and fields), one decides which valid events get a retry and how long after. Neither
 * depends on time or batch sizes, so a seed always gives the same events in the same order and the
 * same counts, whatever the rate.
 */
final class EventSource {
  /** A retry is put at most this many records after its event was put ... */
  static final int MAX_RETRY_GAP_RECORDS = 500;

  /** ... or this many milliseconds after, whichever comes first. */
  static final int MAX_RETRY_GAP_MILLIS = 2000;

  /** The attribute that carries when the event was put, in milliseconds since the epoch. */
  static final String PRODUCED_AT_MS = "produced_at_ms";

  /** {@code event_ts} as the producer writes it: UTC, milliseconds, {@code Z}. */
  static final DateTimeFormatter EVENT_TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  enum Kind {
    VALID,
    MALFORMED,
    DUPLICATE
  }

  /**
   * A record to put.
   *
   * @param retryAfterRecords for a valid event that gets a retry: after how many records; else 0
   * @param retryAfterMillis ... or after how many milliseconds, whichever comes first
   */
  record Outgoing(
      String partitionKey,
      byte[] data,
      Kind kind,
      boolean late,
      long producedAtMs,
      int retryAfterRecords,
      int retryAfterMillis) {
    int size() {
      return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private record PendingRetry(Outgoing retry, long dueAtRecords, long dueAtMillis) {}

  private static final List<String> USERS =
      IntStream.rangeClosed(1, SampleDataGenerator.FIRST_RUN_USERS)
          .mapToObj(SampleDataGenerator::userId)
          .toList();
  private static final List<String> TRANSACTIONS =
      IntStream.rangeClosed(1, SampleDataGenerator.FIRST_RUN_TRANSACTIONS)
          .mapToObj(SampleDataGenerator::transactionId)
          .toList();

  private final ProduceOptions options;
  private final Random events;
  private final Random retries;
  private final ObjectMapper json = new ObjectMapper();
  private final List<PendingRetry> pending = new ArrayList<>();

  private long generated;
  private long put;
  private long valid;
  private long malformed;
  private long late;
  private long duplicates;
  private long lateDuplicates;
  private long firstProducedAtMs = -1;
  private long lastProducedAtMs = -1;

  EventSource(ProduceOptions options) {
    this.options = options;
    this.events = new Random(options.seed());
    this.retries = new Random(new SplittableRandom(options.seed()).nextLong());
  }

  /** Whether anything is left to put: events not yet made, or retries not yet taken. */
  boolean hasNext() {
    return generated < options.events() || !pending.isEmpty();
  }

  /**
   * Up to {@code max} records to put now: the retries that are due first, then new events stamped
   * with {@code nowMillis}. Once every event is made, every retry left is due.
   */
  List<Outgoing> take(int max, long nowMillis) {
    List<Outgoing> batch = new ArrayList<>(Math.min(max, 512));
    boolean allMade = generated >= options.events();
    for (Iterator<PendingRetry> it = pending.iterator(); it.hasNext() && batch.size() < max; ) {
      PendingRetry p = it.next();
      if (allMade || put >= p.dueAtRecords() || nowMillis >= p.dueAtMillis()) {
        batch.add(p.retry());
        it.remove();
      }
    }
    while (batch.size() < max && generated < options.events()) {
      batch.add(next(nowMillis));
    }
    return batch;
  }

  /** Records that the batch is on the stream: counts it and schedules its events' retries. */
  void confirmed(List<Outgoing> batch, long nowMillis) {
    for (Outgoing r : batch) {
      put++;
      switch (r.kind()) {
        case VALID -> {
          valid++;
          if (r.late()) {
            late++;
          }
          if (r.retryAfterRecords() > 0) {
            Outgoing retry =
                new Outgoing(
                    r.partitionKey(), r.data(), Kind.DUPLICATE, r.late(), r.producedAtMs(), 0, 0);
            pending.add(
                new PendingRetry(
                    retry, put + r.retryAfterRecords(), nowMillis + r.retryAfterMillis()));
          }
        }
        case MALFORMED -> malformed++;
        case DUPLICATE -> {
          duplicates++;
          if (r.late()) {
            lateDuplicates++;
          }
        }
      }
      if (firstProducedAtMs < 0 || r.producedAtMs() < firstProducedAtMs) {
        firstProducedAtMs = r.producedAtMs();
      }
      lastProducedAtMs = Math.max(lastProducedAtMs, r.producedAtMs());
    }
  }

  /** The next new event: malformed, or valid (late or not), stamped with {@code nowMillis}. */
  Outgoing next(long nowMillis) {
    generated++;
    String id = SyntheticEvents.uuid(events);
    String now = timestamp(nowMillis);
    if (events.nextDouble() < options.malformed()) {
      SyntheticEvents.Malformed bad = SyntheticEvents.malformed(events, id, now);
      return new Outgoing(id, bad.bytes(), Kind.MALFORMED, false, nowMillis, 0, 0);
    }
    boolean isLate = events.nextDouble() < options.late();
    ObjectNode event = json.createObjectNode();
    event.put("event_uuid", id);
    String type = SyntheticEvents.type(events);
    event.put("event_type", type);
    event.put(
        "event_ts",
        isLate ? EVENT_TS.format(Instant.ofEpochMilli(nowMillis).minus(options.lateBy())) : now);
    SyntheticEvents.addDetails(event, type, events, USERS, TRANSACTIONS);
    JsonNode attributes = event.get("attributes");
    ObjectNode into =
        attributes instanceof ObjectNode object ? object : event.putObject("attributes");
    into.put(PRODUCED_AT_MS, Long.toString(nowMillis));
    int afterRecords = 0;
    int afterMillis = 0;
    if (retries.nextDouble() < options.duplicates()) {
      afterRecords = 1 + retries.nextInt(MAX_RETRY_GAP_RECORDS);
      afterMillis = retries.nextInt(MAX_RETRY_GAP_MILLIS + 1);
    }
    byte[] data = event.toString().getBytes(StandardCharsets.UTF_8);
    return new Outgoing(id, data, Kind.VALID, isLate, nowMillis, afterRecords, afterMillis);
  }

  private long formattedMillis = Long.MIN_VALUE;
  private String formatted;

  /** {@code event_ts} for an instant; a batch shares one, so the last is kept. */
  private String timestamp(long millis) {
    if (millis != formattedMillis) {
      formatted = EVENT_TS.format(Instant.ofEpochMilli(millis));
      formattedMillis = millis;
    }
    return formatted;
  }

  long generated() {
    return generated;
  }

  long put() {
    return put;
  }

  long valid() {
    return valid;
  }

  long malformed() {
    return malformed;
  }

  long late() {
    return late;
  }

  long duplicates() {
    return duplicates;
  }

  long lateDuplicates() {
    return lateDuplicates;
  }

  long firstProducedAtMs() {
    return firstProducedAtMs;
  }

  long lastProducedAtMs() {
    return lastProducedAtMs;
  }
}
