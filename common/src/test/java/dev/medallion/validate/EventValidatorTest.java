package dev.medallion.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  /** A valid event with only the required fields, to which a test adds or replaces fields. */
  private static final String UUID = "\"event_uuid\":\"6f1c2a\"";

  private static final String TYPE = "\"event_type\":\"click\"";
  private static final String TS = "\"event_ts\":\"2024-01-05T10:00:00Z\"";

  /** An event with the three required fields and {@code extra} (a JSON member list, or ""). */
  private static String event(String extra) {
    String base = UUID + "," + TYPE + "," + TS;
    return "{" + base + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** An event whose required fields are given explicitly (for replacing one of them). */
  private static String eventWith(String uuid, String type, String ts) {
    return "{" + String.join(",", uuid, type, ts) + "}";
  }

  // ---------------------------------------------------------------------------------------------
  // Valid events

  @Test
  void fullyValidEventWithEveryFieldIsReadIntoTypedValues() {
    String json =
        """
        {"event_uuid":"e-1","event_type":"sensor_reading","event_subtype":"temperature",
         "event_ts":"2024-03-10T14:30:15.250+05:30","user_id":"u42","transaction_id":"t7",
         "device_id":"dev-9","value":21.75,"attributes":{"unit":"celsius","room":"lab"}}
        """;

    ValidatedEvent event = EventValidator.validate(json);

    assertThat(event.isValid()).isTrue();
    assertThat(event.reasons()).isEmpty();
    assertThat(event.reasonDetail()).isNull();
    assertThat(event.eventUuid()).isEqualTo("e-1");
    assertThat(event.eventType()).isEqualTo("sensor_reading");
    assertThat(event.eventSubtype()).isEqualTo("temperature");
    assertThat(event.eventTs()).isEqualTo(Instant.parse("2024-03-10T09:00:15.250Z"));
    assertThat(event.userId()).isEqualTo("u42");
    assertThat(event.transactionId()).isEqualTo("t7");
    assertThat(event.deviceId()).isEqualTo("dev-9");
    assertThat(event.value()).isEqualTo(21.75);
    assertThat(event.attributes())
        .containsExactly(Map.entry("unit", "celsius"), Map.entry("room", "lab"));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "2024-01-05T10:00:00+05:30, 2024-01-05T04:30:00Z",
    "2024-01-05T10:00:00-08:00, 2024-01-05T18:00:00Z",
    "2024-01-05T10:00:00Z,      2024-01-05T10:00:00Z",
    "2024-01-05T23:30:00-08:00, 2024-01-06T07:30:00Z",
    "2024-01-05T10:00:00.123456789Z, 2024-01-05T10:00:00.123456789Z",
  })
  void eventTsWithAnOffsetIsConvertedToTheRightInstant(String ts, String expectedUtc) {
    ValidatedEvent event =
        EventValidator.validate(eventWith(UUID, TYPE, "\"event_ts\":\"" + ts + "\""));

    assertThat(event.reasons()).isEmpty();
    assertThat(event.eventTs()).isEqualTo(Instant.parse(expectedUtc));
  }

  @Test
  void onlyRequiredFieldsIsValidAndOptionalFieldsAreNull() {
    ValidatedEvent event = EventValidator.validate(event(""));

    assertThat(event.isValid()).isTrue();
    assertThat(event.reasonDetail()).isNull();
    assertThat(event.eventUuid()).isEqualTo("6f1c2a");
    assertThat(event.eventType()).isEqualTo("click");
    assertThat(event.eventTs()).isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
    assertThat(event.eventSubtype()).isNull();
    assertThat(event.userId()).isNull();
    assertThat(event.transactionId()).isNull();
    assertThat(event.deviceId()).isNull();
    assertThat(event.value()).isNull();
    assertThat(event.attributes()).isNull();
  }

  @Test
  void unknownTopLevelFieldsAreAccepted() {
    ValidatedEvent event =
        EventValidator.validate(
            event("\"schema_version\":3,\"nested\":{\"a\":[1,2]},\"flag\":true,\"n\":null"));

    assertThat(event.isValid()).isTrue();
    assertThat(event.reasons()).isEmpty();
    assertThat(event.eventUuid()).isEqualTo("6f1c2a");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"event_subtype", "user_id", "transaction_id", "device_id"})
  void emptyOptionalStringIsReadAsNull(String field) {
    ValidatedEvent event = EventValidator.validate(event("\"" + field + "\":\"\""));

    assertThat(event.isValid()).isTrue();
    assertThat(event.eventSubtype()).isNull();
    assertThat(event.userId()).isNull();
    assertThat(event.transactionId()).isNull();
    assertThat(event.deviceId()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"event_subtype", "user_id", "transaction_id", "device_id", "value", "attributes"})
  void jsonNullForAnOptionalFieldIsValidAndReadAsNull(String field) {
    ValidatedEvent event = EventValidator.validate(event("\"" + field + "\":null"));

    assertThat(event.reasons()).isEmpty();
    assertThat(event.eventSubtype()).isNull();
    assertThat(event.userId()).isNull();
    assertThat(event.transactionId()).isNull();
    assertThat(event.deviceId()).isNull();
    assertThat(event.value()).isNull();
    assertThat(event.attributes()).isNull();
  }

  @ParameterizedTest(name = "event_type {0}")
  @ValueSource(strings = {"click", "view", "purchase", "sensor_reading", "a", "x9", "a_b_1_"})
  void eventTypesMatchingThePatternAreValid(String type) {
    ValidatedEvent event =
        EventValidator.validate(eventWith(UUID, "\"event_type\":\"" + type + "\"", TS));

    assertThat(event.reasons()).isEmpty();
    assertThat(event.eventType()).isEqualTo(type);
  }

  @ParameterizedTest(name = "value {0}")
  @CsvSource({"0, 0.0", "-3, -3.0", "12.5, 12.5", "1e3, 1000.0", "-0.001, -0.001"})
  void numericValueIsReadAsADouble(String json, double expected) {
    ValidatedEvent event = EventValidator.validate(event("\"value\":" + json));

    assertThat(event.reasons()).isEmpty();
    assertThat(event.value()).isEqualTo(expected);
  }

  @Test
  void emptyAttributesObjectIsAnEmptyMap() {
    ValidatedEvent event = EventValidator.validate(event("\"attributes\":{}"));

    assertThat(event.reasons()).isEmpty();
    assertThat(event.attributes()).isEmpty();
  }

  @Test
  void attributesKeepTheProducersOrder() {
    ValidatedEvent event =
        EventValidator.validate(event("\"attributes\":{\"z\":\"1\",\"a\":\"2\",\"m\":\"3\"}"));

    assertThat(event.attributes().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void reasonsHelperIsEmptyForAValidEvent() {
    assertThat(EventValidator.reasons(event(""))).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Rejections: one problem each

  static Stream<Arguments> singleProblem() {
    return Stream.of(
        // Not JSON.
        arguments(
            "truncated object", "{\"event_uuid\":\"a\",\"event_type\":\"click\"", "malformed_json"),
        arguments("trailing garbage", event("") + " x", "malformed_json"),
        arguments("a second object after the first", event("") + "{}", "malformed_json"),
        arguments(
            "duplicate key",
            "{" + UUID + "," + TYPE + "," + TS + ",\"event_type\":\"view\"}",
            "malformed_json"),
        arguments("single quotes", "{'event_uuid':'a'}", "malformed_json"),
        arguments("plain text", "hello", "malformed_json"),
        // JSON, but not an object.
        arguments("array", "[" + event("") + "]", "not_an_object"),
        arguments("string", "\"event\"", "not_an_object"),
        arguments("number", "42", "not_an_object"),
        arguments("null", "null", "not_an_object"),
        arguments("boolean", "true", "not_an_object"),
        // Required fields absent or null.
        arguments("event_uuid absent", "{" + TYPE + "," + TS + "}", "missing_field:event_uuid"),
        arguments("event_type absent", "{" + UUID + "," + TS + "}", "missing_field:event_type"),
        arguments("event_ts absent", "{" + UUID + "," + TYPE + "}", "missing_field:event_ts"),
        arguments(
            "event_uuid null",
            eventWith("\"event_uuid\":null", TYPE, TS),
            "missing_field:event_uuid"),
        arguments(
            "event_type null",
            eventWith(UUID, "\"event_type\":null", TS),
            "missing_field:event_type"),
        arguments(
            "event_ts null", eventWith(UUID, TYPE, "\"event_ts\":null"), "missing_field:event_ts"),
        // Required fields empty or blank.
        arguments(
            "event_uuid empty",
            eventWith("\"event_uuid\":\"\"", TYPE, TS),
            "empty_field:event_uuid"),
        arguments(
            "event_uuid blank",
            eventWith("\"event_uuid\":\"   \"", TYPE, TS),
            "empty_field:event_uuid"),
        arguments(
            "event_type empty",
            eventWith(UUID, "\"event_type\":\"\"", TS),
            "empty_field:event_type"),
        arguments(
            "event_type blank",
            eventWith(UUID, "\"event_type\":\"   \"", TS),
            "empty_field:event_type"),
        arguments(
            "event_ts empty", eventWith(UUID, TYPE, "\"event_ts\":\"\""), "empty_field:event_ts"),
        arguments(
            "event_ts blank", eventWith(UUID, TYPE, "\"event_ts\":\"  \""), "empty_field:event_ts"),
        // Wrong JSON types.
        arguments(
            "event_uuid a number",
            eventWith("\"event_uuid\":123", TYPE, TS),
            "wrong_type:event_uuid"),
        arguments(
            "event_uuid an object",
            eventWith("\"event_uuid\":{\"id\":\"a\"}", TYPE, TS),
            "wrong_type:event_uuid"),
        arguments(
            "event_type a boolean",
            eventWith(UUID, "\"event_type\":true", TS),
            "wrong_type:event_type"),
        arguments(
            "event_ts a number (epoch millis)",
            eventWith(UUID, TYPE, "\"event_ts\":1704448800000"),
            "wrong_type:event_ts"),
        arguments("value a string", event("\"value\":\"12.5\""), "wrong_type:value"),
        arguments("value a boolean", event("\"value\":true"), "wrong_type:value"),
        arguments("user_id a number", event("\"user_id\":42"), "wrong_type:user_id"),
        arguments(
            "event_subtype an array",
            event("\"event_subtype\":[\"a\"]"),
            "wrong_type:event_subtype"),
        arguments(
            "transaction_id a number", event("\"transaction_id\":7"), "wrong_type:transaction_id"),
        arguments("device_id a boolean", event("\"device_id\":false"), "wrong_type:device_id"),
        arguments(
            "attributes an array", event("\"attributes\":[\"a\",\"b\"]"), "wrong_type:attributes"),
        arguments("attributes a string", event("\"attributes\":\"a=b\""), "wrong_type:attributes"),
        arguments(
            "attributes value a number",
            event("\"attributes\":{\"unit\":\"c\",\"count\":3}"),
            "wrong_type:attributes"),
        arguments(
            "attributes value an object",
            event("\"attributes\":{\"nested\":{\"a\":\"b\"}}"),
            "wrong_type:attributes"),
        // event_type not matching [a-z][a-z0-9_]*.
        arguments(
            "event_type uppercase",
            eventWith(UUID, "\"event_type\":\"Click\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type all caps",
            eventWith(UUID, "\"event_type\":\"CLICK\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type leading digit",
            eventWith(UUID, "\"event_type\":\"1click\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type dash",
            eventWith(UUID, "\"event_type\":\"sensor-reading\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type leading underscore",
            eventWith(UUID, "\"event_type\":\"_click\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type with a space",
            eventWith(UUID, "\"event_type\":\"page view\"", TS),
            "invalid_value:event_type"),
        arguments(
            "event_type padded",
            eventWith(UUID, "\"event_type\":\" click\"", TS),
            "invalid_value:event_type"),
        // event_ts not ISO-8601 with an offset.
        arguments(
            "event_ts without offset",
            eventWith(UUID, TYPE, "\"event_ts\":\"2024-01-05T10:00:00\""),
            "invalid_format:event_ts"),
        arguments(
            "event_ts garbage",
            eventWith(UUID, TYPE, "\"event_ts\":\"yesterday\""),
            "invalid_format:event_ts"),
        arguments(
            "event_ts date only",
            eventWith(UUID, TYPE, "\"event_ts\":\"2024-01-05\""),
            "invalid_format:event_ts"),
        arguments(
            "event_ts space instead of T",
            eventWith(UUID, TYPE, "\"event_ts\":\"2024-01-05 10:00:00Z\""),
            "invalid_format:event_ts"),
        arguments(
            "event_ts impossible date",
            eventWith(UUID, TYPE, "\"event_ts\":\"2024-02-30T10:00:00Z\""),
            "invalid_format:event_ts"),
        arguments(
            "event_ts epoch seconds as text",
            eventWith(UUID, TYPE, "\"event_ts\":\"1704448800\""),
            "invalid_format:event_ts"),
        // value not finite.
        arguments("value 1e999", event("\"value\":1e999"), "non_finite:value"),
        arguments("value -1e999", event("\"value\":-1e999"), "non_finite:value"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("singleProblem")
  void rejectsWithExactlyOneReason(String description, String json, String reason) {
    ValidatedEvent event = EventValidator.validate(json);

    assertThat(event.isValid()).isFalse();
    assertThat(event.reasons()).containsExactly(reason);
    assertThat(event.reasonDetail()).isNotBlank();
    assertThat(EventValidator.reasons(json)).containsExactly(reason);
  }

  @Test
  void malformedJsonHasNoTypedFields() {
    ValidatedEvent event = EventValidator.validate("{\"event_uuid\":\"abc\",\"event_type\":");

    assertThat(event.reasons()).containsExactly("malformed_json");
    assertThat(event.eventUuid()).isNull();
    assertThat(event.eventType()).isNull();
    assertThat(event.reasonDetail()).startsWith("not valid JSON");
  }

  @Test
  void notAnObjectDetailNamesWhatItGot() {
    assertThat(EventValidator.validate("[1,2]").reasonDetail()).contains("array");
    assertThat(EventValidator.validate("\"x\"").reasonDetail()).contains("string");
    assertThat(EventValidator.validate("3.5").reasonDetail()).contains("number");
  }

  @Test
  void invalidEventTypeDetailQuotesTheValue() {
    ValidatedEvent event =
        EventValidator.validate(eventWith(UUID, "\"event_type\":\"Sensor-Reading\"", TS));

    assertThat(event.reasonDetail()).contains("'Sensor-Reading'").contains("[a-z][a-z0-9_]*");
  }

  @Test
  void attributesWithAWrongValueTypeAreDroppedAndDetailNamesTheKey() {
    ValidatedEvent event = EventValidator.validate(event("\"attributes\":{\"count\":3}"));

    assertThat(event.attributes()).isNull();
    assertThat(event.reasonDetail()).contains("attributes.count");
  }

  @Test
  void validFieldsAreStillReadWhenAnotherFieldIsInvalid() {
    ValidatedEvent event = EventValidator.validate(event("\"user_id\":\"u1\",\"value\":\"oops\""));

    assertThat(event.reasons()).containsExactly("wrong_type:value");
    assertThat(event.eventUuid()).isEqualTo("6f1c2a");
    assertThat(event.eventTs()).isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
    assertThat(event.userId()).isEqualTo("u1");
    assertThat(event.value()).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Several problems at once

  static Stream<Arguments> severalProblems() {
    return Stream.of(
        arguments(
            "missing uuid, bad event_type, value a string",
            "{\"event_type\":\"Bad-Type\",\"event_ts\":\"2024-01-05T10:00:00Z\",\"value\":\"1\"}",
            List.of("missing_field:event_uuid", "invalid_value:event_type", "wrong_type:value")),
        arguments(
            "all three required fields missing",
            "{\"user_id\":\"u1\"}",
            List.of(
                "missing_field:event_uuid", "missing_field:event_type", "missing_field:event_ts")),
        arguments(
            "empty object",
            "{}",
            List.of(
                "missing_field:event_uuid", "missing_field:event_type", "missing_field:event_ts")),
        arguments(
            "one of each kind on every field",
            "{\"event_uuid\":\"\",\"event_type\":7,\"event_ts\":\"2024-01-05\","
                + "\"event_subtype\":1,\"user_id\":2,\"transaction_id\":3,\"device_id\":4,"
                + "\"value\":1e999,\"attributes\":[]}",
            List.of(
                "empty_field:event_uuid",
                "wrong_type:event_type",
                "invalid_format:event_ts",
                "wrong_type:event_subtype",
                "wrong_type:user_id",
                "wrong_type:transaction_id",
                "wrong_type:device_id",
                "non_finite:value",
                "wrong_type:attributes")),
        arguments(
            "bad timestamp and attributes value",
            "{\"event_uuid\":\"a\",\"event_type\":\"click\",\"event_ts\":\"noon\","
                + "\"attributes\":{\"k\":true}}",
            List.of("invalid_format:event_ts", "wrong_type:attributes")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("severalProblems")
  void reportsEveryProblemInFieldOrder(String description, String json, List<String> reasons) {
    ValidatedEvent event = EventValidator.validate(json);

    assertThat(event.isValid()).isFalse();
    assertThat(event.reasons()).containsExactlyElementsOf(reasons);
    // One human sentence per reason, joined with "; ".
    assertThat(event.reasonDetail().split("; ")).hasSize(reasons.size());
  }

  @Test
  void reasonsListIsImmutable() {
    List<String> reasons = EventValidator.validate("{}").reasons();

    assertThatThrownBy(() -> reasons.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void attributeWithJsonNullValueIsKeptAsNull() {
    // Documents current behaviour: a null attribute value is accepted (not a wrong type).
    ValidatedEvent event =
        EventValidator.validate(event("\"attributes\":{\"a\":\"1\",\"b\":null}"));

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("a", "1");
    expected.put("b", null);
    assertThat(event.reasons()).isEmpty();
    assertThat(event.attributes()).isEqualTo(expected);
  }

  @Test
  void timestampsOfTheYearsOneToNineThousandNineHundredNinetyNineAreValid() {
    for (String ts :
        List.of("0001-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
      ValidatedEvent event =
          EventValidator.validate(
              "{\"event_uuid\":\"u\",\"event_type\":\"click\",\"event_ts\":\"" + ts + "\"}");
      assertThat(event.reasons()).as(ts).isEmpty();
      assertThat(Iso8601.micros(event.eventTs()))
          .isEqualTo(Instant.parse(ts).getEpochSecond() * 1_000_000L);
    }
  }

  @Test
  void aTimestampBeyondTheYear9999IsAnInvalidValue() {
    ValidatedEvent event =
        EventValidator.validate(
            "{\"event_uuid\":\"u\",\"event_type\":\"click\",\"event_ts\":\"+10000-01-01T00:00:00Z\"}");
    assertThat(event.reasons()).containsExactly("invalid_value:event_ts");
    assertThat(event.eventTs()).isNull();
  }
}
