package dev.medallion.validate;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.contract.Reasons.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The event validator as it was written first, on Jackson's tree model: the oracle that {@link
 * EventValidator} (a streaming parser, several times faster) must agree with on every line, reasons
 * and details alike ({@code EventValidatorParityTest}).
 *
 * <p>Validates one event, a JSON object as text, against the input contract of DESIGN section 2 and
 * collects every reason it fails, not only the first. Unknown top-level fields are allowed and
 * ignored. Empty optional strings are read as absent.
 */
public final class TreeEventValidator {
  private static final Pattern EVENT_TYPE_PATTERN = EventValidator.EVENT_TYPE_PATTERN;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private TreeEventValidator() {}

  public static ValidatedEvent validate(String text) {
    Problems problems = new Problems();
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      problems.add(MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage());
      return rejected(problems);
    }
    if (root == null || !root.isObject()) {
      String kind = root == null ? "nothing" : root.getNodeType().name().toLowerCase();
      problems.add(NOT_AN_OBJECT, null, "an event must be a JSON object, got " + kind);
      return rejected(problems);
    }
    String uuid = requiredString(root, EVENT_UUID, problems);
    String type = requiredString(root, EVENT_TYPE, problems);
    if (type != null && !EVENT_TYPE_PATTERN.matcher(type).matches()) {
      problems.add(
          INVALID_VALUE,
          EVENT_TYPE,
          "event_type '" + type + "' does not match " + EVENT_TYPE_PATTERN.pattern());
    }
    String tsText = requiredString(root, EVENT_TS, problems);
    Instant ts = null;
    if (tsText != null) {
      ts = Iso8601.parseWithOffset(tsText);
      if (ts == null) {
        problems.add(
            INVALID_FORMAT,
            EVENT_TS,
            "event_ts '" + tsText + "' is not an ISO-8601 timestamp with an offset or Z");
      } else if (!Iso8601.inRange(ts)) {
        problems.add(
            INVALID_VALUE, EVENT_TS, "event_ts '" + tsText + "' is outside the years 0001 to 9999");
        ts = null;
      }
    }
    String subtype = optionalString(root, EVENT_SUBTYPE, problems);
    String userId = optionalString(root, USER_ID, problems);
    String transactionId = optionalString(root, TRANSACTION_ID, problems);
    String deviceId = optionalString(root, DEVICE_ID, problems);
    Double value = optionalNumber(root, VALUE, problems);
    Map<String, String> attributes = optionalAttributes(root, problems);
    return new ValidatedEvent(
        uuid,
        type,
        subtype,
        ts,
        userId,
        transactionId,
        deviceId,
        value,
        attributes,
        problems.reasons(),
        problems.detail());
  }

  private static ValidatedEvent rejected(Problems problems) {
    return new ValidatedEvent(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        problems.reasons(),
        problems.detail());
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static String requiredString(JsonNode root, String field, Problems problems) {
    JsonNode node = root.get(field);
    if (absent(node)) {
      problems.add(MISSING_FIELD, field, field + " is required");
      return null;
    }
    if (!node.isTextual()) {
      problems.add(WRONG_TYPE, field, field + " must be a string, got " + kind(node));
      return null;
    }
    String text = node.textValue();
    if (text.isBlank()) {
      problems.add(EMPTY_FIELD, field, field + " is empty");
      return null;
    }
    return text;
  }

  private static String optionalString(JsonNode root, String field, Problems problems) {
    JsonNode node = root.get(field);
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(WRONG_TYPE, field, field + " must be a string, got " + kind(node));
      return null;
    }
    return node.textValue().isEmpty() ? null : node.textValue();
  }

  private static Double optionalNumber(JsonNode root, String field, Problems problems) {
    JsonNode node = root.get(field);
    if (absent(node)) {
      return null;
    }
    if (!node.isNumber()) {
      problems.add(WRONG_TYPE, field, field + " must be a number, got " + kind(node));
      return null;
    }
    double number = node.doubleValue();
    if (!Double.isFinite(number)) {
      problems.add(NON_FINITE, field, field + " " + node.asText() + " is not a finite number");
      return null;
    }
    return number;
  }

  private static Map<String, String> optionalAttributes(JsonNode root, Problems problems) {
    JsonNode node = root.get(ATTRIBUTES);
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(WRONG_TYPE, ATTRIBUTES, "attributes must be an object, got " + kind(node));
      return null;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      if (value.isTextual()) {
        attributes.put(entry.getKey(), value.textValue());
      } else if (value.isNull()) {
        attributes.put(entry.getKey(), null);
      } else {
        problems.add(
            WRONG_TYPE,
            ATTRIBUTES,
            "attributes." + entry.getKey() + " must be a string, got " + kind(value));
        return null;
      }
    }
    return attributes;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  /** For tests and tools: the reasons of {@code text}, empty when valid. */
  public static List<String> reasons(String text) {
    return validate(text).reasons();
  }
}
