package dev.medallion.kinesis.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.kinesis.produce.EventSource.Kind;
import dev.medallion.kinesis.produce.EventSource.Outgoing;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/** PutRecords' limits, retries and giving up, against a fake Kinesis on a fake clock. */
class RecordPutterTest {
  private final FakeTicker clock = new FakeTicker();

  /**
   * A Kinesis that keeps what it accepts and decides per entry (by its partition key and how many
   * times it was sent) whether it fails.
   */
  static final class FakeKinesis implements KinesisClient {
    final List<String> accepted = new ArrayList<>();
    final List<Integer> requestSizes = new ArrayList<>();
    final List<Long> requestBytes = new ArrayList<>();
    final Map<String, Integer> sent = new HashMap<>();
    Function<String, String> failure = (key) -> null;
    RuntimeException throwOnCall;
    int sequence;

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
      if (throwOnCall != null) {
        throw throwOnCall;
      }
      requestSizes.add(request.records().size());
      long bytes = 0;
      List<PutRecordsResultEntry> results = new ArrayList<>();
      int failed = 0;
      for (PutRecordsRequestEntry e : request.records()) {
        bytes += e.data().asByteArray().length + e.partitionKey().length();
        int times = sent.merge(e.partitionKey(), 1, Integer::sum);
        String error = failure.apply(e.partitionKey() + "#" + times);
        if (error == null) {
          accepted.add(e.partitionKey());
          results.add(
              PutRecordsResultEntry.builder()
                  .shardId("shardId-000000000000")
                  .sequenceNumber(Integer.toString(++sequence))
                  .build());
        } else {
          failed++;
          results.add(
              PutRecordsResultEntry.builder().errorCode(error).errorMessage("slow down").build());
        }
      }
      requestBytes.add(bytes);
      return PutRecordsResponse.builder().records(results).failedRecordCount(failed).build();
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private static List<Outgoing> records(int n, int bytesEach) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> {
              String key = String.format("k%06d", i);
              byte[] data = new byte[bytesEach - key.length()];
              java.util.Arrays.fill(data, (byte) 'x');
              return new Outgoing(key, data, Kind.VALID, false, 0, 0, 0);
            })
        .toList();
  }

  private RecordPutter putter(FakeKinesis kinesis, Duration giveUp) {
    return new RecordPutter(kinesis, "s", clock, giveUp, 1L);
  }

  @Test
  void requestsHoldAtMost500RecordsAndFiveMebibytes() throws InterruptedException {
    FakeKinesis kinesis = new FakeKinesis();
    RecordPutter putter = putter(kinesis, Duration.ofMinutes(1));

    List<RecordPutter.Placed> placed = putter.put(records(1234, 100));
    assertThat(kinesis.requestSizes).containsExactly(500, 500, 234);
    assertThat(placed).hasSize(1234).allMatch(p -> p.shardId() != null);

    kinesis.requestSizes.clear();
    kinesis.requestBytes.clear();
    // 20 records of 400 KiB: 12 fit in 5 MiB.
    putter.put(records(20, 400 * 1024));
    assertThat(kinesis.requestSizes).containsExactly(12, 8);
    assertThat(kinesis.requestBytes).allMatch(b -> b <= RecordPutter.MAX_BYTES);
    assertThat(putter.recordsPut()).isEqualTo(1254);
  }

  @Test
  void aRecordOverOneMebibyteIsRefused() {
    assertThatThrownBy(
            () -> putter(new FakeKinesis(), Duration.ofMinutes(1)).put(records(1, 1024 * 1024 + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over Kinesis's limit");
  }

  @Test
  void failedEntriesAreSentAgainAfterABackOffUntilEveryOneIsPutOnce() throws InterruptedException {
    FakeKinesis kinesis = new FakeKinesis();
    // Every third record is throttled the first two times it is sent.
    kinesis.failure =
        attempt -> {
          int key = Integer.parseInt(attempt.substring(1, 7));
          int times = Integer.parseInt(attempt.substring(8));
          return key % 3 == 0 && times <= 2 ? "ProvisionedThroughputExceededException" : null;
        };
    RecordPutter putter = putter(kinesis, Duration.ofMinutes(1));
    List<Outgoing> records = records(300, 50);

    List<RecordPutter.Placed> placed = putter.put(records);

    assertThat(kinesis.accepted)
        .hasSize(300)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(records.stream().map(Outgoing::partitionKey).toList());
    assertThat(kinesis.requestSizes).containsExactly(300, 100, 100);
    assertThat(placed).hasSize(300).doesNotContainNull();
    assertThat(putter.retried()).isEqualTo(200);
    assertThat(putter.calls()).isEqualTo(3);
    // Two back-offs: 25-50 ms, then 50-100 ms.
    assertThat(clock.sleeps).isEqualTo(2);
    assertThat(clock.slept).isBetween(75_000_000L, 150_000_000L);
  }

  @Test
  void recordsThatKeepFailingEndTheRunAfterTheBoundWithWhatFailed() {
    FakeKinesis kinesis = new FakeKinesis();
    kinesis.failure =
        attempt -> attempt.startsWith("k000007#") ? "ProvisionedThroughputExceededException" : null;
    RecordPutter putter = putter(kinesis, Duration.ofSeconds(30));

    assertThatThrownBy(() -> putter.put(records(10, 50)))
        .isInstanceOf(ProduceException.class)
        .hasMessageContaining("1 of a request of 10 kept failing")
        .hasMessageContaining("ProvisionedThroughputExceededException: slow down")
        .hasMessageContaining("9 records were put before")
        .satisfies(e -> assertThat(((ProduceException) e).recordsPut()).isEqualTo(9));
    // It waited the bound, no less, and not much more (one back-off of at most 2 s).
    long stuck = clock.slept;
    assertThat(stuck).isBetween(30_000_000_000L, 32_000_000_000L);
    assertThat(kinesis.accepted).hasSize(9);
  }

  @Test
  void aNetworkFailureIsRetriedAndAMissingStreamIsNot() throws InterruptedException {
    FakeKinesis kinesis = new FakeKinesis();
    kinesis.throwOnCall =
        SdkClientException.create(
            "Unable to execute HTTP request", new ConnectException("Connection refused"));
    RecordPutter putter = putter(kinesis, Duration.ofSeconds(5));
    assertThatThrownBy(() -> putter.put(records(3, 50)))
        .isInstanceOf(ProduceException.class)
        .hasMessageContaining("3 of a request of 3 kept failing")
        .hasMessageContaining("Connection refused")
        .hasCauseInstanceOf(SdkClientException.class);
    assertThat(clock.sleeps).isGreaterThan(2);

    FakeKinesis missing = new FakeKinesis();
    missing.throwOnCall = ResourceNotFoundException.builder().message("no stream s").build();
    int sleepsBefore = clock.sleeps;
    assertThatThrownBy(() -> putter(missing, Duration.ofSeconds(5)).put(records(3, 50)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(clock.sleeps).isEqualTo(sleepsBefore);

    FakeKinesis noCredentials = new FakeKinesis();
    noCredentials.throwOnCall = SdkClientException.create("Unable to load credentials");
    assertThat(RecordPutter.retryable(noCredentials.throwOnCall)).isFalse();
  }

  @Test
  void splitKeepsTheOrder() {
    List<Integer> items = IntStream.range(0, 1001).boxed().toList();
    List<List<Integer>> parts = RecordPutter.split(items, i -> 10);
    List<Integer> joined = new ArrayList<>();
    parts.forEach(joined::addAll);
    assertThat(joined).isEqualTo(items);
    assertThat(parts).extracting(List::size).containsExactly(500, 500, 1);
    assertThat(RecordPutter.split(Collections.<Integer>emptyList(), i -> 1)).isEmpty();
  }
}
