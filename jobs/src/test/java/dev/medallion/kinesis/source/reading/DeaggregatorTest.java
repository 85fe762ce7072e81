package dev.medallion.kinesis.source.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

class DeaggregatorTest {
  private static final Instant ARRIVAL = Instant.parse("2025-01-31T12:00:00.250Z");

  private static Record record(byte[] data) {
    return Record.builder()
        .data(SdkBytes.fromByteArray(data))
        .partitionKey("outer")
        .sequenceNumber("4960")
        .approximateArrivalTimestamp(ARRIVAL)
        .build();
  }

  @Test
  void anAggregateBecomesItsUserRecordsWithTheirOwnKeys() {
    byte[] aggregate =
        new KplAggregate().add("k1", "one").add("k2", "two").add("k1", "three").bytes();

    List<KinesisRecord> parts = Deaggregator.userRecords(record(aggregate), true);

    assertThat(parts).extracting(r -> new String(r.data())).containsExactly("one", "two", "three");
    assertThat(parts).extracting(KinesisRecord::partitionKey).containsExactly("k1", "k2", "k1");
    assertThat(parts).extracting(KinesisRecord::subSequenceNumber).containsExactly(0L, 1L, 2L);
    assertThat(parts).allSatisfy(r -> assertThat(r.sequenceNumber()).isEqualTo("4960"));
    assertThat(parts.get(0).arrivalMicros()).isEqualTo(1_738_324_800_250_000L);
  }

  @Test
  void aPlainRecordOrAnAggregateWithABadDigestIsPassedOnWhole() {
    byte[] aggregate = new KplAggregate().add("k1", "one").bytes();
    byte[] corrupted = Arrays.copyOf(aggregate, aggregate.length);
    corrupted[corrupted.length - 1] ^= 1;

    List<KinesisRecord> plain = Deaggregator.userRecords(record("{\"a\":1}".getBytes()), true);
    List<KinesisRecord> bad = Deaggregator.userRecords(record(corrupted), true);
    List<KinesisRecord> off = Deaggregator.userRecords(record(aggregate), false);

    assertThat(plain)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(new String(r.data())).isEqualTo("{\"a\":1}");
              assertThat(r.partitionKey()).isEqualTo("outer");
              assertThat(r.subSequenceNumber()).isEqualTo(KinesisRecord.NOT_AGGREGATED);
            });
    assertThat(bad).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo(corrupted));
    assertThat(off).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo(aggregate));
  }

  @Test
  void aTruncatedProtobufIsNotAnAggregate() {
    byte[] body = {0x0A, 0x7F, 0x41};
    byte[] bytes = new byte[4 + body.length + 16];
    System.arraycopy(Deaggregator.MAGIC, 0, bytes, 0, 4);
    System.arraycopy(body, 0, bytes, 4, body.length);
    System.arraycopy(Deaggregator.md5(body, 0, body.length), 0, bytes, 4 + body.length, 16);

    assertThat(Deaggregator.decode(bytes, "1", 0)).isNull();
  }
}
