package dev.medallion.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.contract.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * What generated events look like, for the landing sample data and the Kinesis producer alike:
 * their ids, the mix of event types, the fields each type carries, and malformed or invalid records
 * of many kinds, each with the reasons it must be quarantined with. Every choice is drawn from the
 * caller's {@link Random} in a fixed order, so that a seed always gives the same events.
 */
public final class SyntheticEvents {
  private SyntheticEvents() {}

  /** The event types generated, in the order of {@link #type}'s shares. */
  public static final List<String> TYPES = List.of("click", "view", "purchase", "sensor_reading");

  /** A random event uuid (two longs of {@code random}). */
  public static String uuid(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** An event type: click 40%, view 30%, purchase 10%, sensor_reading 20%. */
  public static String type(Random random) {
    int kind = random.nextInt(10);
    return kind < 4 ? "click" : kind < 7 ? "view" : kind < 8 ? "purchase" : "sensor_reading";
  }

  /**
   * Adds the fields that follow {@code event_ts} to a valid event of {@code type}: a subtype, a
   * transaction and an amount for purchases, a device and a reading for sensors; a user for most
   * events that are not sensor readings (one in twenty a user nobody knows); attributes in one
   * event of six; and an unknown top-level field in one of fifteen.
   */
  public static void addDetails(
      ObjectNode event,
      String type,
      Random random,
      List<String> userIds,
      List<String> transactionIds) {
    switch (type) {
      case "click" -> event.put("event_subtype", random.nextBoolean() ? "button" : "link");
      case "view" -> event.put("event_subtype", "page");
      case "purchase" -> {
        event.put("transaction_id", transactionIds.get(random.nextInt(transactionIds.size())));
        event.put("value", random.nextInt(50_000) / 100.0);
      }
      default -> {
        event.put("event_subtype", random.nextBoolean() ? "temperature" : "humidity");
        event.put("device_id", String.format("dev-%03d", random.nextInt(60)));
        event.put("value", Math.round((random.nextGaussian() * 8 + 20) * 100) / 100.0);
      }
    }
    int who = random.nextInt(20);
    if (who == 0) {
      event.put("user_id", "u99" + random.nextInt(10) + "x"); // a user nobody knows
    } else if (who > 1 && !type.equals("sensor_reading")) {
      event.put("user_id", userIds.get(random.nextInt(userIds.size())));
    }
    if (random.nextInt(6) == 0) {
      ObjectNode attributes = event.putObject("attributes");
      attributes.put("app_version", "4." + random.nextInt(9));
      attributes.put("locale", random.nextBoolean() ? "pl-PL" : "ja-JP");
    }
    if (random.nextInt(15) == 0) {
      event.put("schema_version", 2); // unknown field: kept in raw, ignored downstream
    }
  }

  /** A record that fails validation, and every reason it must be quarantined with. */
  public record Malformed(byte[] bytes, List<String> reasons) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** How many kinds of record {@link #malformed} makes. */
  public static final int MALFORMED_KINDS = 12;

  /**
   * A malformed or invalid record, one of {@value #MALFORMED_KINDS} kinds drawn from {@code
   * random}: broken JSON, not an object, a missing, empty or mistyped event_uuid, an empty or
   * invalid event_type, an event_ts without an offset or not a timestamp, a value given as text or
   * not finite, attributes or user_id of the wrong type. Where it has them, its uuid is {@code id}
   * and its timestamp {@code ts}.
   */
  public static Malformed malformed(Random random, String id, String ts) {
    return switch (random.nextInt(MALFORMED_KINDS)) {
      case 0 -> bad("{\"event_uuid\":\"" + id + "\",\"event_type\":\"cli", Reasons.MALFORMED_JSON);
      case 1 -> bad("[\"" + id + "\",\"click\"]", Reasons.NOT_AN_OBJECT);
      case 2 ->
          bad(
              "{\"event_type\":\"click\",\"event_ts\":\"" + ts + "\"}",
              Reasons.of(Reasons.MISSING_FIELD, "event_uuid"));
      case 3 ->
          bad(
              "{\"event_uuid\":\"" + id + "\",\"event_type\":\"\",\"event_ts\":\"" + ts + "\"}",
              Reasons.of(Reasons.EMPTY_FIELD, "event_type"));
      case 4 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"Click!\",\"event_ts\":\""
                  + ts
                  + "\"}",
              Reasons.of(Reasons.INVALID_VALUE, "event_type"));
      case 5 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"view\",\"event_ts\":\"2026-11-02 10:00:00\"}",
              Reasons.of(Reasons.INVALID_FORMAT, "event_ts"));
      case 6 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"sensor_reading\",\"event_ts\":\""
                  + ts
                  + "\",\"value\":\"21.5\"}",
              Reasons.of(Reasons.WRONG_TYPE, "value"));
      case 7 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"sensor_reading\",\"event_ts\":\""
                  + ts
                  + "\",\"value\":1e999}",
              Reasons.of(Reasons.NON_FINITE, "value"));
      case 8 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"click\",\"event_ts\":\""
                  + ts
                  + "\",\"attributes\":{\"count\":3}}",
              Reasons.of(Reasons.WRONG_TYPE, "attributes"));
      case 9 ->
          bad(
              "{\"event_uuid\":\""
                  + id
                  + "\",\"event_type\":\"click\",\"event_ts\":\""
                  + ts
                  + "\",\"user_id\":12345}",
              Reasons.of(Reasons.WRONG_TYPE, "user_id"));
      case 10 ->
          bad(
              "{\"event_uuid\":42,\"event_type\":\"click\",\"event_ts\":\"yesterday\"}",
              Reasons.of(Reasons.WRONG_TYPE, "event_uuid"),
              Reasons.of(Reasons.INVALID_FORMAT, "event_ts"));
      default ->
          bad(
              "{\"event_uuid\":\"  \",\"event_ts\":\"" + ts + "\"}",
              Reasons.of(Reasons.EMPTY_FIELD, "event_uuid"),
              Reasons.of(Reasons.MISSING_FIELD, "event_type"));
    };
  }

  private static Malformed bad(String line, String... reasons) {
    return new Malformed(line.getBytes(StandardCharsets.UTF_8), List.of(reasons));
  }
}
