package dev.medallion.kinesis.source.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.kinesis.source.KinesisSourceException;
import dev.medallion.kinesis.source.KinesisSourceOptions;
import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import dev.medallion.kinesis.source.offsets.ShardRange;
import dev.medallion.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Throttling, expired iterators, a missing stream and an unreachable endpoint, scripted. */
class ResilienceTest {
  private static final Backoff BACKOFF =
      new Backoff(4, Duration.ofMillis(100), Duration.ofMillis(1_000));

  private final List<Duration> waits = new ArrayList<>();

  private ResilientKinesis resilient(ScriptedKinesis api) {
    return new ResilientKinesis(api, "orders", BACKOFF, waits::add, () -> 0.5);
  }

  private static List<String> read(ShardRangeReader reader) {
    List<String> data = new ArrayList<>();
    reader.forEachRemaining(r -> data.add(new String(r.data())));
    return data;
  }

  @Test
  void aThrottledGetRecordsIsRetriedAfterAGrowingJitteredWait() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(5).throttleNextGetRecords(2);
    ShardCursor cursor =
        new ShardCursor(resilient(api), ScriptedKinesis.SHARD, IteratorPosition.trimHorizon());

    ShardCursor.Page page = cursor.next(100);

    assertThat(page.records()).hasSize(5);
    assertThat(api.getRecordsCalls()).isEqualTo(3);
    // full jitter with random 0.5: half of 100 ms, then half of 200 ms
    assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void aLimitExceededGetShardIteratorIsRetriedToo() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(2).limitExceededOnNextIterator();
    ResilientKinesis kinesis = resilient(api);

    ShardCursor.Page page =
        new ShardCursor(kinesis, ScriptedKinesis.SHARD, IteratorPosition.trimHorizon()).next(10);

    assertThat(page.records()).hasSize(2);
    assertThat(kinesis.throttledCalls()).isEqualTo(1);
  }

  @Test
  void throttlingBeyondTheRetriesFailsNamingTheStreamAndTheOption() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(1).throttleNextGetRecords(10);
    ShardCursor cursor =
        new ShardCursor(resilient(api), ScriptedKinesis.SHARD, IteratorPosition.trimHorizon());

    assertThatThrownBy(() -> cursor.next(10))
        .isInstanceOf(KinesisSourceException.class)
        .hasMessageContaining("throttling")
        .hasMessageContaining("'orders'")
        .hasMessageContaining("5 attempts")
        .hasMessageContaining(KinesisSourceOptions.MAX_RETRIES);
    assertThat(waits).hasSize(4);
    assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(500)));
  }

  @Test
  void anExpiredIteratorResumesJustAfterTheLastRecordReturned() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(10);
    ShardCursor cursor =
        new ShardCursor(resilient(api), ScriptedKinesis.SHARD, IteratorPosition.trimHorizon());

    ShardCursor.Page first = cursor.next(4);
    api.expireNextGetRecords();
    ShardCursor.Page second = cursor.next(4);

    assertThat(first.records())
        .extracting(r -> r.data().asUtf8String())
        .containsExactly("r0", "r1", "r2", "r3");
    assertThat(second.records())
        .extracting(r -> r.data().asUtf8String())
        .containsExactly("r4", "r5", "r6", "r7");
    assertThat(api.iteratorsRequested())
        .containsExactly(
            IteratorPosition.trimHorizon(), IteratorPosition.after(ScriptedKinesis.seq(3)));
    assertThat(cursor.expiredIterators()).isEqualTo(1);
  }

  @Test
  void anIteratorThatExpiresBeforeAnyRecordRestartsAtTheStart() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(3).expireNextGetRecords();
    ShardCursor cursor =
        new ShardCursor(
            resilient(api), ScriptedKinesis.SHARD, IteratorPosition.at(ScriptedKinesis.seq(1)));

    ShardCursor.Page page = cursor.next(10);

    assertThat(page.records()).extracting(r -> r.data().asUtf8String()).containsExactly("r1", "r2");
    assertThat(api.iteratorsRequested())
        .extracting(IteratorPosition::type)
        .containsExactly(
            ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.AT_SEQUENCE_NUMBER);
  }

  @Test
  void aRangeReadAcrossAnExpiredIteratorAndThrottlingYieldsEachRecordOnce() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(12);
    ShardRange range =
        new ShardRange(ScriptedKinesis.SHARD, ScriptedKinesis.seq(1), null, ScriptedKinesis.seq(9));
    ShardRangeReader reader = new ShardRangeReader(resilient(api), range, 3, true, false);

    List<String> data = new ArrayList<>();
    for (int i = 0; reader.hasNext(); i++) {
      if (i == 2) {
        api.expireNextGetRecords().throttleNextGetRecords(1);
      }
      data.add(new String(reader.next().data()));
    }

    assertThat(data).containsExactly("r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
  }

  @Test
  void aRangeWhoseLastRecordIsGoneFailsInsteadOfReturningLess() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(4);
    ShardRange range =
        new ShardRange(
            ScriptedKinesis.SHARD,
            ScriptedKinesis.seq(0),
            null,
            "49600000000000000000000000000005");

    assertThatThrownBy(() -> read(new ShardRangeReader(resilient(api), range, 10, true, false)))
        .isInstanceOf(KinesisSourceException.class)
        .hasMessageContaining("cannot read again")
        .hasMessageContaining("last record is missing");
  }

  @Test
  void aMissingStreamFailsAtOnceNamingStreamAndEndpoint() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(1).withoutStream();

    assertThatThrownBy(() -> resilient(api).listShards())
        .isInstanceOf(KinesisSourceException.class)
        .hasMessageContaining("'orders' does not exist at http://scripted.invalid:4567")
        .hasMessageContaining(KinesisSourceOptions.STREAM_NAME);
    assertThat(waits).isEmpty();
  }

  @Test
  void anUnreachableEndpointFailsAfterAFewRetries() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(1).unreachable();
    ShardCursor cursor =
        new ShardCursor(resilient(api), ScriptedKinesis.SHARD, IteratorPosition.trimHorizon());

    assertThatThrownBy(() -> cursor.next(10))
        .isInstanceOf(KinesisSourceException.class)
        .hasMessageContaining("cannot reach Kinesis at http://scripted.invalid:4567")
        .hasMessageContaining("4 times")
        .hasMessageContaining(KinesisSourceOptions.ENDPOINT_URL);
    assertThat(waits).hasSize(ResilientKinesis.MAX_CONNECTION_RETRIES);
  }
}
