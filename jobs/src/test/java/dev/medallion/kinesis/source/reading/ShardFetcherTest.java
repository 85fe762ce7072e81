package dev.medallion.kinesis.source.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.ResilientKinesis;
import dev.medallion.kinesis.source.offsets.ShardOffset;
import dev.medallion.kinesis.source.offsets.StartingPosition;
import dev.medallion.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShardFetcherTest {
  private static ShardFetcher fetcher(ScriptedKinesis api) {
    ResilientKinesis kinesis =
        new ResilientKinesis(
            api, "s", new Backoff(0, Duration.ZERO, Duration.ZERO), d -> {}, () -> 0);
    return new ShardFetcher(
        kinesis,
        ScriptedKinesis.SHARD,
        ShardOffset.startingAt(StartingPosition.trimHorizon()),
        IteratorPosition.trimHorizon());
  }

  @Test
  void aFetchStopsAtTheBudgetAndTheNextGoesOnFromThere() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(10);
    ShardFetcher fetcher = fetcher(api);

    ShardFetcher.Fetch first = fetcher.fetch(4, 3, false, true, null);
    ShardFetcher.Fetch rest = fetcher.fetch(100, 3, false, true, null);

    assertThat(first.records())
        .extracting(r -> new String(r.data()))
        .containsExactly("r0", "r1", "r2", "r3");
    assertThat(first.budgetUsed()).isTrue();
    assertThat(first.caughtUp()).isFalse();
    assertThat(first.first()).isEqualTo(ScriptedKinesis.seq(0));
    assertThat(first.last()).isEqualTo(ScriptedKinesis.seq(3));
    assertThat(rest.records()).hasSize(6);
    assertThat(rest.caughtUp()).isTrue();
    assertThat(rest.budgetUsed()).isFalse();
    assertThat(fetcher.standsAt(new ShardOffset(ScriptedKinesis.seq(9), null, null, false)))
        .isTrue();
  }

  @Test
  void aRecordAsRecentAsTheCutoffEndsTheFetchAsCaughtUp() {
    ScriptedKinesis api = ScriptedKinesis.withRecords(10);

    ShardFetcher.Fetch fetch =
        fetcher(api).fetch(100, 2, false, true, Instant.ofEpochSecond(1_700_000_000L + 5));

    assertThat(fetch.records())
        .extracting(r -> new String(r.data()))
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5");
    assertThat(fetch.caughtUp()).isTrue();
  }
}
