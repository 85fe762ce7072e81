package dev.medallion.kinesis.produce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.testing.LocalKinesis;
import dev.medallion.validate.EventValidator;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The producer against the local emulator: everything it says it put is on the stream, read back
 * with GetRecords over every shard, and is what it says it is.
 */
@Tag("integration")
@Tag("long")
@ExtendWith(LocalKinesis.Diagnose.class)
class ProduceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LATE_BY = Duration.ofHours(2);

  private static String newStream(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every record of every shard, in shard order. */
  static Map<String, List<Record>> readAll(KinesisClient client, String stream) {
    Map<String, List<Record>> byShard = new LinkedHashMap<>();
    for (Shard shard : KinesisStreams.shards(client, stream)) {
      List<Record> records = new ArrayList<>();
      String iterator =
          client
              .getShardIterator(
                  b ->
                      b.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse got = client.getRecords(b -> b.shardIterator(it).limit(10_000));
        records.addAll(got.records());
        if (got.records().isEmpty()) {
          break;
        }
        iterator = got.nextShardIterator();
      }
      byShard.put(shard.shardId(), records);
    }
    return byShard;
  }

  private static ProduceSummary produce(KinesisClient client, String stream, ProduceOptions o) {
    KinesisStreams.ensure(client, stream, 2);
    return new EventProducer(client, stream, o).run();
  }

  @Test
  void everyRecordPutIsOnTheStreamAndIsWhatTheSummarySays() throws IOException {
    KinesisEndpoint endpoint = LocalKinesis.endpoint();
    String stream = newStream("produce-it");
    ProduceOptions options =
        ProduceOptions.of(2000)
            .withSeed(20261102L)
            .withDuplicates(0.1)
            .withLate(0.05)
            .withLateBy(LATE_BY)
            .withMalformed(0.05);
    try (KinesisClient client = endpoint.client()) {
      long before = System.currentTimeMillis();
      ProduceSummary summary = produce(client, stream, options);
      long after = System.currentTimeMillis();
      Map<String, List<Record>> byShard = readAll(client, stream);

      assertThat(byShard).hasSize(2);
      assertThat(byShard.values()).allSatisfy(records -> assertThat(records).isNotEmpty());
      long onStream = byShard.values().stream().mapToLong(List::size).sum();
      assertThat(onStream).isEqualTo(summary.recordsPut());
      assertThat(summary.events()).isEqualTo(2000);
      assertThat(summary.recordsPut()).isEqualTo(summary.events() + summary.duplicates());

      record Seen(String shard, int index, Record record) {}
      Map<String, Seen> first = new HashMap<>();
      Set<String> validUuids = new HashSet<>();
      Set<String> lateUuids = new HashSet<>();
      long duplicates = 0;
      long lateDuplicates = 0;
      long malformed = 0;
      for (Map.Entry<String, List<Record>> shard : byShard.entrySet()) {
        List<Record> records = shard.getValue();
        for (int i = 0; i < records.size(); i++) {
          Record r = records.get(i);
          String text = r.data().asUtf8String();
          Seen earlier = first.get(r.partitionKey());
          if (earlier != null) {
            // A retry: the same key and bytes, on the same shard, after its event.
            duplicates++;
            assertThat(earlier.shard()).isEqualTo(shard.getKey());
            assertThat(r.data().asByteArray()).isEqualTo(earlier.record().data().asByteArray());
            assertThat(i).isGreaterThan(earlier.index());
            assertThat(new BigInteger(r.sequenceNumber()))
                .isGreaterThan(new BigInteger(earlier.record().sequenceNumber()));
            // Within the gap, counted on this shard (the other shard's records only widen it).
            assertThat(i - earlier.index())
                .isLessThanOrEqualTo(EventSource.MAX_RETRY_GAP_RECORDS + RecordPutter.MAX_RECORDS);
            if (lateUuids.contains(r.partitionKey())) {
              lateDuplicates++;
            }
            continue;
          }
          first.put(r.partitionKey(), new Seen(shard.getKey(), i, r));
          List<String> reasons = EventValidator.reasons(text);
          if (!reasons.isEmpty()) {
            malformed++;
            continue;
          }
          JsonNode event = JSON.readTree(text);
          String uuid = event.get("event_uuid").asText();
          assertThat(uuid).isEqualTo(r.partitionKey());
          validUuids.add(uuid);
          long producedAt = Long.parseLong(event.at("/attributes/produced_at_ms").asText());
          assertThat(producedAt).isBetween(before, after);
          long behind = producedAt - Instant.parse(event.get("event_ts").asText()).toEpochMilli();
          if (behind != 0) {
            assertThat(behind).as(text).isEqualTo(LATE_BY.toMillis());
            lateUuids.add(uuid);
          }
        }
      }
      assertThat(validUuids).hasSize((int) summary.distinctValidUuids());
      assertThat(malformed).isEqualTo(summary.malformed()).isPositive();
      assertThat(duplicates).isEqualTo(summary.duplicates()).isPositive();
      assertThat(lateUuids).hasSize((int) summary.late());
      assertThat(summary.late()).isPositive();
      assertThat(lateDuplicates).isEqualTo(summary.lateDuplicates());
      assertThat(summary.distinctValidUuids() + summary.malformed()).isEqualTo(summary.events());
      assertThat(summary.putCalls()).isGreaterThanOrEqualTo(summary.recordsPut() / 500);
    }
  }

  @Test
  void aSeedPutsTheSameEventsAgainAndAnotherSeedOthers() {
    KinesisEndpoint endpoint = LocalKinesis.endpoint();
    ProduceOptions options =
        ProduceOptions.of(300).withSeed(99).withDuplicates(0.2).withMalformed(0.1);
    try (KinesisClient client = endpoint.client()) {
      String one = newStream("produce-seed");
      String two = newStream("produce-seed");
      String three = newStream("produce-seed");
      ProduceSummary a = produce(client, one, options);
      ProduceSummary b = produce(client, two, options.withRate(2000));
      produce(client, three, options.withSeed(100));

      assertThat(b.recordsPut()).isEqualTo(a.recordsPut());
      assertThat(b.duplicates()).isEqualTo(a.duplicates());
      assertThat(b.malformed()).isEqualTo(a.malformed());
      assertThat(keys(client, two)).isEqualTo(keys(client, one)).hasSize(300);
      assertThat(keys(client, three)).hasSize(300).doesNotContainAnyElementsOf(keys(client, one));
    }
  }

  private static Set<String> keys(KinesisClient client, String stream) {
    Set<String> keys = new HashSet<>();
    readAll(client, stream).values().forEach(rs -> rs.forEach(r -> keys.add(r.partitionKey())));
    return keys;
  }
}
