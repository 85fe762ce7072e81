package dev.medallion.kinesis.source.reading;

import dev.medallion.kinesis.source.client.IteratorPosition;
import dev.medallion.kinesis.source.client.KinesisApi;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A one-shard stream in memory whose next calls fail as a test scripts them: the failures the
 * emulator cannot produce (throttling, an expired iterator, a lost connection). Iterators are
 * "position:n", the index of the next record.
 */
final class ScriptedKinesis implements KinesisApi {
  static final String SHARD = "shardId-000000000000";
  private static final BigInteger FIRST_SEQ = new BigInteger("49600000000000000000000000000000");

  private final List<Record> records = new ArrayList<>();
  private final Deque<Supplier<RuntimeException>> getRecordsFailures = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> iteratorFailures = new ArrayDeque<>();
  private final List<IteratorPosition> iteratorsRequested = new ArrayList<>();
  private boolean streamExists = true;
  private int getRecordsCalls;

  /** A stream holding {@code count} records, "r0" to "r{count-1}". */
  static ScriptedKinesis withRecords(int count) {
    ScriptedKinesis kinesis = new ScriptedKinesis();
    for (int i = 0; i < count; i++) {
      kinesis.records.add(
          Record.builder()
              .data(SdkBytes.fromUtf8String("r" + i))
              .partitionKey("k" + (i % 3))
              .sequenceNumber(FIRST_SEQ.add(BigInteger.valueOf(i * 10L)).toString())
              .approximateArrivalTimestamp(Instant.ofEpochSecond(1_700_000_000L + i))
              .build());
    }
    return kinesis;
  }

  static String seq(int index) {
    return FIRST_SEQ.add(BigInteger.valueOf(index * 10L)).toString();
  }

  ScriptedKinesis throttleNextGetRecords(int times) {
    for (int i = 0; i < times; i++) {
      getRecordsFailures.add(
          () -> ProvisionedThroughputExceededException.builder().message("Rate exceeded").build());
    }
    return this;
  }

  ScriptedKinesis limitExceededOnNextIterator() {
    iteratorFailures.add(() -> LimitExceededException.builder().message("too many").build());
    return this;
  }

  ScriptedKinesis expireNextGetRecords() {
    getRecordsFailures.add(
        () -> ExpiredIteratorException.builder().message("Iterator expired").build());
    return this;
  }

  ScriptedKinesis unreachable() {
    iteratorFailures.clear();
    for (int i = 0; i < 100; i++) {
      iteratorFailures.add(
          () -> SdkClientException.create("Unable to execute HTTP request: Connection refused"));
    }
    return this;
  }

  ScriptedKinesis withoutStream() {
    streamExists = false;
    return this;
  }

  List<IteratorPosition> iteratorsRequested() {
    return iteratorsRequested;
  }

  int getRecordsCalls() {
    return getRecordsCalls;
  }

  @Override
  public List<Shard> listShards(String stream) {
    if (!streamExists) {
      throw ResourceNotFoundException.builder()
          .message("Stream " + stream + " under account 000000000000 not found.")
          .build();
    }
    return List.of(
        Shard.builder()
            .shardId(SHARD)
            .sequenceNumberRange(
                SequenceNumberRange.builder().startingSequenceNumber(FIRST_SEQ.toString()).build())
            .build());
  }

  @Override
  public String shardIterator(String stream, String shardId, IteratorPosition position) {
    if (!iteratorFailures.isEmpty()) {
      throw iteratorFailures.poll().get();
    }
    if (!streamExists) {
      throw ResourceNotFoundException.builder().message("Stream " + stream + " not found").build();
    }
    iteratorsRequested.add(position);
    int next =
        switch (position.type()) {
          case TRIM_HORIZON -> 0;
          case LATEST -> records.size();
          case AT_SEQUENCE_NUMBER -> indexOf(position.sequenceNumber());
          case AFTER_SEQUENCE_NUMBER -> indexOf(position.sequenceNumber()) + 1;
          default -> throw new UnsupportedOperationException(position.type().toString());
        };
    return "position:" + next;
  }

  @Override
  public GetRecordsResponse getRecords(String shardIterator, int limit) {
    getRecordsCalls++;
    if (!getRecordsFailures.isEmpty()) {
      throw getRecordsFailures.poll().get();
    }
    int from = Integer.parseInt(shardIterator.substring("position:".length()));
    int to = Math.min(records.size(), from + limit);
    return GetRecordsResponse.builder()
        .records(records.subList(from, to))
        .nextShardIterator("position:" + to)
        .millisBehindLatest(0L)
        .build();
  }

  private int indexOf(String sequenceNumber) {
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).sequenceNumber().equals(sequenceNumber)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no record " + sequenceNumber);
  }

  @Override
  public String describe() {
    return "http://scripted.invalid:4567";
  }

  @Override
  public void close() {}
}
