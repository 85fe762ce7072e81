package dev.medallion.kinesis.produce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.kinesis.produce.EventSource.Kind;
import dev.medallion.kinesis.produce.EventSource.Outgoing;
import dev.medallion.validate.EventValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the producer makes, without Kinesis: the same for a seed whatever the batches. */
class EventSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_790_000_000_123L;

  private static ProduceOptions options(long events, long seed) {
    return ProduceOptions.of(events)
        .withSeed(seed)
        .withDuplicates(0.2)
        .withLate(0.1)
        .withMalformed(0.1)
        .withLateBy(Duration.ofHours(2));
  }

  /**
   * Every record the source gives, taking batches of {@code batch} at a clock that stands still.
   */
  private static List<Outgoing> drain(EventSource source, int batch) {
    return batches(source, batch).stream().flatMap(List::stream).toList();
  }

  private static List<List<Outgoing>> batches(EventSource source, int batch) {
    List<List<Outgoing>> all = new ArrayList<>();
    while (source.hasNext()) {
      List<Outgoing> taken = source.take(batch, NOW);
      assertThat(taken).isNotEmpty().hasSizeLessThanOrEqualTo(batch);
      all.add(taken);
      source.confirmed(taken, NOW);
    }
    return all;
  }

  private static String text(Outgoing r) {
    return new String(r.data(), StandardCharsets.UTF_8);
  }

  @Test
  void aSeedGivesTheSameEventsAndCountsWhateverTheBatchSizes() {
    EventSource big = new EventSource(options(3000, 42));
    EventSource small = new EventSource(options(3000, 42));
    List<Outgoing> a = drain(big, 500);
    List<Outgoing> b = drain(small, 7);

    List<String> eventsA =
        a.stream().filter(r -> r.kind() != Kind.DUPLICATE).map(EventSourceTest::text).toList();
    List<String> eventsB =
        b.stream().filter(r -> r.kind() != Kind.DUPLICATE).map(EventSourceTest::text).toList();
    assertThat(eventsA).hasSize(3000).isEqualTo(eventsB);
    assertThat(big.duplicates()).isEqualTo(small.duplicates()).isPositive();
    assertThat(big.late()).isEqualTo(small.late());
    assertThat(big.malformed()).isEqualTo(small.malformed());

    List<String> other =
        drain(new EventSource(options(3000, 43)), 500).stream()
            .map(Outgoing::partitionKey)
            .toList();
    assertThat(other).doesNotContainAnyElementsOf(a.stream().map(Outgoing::partitionKey).toList());
  }

  @Test
  void theFractionsComeOutAsAsked() {
    EventSource source = new EventSource(options(10_000, 7));
    drain(source, 500);
    assertThat(source.generated()).isEqualTo(10_000);
    assertThat(source.malformed()).isBetween(850L, 1150L);
    assertThat(source.valid()).isEqualTo(10_000 - source.malformed());
    assertThat(source.late())
        .isBetween((long) (source.valid() * 0.085), (long) (source.valid() * 0.115));
    assertThat(source.duplicates())
        .isBetween((long) (source.valid() * 0.18), (long) (source.valid() * 0.22));
    assertThat(source.put()).isEqualTo(10_000 + source.duplicates());
  }

  @Test
  void validEventsPassTheValidatorStampedWithTheTimeAndMalformedOnesFailInManyWays()
      throws IOException {
    EventSource source = new EventSource(options(3000, 11));
    List<Outgoing> all = drain(source, 500);
    Set<List<String>> reasonSets = new HashSet<>();
    Map<String, Integer> types = new HashMap<>();
    for (Outgoing r : all) {
      List<String> reasons = EventValidator.reasons(text(r));
      if (r.kind() == Kind.MALFORMED) {
        assertThat(reasons).as(text(r)).isNotEmpty();
        reasonSets.add(reasons);
        continue;
      }
      assertThat(reasons).as(text(r)).isEmpty();
      JsonNode event = JSON.readTree(r.data());
      assertThat(event.get("event_uuid").asText()).isEqualTo(r.partitionKey());
      assertThat(event.at("/attributes/produced_at_ms").asText()).isEqualTo(Long.toString(NOW));
      String ts = event.get("event_ts").asText();
      assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      long behind = NOW - Instant.parse(ts).toEpochMilli();
      assertThat(behind).isEqualTo(r.late() ? Duration.ofHours(2).toMillis() : 0);
      types.merge(event.get("event_type").asText(), 1, Integer::sum);
    }
    assertThat(types.keySet())
        .containsExactlyInAnyOrder("click", "view", "purchase", "sensor_reading");
    // Twelve kinds of malformed record, with eleven different sets of reasons between them.
    assertThat(reasonSets).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void aRetryIsTheEventsBytesAgainAfterItWasPutAndWithinTheGap() {
    EventSource source = new EventSource(options(5000, 3));
    List<Outgoing> all = new ArrayList<>();
    List<Integer> batchOf = new ArrayList<>();
    List<List<Outgoing>> batches = batches(source, 100);
    for (int b = 0; b < batches.size(); b++) {
      for (Outgoing r : batches.get(b)) {
        all.add(r);
        batchOf.add(b);
      }
    }
    Map<String, Integer> firstAt = new HashMap<>();
    int retries = 0;
    for (int i = 0; i < all.size(); i++) {
      Outgoing r = all.get(i);
      if (r.kind() != Kind.DUPLICATE) {
        assertThat(firstAt.put(r.partitionKey(), i)).as("a new event has a new uuid").isNull();
        continue;
      }
      retries++;
      Integer original = firstAt.get(r.partitionKey());
      assertThat(original).as("a retry follows its event").isNotNull();
      Outgoing event = all.get(original);
      assertThat(r.data()).isEqualTo(event.data());
      // Not in the same batch: after the event was put; at most the gap and a batch later.
      assertThat(batchOf.get(i)).isGreaterThan(batchOf.get(original));
      assertThat(i - original).isLessThanOrEqualTo(EventSource.MAX_RETRY_GAP_RECORDS + 2 * 100);
    }
    assertThat(retries).isEqualTo(source.duplicates()).isPositive();
  }
}
