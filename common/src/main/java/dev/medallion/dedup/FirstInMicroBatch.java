package dev.medallion.dedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming rule within one micro-batch, decided in the driver from the few columns it needs:
 * of the records the watermark dedup kept (first of their event_uuid within the watermark) and the
 * valid records it did not keep (duplicates the state knew, and events behind the watermark, which
 * it drops without a trace), the first record of each event_uuid. A kept record comes first, then
 * ingest time, shard and sequence number decide; the first record of a uuid that no kept record
 * holds is a late event.
 */
public final class FirstInMicroBatch {
  private FirstInMicroBatch() {}

  /**
   * A valid record of the micro-batch, by its place in the stream.
   *
   * @param key the record's place ({@link #key})
   * @param ingestedMicros its arrival time
   * @param producedAt {@code attributes.produced_at_ms} as the producer wrote it, or null
   * @param eventDay the UTC date of its event time, in days since 1970-01-01
   */
  public record Event(
      String key,
      String uuid,
      String shard,
      String sequence,
      long ingestedMicros,
      String producedAt,
      int eventDay) {}

  /** The first record of a uuid, and whether it is a late event. */
  public record First(Event event, boolean late) {
    public String uuid() {
      return event.uuid();
    }
  }

  /** The place of a record in the stream: shard and sequence number (the shard may be null). */
  public static String key(String shard, String sequence) {
    return (shard == null ? "" : shard) + '\u0000' + sequence;
  }

  private static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::ingestedMicros)
          .thenComparing(Event::shard, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Event::sequence, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * The first record of each uuid: every kept one, then the first of each uuid none of them has.
   */
  public static List<First> of(List<Event> kept, List<Event> validNotKept) {
    Map<String, Event> first = new LinkedHashMap<>(kept.size() * 2);
    for (Event e : kept) {
      first.merge(e.uuid(), e, FirstInMicroBatch::earlier);
    }
    Map<String, Event> late = new LinkedHashMap<>();
    for (Event e : validNotKept) {
      if (!first.containsKey(e.uuid())) {
        late.merge(e.uuid(), e, FirstInMicroBatch::earlier);
      }
    }
    List<First> firsts = new ArrayList<>(first.size() + late.size());
    first.values().forEach(e -> firsts.add(new First(e, false)));
    late.values().forEach(e -> firsts.add(new First(e, true)));
    return firsts;
  }

  private static Event earlier(Event a, Event b) {
    return ORDER.compare(a, b) <= 0 ? a : b;
  }
}
