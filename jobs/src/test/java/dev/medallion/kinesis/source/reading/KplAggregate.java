package dev.medallion.kinesis.source.reading;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a record the way the Kinesis Producer Library aggregates user records, for tests. */
public final class KplAggregate {
  private final Map<String, Integer> keys = new LinkedHashMap<>();
  private final List<byte[]> records = new ArrayList<>();

  public KplAggregate add(String partitionKey, String data) {
    int index = keys.computeIfAbsent(partitionKey, k -> keys.size());
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    varint(record, 1 << 3);
    varint(record, index);
    field(record, 3, data.getBytes(StandardCharsets.UTF_8));
    records.add(record.toByteArray());
    return this;
  }

  public byte[] bytes() {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    keys.keySet().forEach(k -> field(message, 1, k.getBytes(StandardCharsets.UTF_8)));
    records.forEach(r -> field(message, 3, r));
    byte[] body = message.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Deaggregator.MAGIC);
    out.writeBytes(body);
    out.writeBytes(Deaggregator.md5(body, 0, body.length));
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int field, byte[] bytes) {
    varint(out, field << 3 | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
