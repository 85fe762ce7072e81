package dev.medallion.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.sample.SyntheticEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link EventValidator} gives what the first, tree-model validator ({@link
 * TreeEventValidator}) gave, field for field, reasons and details alike: on hand-written edge
 * cases, on every kind of bad line the sample generator writes, and on many thousands of lines cut,
 * spliced and re-typed at random.
 */
class EventValidatorParityTest {

  private static final String VALID =
      "{\"event_uuid\":\"6f1c2a\",\"event_type\":\"click\",\"event_subtype\":\"button\","
          + "\"event_ts\":\"2024-01-05T10:00:00+02:00\",\"user_id\":\"u1\",\"transaction_id\":\"t1\","
          + "\"device_id\":\"d1\",\"value\":12.5,\"attributes\":{\"a\":\"x\",\"b\":null},"
          + "\"extra\":[1,{\"k\":2}]}";

  private static final List<String> EDGE_CASES =
      List.of(
          "",
          " ",
          "null",
          "1",
          "1 2",
          "\"text\"",
          "true",
          "[1,2]",
          "[1,2] x",
          "{}",
          "{} {}",
          "{}x",
          "{\"a\":1,\"a\":2}",
          "{\"attributes\":{\"k\":\"1\",\"k\":\"2\"}}",
          "{\"x\":{\"k\":1,\"k\":2}}",
          "{\"event_uuid\":null,\"event_type\":null,\"event_ts\":null}",
          "{\"event_uuid\":\"\",\"event_type\":\" \",\"event_ts\":\"\"}",
          "{\"event_uuid\":1,\"event_type\":true,\"event_ts\":[],\"user_id\":{},\"value\":\"1\"}",
          "{\"event_uuid\":\"u\",\"event_type\":\"Click\",\"event_ts\":\"2024-01-05 10:00\"}",
          "{\"event_uuid\":\"u\",\"event_type\":\"click\",\"event_ts\":\"2024-01-05T10:00:00\"}",
          "{\"event_uuid\":\"u\",\"event_type\":\"click\",\"event_ts\":\"+10000-01-01T00:00:00Z\"}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"value\":1e400}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"value\":-1e400}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"value\":1"
              + "0".repeat(400)
              + "}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"value\":NaN}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"value\":-0,\"attributes\":[]}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"attributes\":{\"a\":\"1\",\"b\":2,\"c\":true}}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"attributes\":{\"a\":{\"x\":1},\"b\":[1]}}",
          "{\"event_uuid\":\"u\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\","
              + "\"attributes\":null,\"user_id\":\"\",\"device_id\":null}",
          "{\"event_uuid\":\"u\" \"event_type\":\"c\"}",
          "{'event_uuid':'u'}",
          "{\"event_uuid\":\"\\u00e9\\ud83d\\ude00\",\"event_type\":\"c\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "\uFEFF{}",
          VALID);

  @Test
  void agreesOnEdgeCases() {
    EDGE_CASES.forEach(EventValidatorParityTest::assertSame);
  }

  @Test
  void agreesOnEveryKindOfLineTheGeneratorWrites() {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      SyntheticEvents.Malformed bad =
          SyntheticEvents.malformed(
              random, SyntheticEvents.uuid(random), "2024-0" + (1 + i % 9) + "-05T10:00:00Z");
      assertSame(bad.text());
    }
  }

  @Test
  void agreesOnLinesCutSplicedAndRetypedAtRandom() {
    Random random = new Random(42);
    List<String> seeds = new ArrayList<>(EDGE_CASES);
    String[] values = {"null", "1", "-2.5e3", "true", "\"\"", "\"x\"", "[]", "{}", "{\"k\":\"v\"}"};
    int checked = 0;
    for (int i = 0; i < 20_000; i++) {
      String base = seeds.get(random.nextInt(seeds.size()));
      String line =
          switch (random.nextInt(4)) {
            case 0 -> base.substring(0, random.nextInt(base.length() + 1));
            case 1 -> {
              int at = random.nextInt(base.length() + 1);
              yield base.substring(0, at)
                  + "\",:{}[]x1 ".charAt(random.nextInt(10))
                  + base.substring(at);
            }
            case 2 ->
                base.replaceFirst(
                    ":(\"[^\"]*\"|[-0-9.e]+|null|true|false|\\[\\]|\\{\\})",
                    ":" + values[random.nextInt(values.length)]);
            default -> {
              String other = seeds.get(random.nextInt(seeds.size()));
              yield base.substring(0, random.nextInt(base.length() + 1))
                  + other.substring(random.nextInt(other.length() + 1));
            }
          };
      assertSame(line);
      checked++;
      if (i % 10 == 0) {
        seeds.add(line);
      }
    }
    assertThat(checked).isEqualTo(20_000);
  }

  private static void assertSame(String line) {
    assertThat(EventValidator.validate(line))
        .as("validating %s", line)
        .isEqualTo(TreeEventValidator.validate(line));
  }
}
