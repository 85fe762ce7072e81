package dev.medallion.kinesis.source.reading;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Splits records aggregated by the Kinesis Producer Library into their user records.
 *
 * <p>An aggregate is the 4 magic bytes {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord} and
 * the MD5 of that protobuf (16 bytes). The message is small enough to decode by hand:
 *
 * <pre>
 * AggregatedRecord { repeated string partition_key_table = 1;
 *                    repeated string explicit_hash_key_table = 2;
 *                    repeated Record records = 3; }
 * Record { uint64 partition_key_index = 1; uint64 explicit_hash_key_index = 2;
 *          bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 *
 * Each user record gets its own partition key from the table, the Kinesis record's sequence number
 * and arrival time, and its index as sub-sequence number. A record that starts with the magic bytes
 * but whose digest or protobuf does not check out is passed on whole, as the KPL's own consumer
 * library does. Unlike that library, no user record is dropped for a hash key outside the shard's
 * range.
 */
final class Deaggregator {
  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  private static final int DIGEST_LENGTH = 16;

  private Deaggregator() {}

  /** The user records of {@code record}: itself, or its parts when it is a KPL aggregate. */
  static List<KinesisRecord> userRecords(Record record, boolean deaggregate) {
    byte[] bytes = record.data().asByteArrayUnsafe();
    long micros = micros(record.approximateArrivalTimestamp());
    if (deaggregate && isAggregate(bytes)) {
      List<KinesisRecord> parts = decode(bytes, record.sequenceNumber(), micros);
      if (parts != null) {
        return parts;
      }
    }
    return List.of(
        new KinesisRecord(
            bytes,
            record.partitionKey(),
            record.sequenceNumber(),
            KinesisRecord.NOT_AGGREGATED,
            micros));
  }

  static boolean isAggregate(byte[] bytes) {
    return bytes.length > MAGIC.length + DIGEST_LENGTH
        && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** The parts, or null when the bytes are not a well-formed aggregate. */
  static List<KinesisRecord> decode(byte[] bytes, String sequenceNumber, long micros) {
    int from = MAGIC.length;
    int to = bytes.length - DIGEST_LENGTH;
    byte[] digest = md5(bytes, from, to - from);
    if (!Arrays.equals(digest, 0, DIGEST_LENGTH, bytes, to, bytes.length)) {
      return null;
    }
    try {
      List<String> partitionKeys = new ArrayList<>();
      List<byte[]> data = new ArrayList<>();
      List<Long> keyIndexes = new ArrayList<>();
      ProtoReader outer = new ProtoReader(bytes, from, to);
      while (outer.hasMore()) {
        int tag = outer.varintAsInt();
        int field = tag >>> 3;
        int wireType = tag & 7;
        if (field == 1 && wireType == 2) {
          partitionKeys.add(new String(outer.lengthDelimited(), StandardCharsets.UTF_8));
        } else if (field == 3 && wireType == 2) {
          ProtoReader inner = outer.nested();
          long keyIndex = -1;
          byte[] payload = null;
          while (inner.hasMore()) {
            int innerTag = inner.varintAsInt();
            int innerField = innerTag >>> 3;
            int innerWire = innerTag & 7;
            if (innerField == 1 && innerWire == 0) {
              keyIndex = inner.varint();
            } else if (innerField == 3 && innerWire == 2) {
              payload = inner.lengthDelimited();
            } else {
              inner.skip(innerWire);
            }
          }
          if (keyIndex < 0 || payload == null) {
            return null;
          }
          keyIndexes.add(keyIndex);
          data.add(payload);
        } else {
          outer.skip(wireType);
        }
      }
      List<KinesisRecord> parts = new ArrayList<>(data.size());
      for (int i = 0; i < data.size(); i++) {
        long keyIndex = keyIndexes.get(i);
        if (keyIndex >= partitionKeys.size()) {
          return null;
        }
        parts.add(
            new KinesisRecord(
                data.get(i), partitionKeys.get((int) keyIndex), sequenceNumber, i, micros));
      }
      return parts;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] md5(byte[] bytes, int offset, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(bytes, offset, length);
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no MD5", e);
    }
  }

  static long micros(Instant instant) {
    if (instant == null) {
      return 0;
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The protobuf wire format, as far as the aggregate needs it; malformed input throws. */
  private static final class ProtoReader {
    private final byte[] bytes;
    private int position;
    private final int end;

    ProtoReader(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.position = from;
      this.end = to;
    }

    boolean hasMore() {
      return position < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    int varintAsInt() {
      long value = varint();
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tag out of range");
      }
      return (int) value;
    }

    private int length() {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new IllegalArgumentException("length beyond the message");
      }
      return (int) length;
    }

    byte[] lengthDelimited() {
      int length = length();
      byte[] out = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return out;
    }

    ProtoReader nested() {
      int length = length();
      ProtoReader reader = new ProtoReader(bytes, position, position + length);
      position += length;
      return reader;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("wire type " + wireType);
      }
    }

    private void advance(int count) {
      if (count > end - position) {
        throw new IllegalArgumentException("field beyond the message");
      }
      position += count;
    }
  }
}
