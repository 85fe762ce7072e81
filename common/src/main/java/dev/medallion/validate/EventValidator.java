package dev.medallion.validate;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.contract.Reasons.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates one event, a JSON object as text, against the input contract of DESIGN section 2 and
 * collects every reason it fails, not only the first. Unknown top-level fields are allowed and
 * ignored. Empty optional strings are read as absent.
 *
 * <p>It reads the text once with Jackson's streaming parser, keeping only the contract's fields (no
 * tree of the whole object), and then checks them in the contract's order, so the reasons and their
 * details come out in the same order whatever the order of the fields in the text. A duplicate key
 * at any depth, or anything after the object, makes the text malformed.
 */
public final class EventValidator {
  /** The pattern DESIGN gives for {@code event_type}. */
  public static final Pattern EVENT_TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9_]*");

  /** Jackson's data-binding factory, whose parser words its errors as the first validator's did. */
  private static final JsonFactory JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).getFactory();

  private EventValidator() {}

  /** A top-level member as read: its token and, for the scalars the contract reads, its value. */
  private static final class Member {
    JsonToken token;
    String text;
    double number;

    /** attributes only: the map when every value is a string or null. */
    Map<String, String> map;

    /** attributes only: the first value that is not, as "key: kind". */
    String badKey;

    String badKind;
  }

  /**
   * Validates a landed line: {@code text} as read (null when nothing could be), with the error its
   * reading met, if any ({@link ValidatedEvent#withReadError}).
   */
  public static ValidatedEvent validate(String text, String readError) {
    return validate(text == null ? "" : text).withReadError(readError);
  }

  public static ValidatedEvent validate(String text) {
    Problems problems = new Problems();
    Member uuid = null;
    Member type = null;
    Member ts = null;
    Member subtype = null;
    Member user = null;
    Member transaction = null;
    Member device = null;
    Member value = null;
    Member attributes = null;
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        String kind = root == null ? "missing" : rootKind(root);
        if (root != null) {
          p.skipChildren();
          requireEnd(p);
        }
        problems.add(NOT_AN_OBJECT, null, "an event must be a JSON object, got " + kind);
        return rejected(problems);
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken v = p.nextToken();
        switch (name) {
          case EVENT_UUID -> uuid = scalar(p, v);
          case EVENT_TYPE -> type = scalar(p, v);
          case EVENT_TS -> ts = scalar(p, v);
          case EVENT_SUBTYPE -> subtype = scalar(p, v);
          case USER_ID -> user = scalar(p, v);
          case TRANSACTION_ID -> transaction = scalar(p, v);
          case DEVICE_ID -> device = scalar(p, v);
          case VALUE -> value = scalar(p, v);
          case ATTRIBUTES -> attributes = attributes(p, v);
          default -> p.skipChildren();
        }
      }
      requireEnd(p);
    } catch (JsonProcessingException e) {
      problems = new Problems();
      problems.add(MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage());
      return rejected(problems);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String: does not happen
    }

    String eventUuid = requiredString(uuid, EVENT_UUID, problems);
    String eventType = requiredString(type, EVENT_TYPE, problems);
    if (eventType != null && !isEventType(eventType)) {
      problems.add(
          INVALID_VALUE,
          EVENT_TYPE,
          "event_type '" + eventType + "' does not match " + EVENT_TYPE_PATTERN.pattern());
    }
    String tsText = requiredString(ts, EVENT_TS, problems);
    Instant eventTs = null;
    if (tsText != null) {
      eventTs = Iso8601.parseWithOffset(tsText);
      if (eventTs == null) {
        problems.add(
            INVALID_FORMAT,
            EVENT_TS,
            "event_ts '" + tsText + "' is not an ISO-8601 timestamp with an offset or Z");
      } else if (!Iso8601.inRange(eventTs)) {
        problems.add(
            INVALID_VALUE, EVENT_TS, "event_ts '" + tsText + "' is outside the years 0001 to 9999");
        eventTs = null;
      }
    }
    String eventSubtype = optionalString(subtype, EVENT_SUBTYPE, problems);
    String userId = optionalString(user, USER_ID, problems);
    String transactionId = optionalString(transaction, TRANSACTION_ID, problems);
    String deviceId = optionalString(device, DEVICE_ID, problems);
    Double number = optionalNumber(value, problems);
    Map<String, String> attributeMap = optionalAttributes(attributes, problems);
    return new ValidatedEvent(
        eventUuid,
        eventType,
        eventSubtype,
        eventTs,
        userId,
        transactionId,
        deviceId,
        number,
        attributeMap,
        problems.reasons(),
        problems.detail());
  }

  /** Whether {@code type} matches {@link #EVENT_TYPE_PATTERN}, without a regex engine. */
  static boolean isEventType(String type) {
    char first = type.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < type.length(); i++) {
      char c = type.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  /** Reads a member's value: the text of a string, the value of a number; skips the rest. */
  private static Member scalar(JsonParser p, JsonToken token) throws IOException {
    Member m = new Member();
    m.token = token;
    switch (token) {
      case VALUE_STRING -> m.text = p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        m.number = p.getDoubleValue();
        m.text = token == JsonToken.VALUE_NUMBER_FLOAT ? Double.toString(m.number) : p.getText();
      }
      default -> p.skipChildren();
    }
    return m;
  }

  /** Reads {@code attributes}: a map of strings (null values kept), or the first other value. */
  private static Member attributes(JsonParser p, JsonToken token) throws IOException {
    Member m = new Member();
    m.token = token;
    if (token != JsonToken.START_OBJECT) {
      p.skipChildren();
      return m;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      JsonToken v = p.nextToken();
      if (m.badKey == null) {
        if (v == JsonToken.VALUE_STRING) {
          map.put(key, p.getText());
        } else if (v == JsonToken.VALUE_NULL) {
          map.put(key, null);
        } else {
          m.badKey = key;
          m.badKind = kind(v);
        }
      }
      p.skipChildren();
    }
    m.map = m.badKey == null ? map : null;
    return m;
  }

  /** Fails as Jackson's data binding does when anything follows the root value. */
  private static void requireEnd(JsonParser p) throws IOException {
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new TrailingTokenException(p, trailing);
    }
  }

  /** The message Jackson's {@code FAIL_ON_TRAILING_TOKENS} gives, so details stay as they were. */
  private static final class TrailingTokenException extends JsonProcessingException {
    TrailingTokenException(JsonParser p, JsonToken token) {
      super(
          String.format(
              "Trailing token (of type %s) found after value (bound as %s): not allowed as per"
                  + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
              token, "`com.fasterxml.jackson.databind.JsonNode`"),
          p.currentLocation());
    }
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

  private static boolean absent(Member m) {
    return m == null || m.token == JsonToken.VALUE_NULL;
  }

  private static String requiredString(Member m, String field, Problems problems) {
    if (absent(m)) {
      problems.add(MISSING_FIELD, field, field + " is required");
      return null;
    }
    if (m.token != JsonToken.VALUE_STRING) {
      problems.add(WRONG_TYPE, field, field + " must be a string, got " + kind(m.token));
      return null;
    }
    if (m.text.isBlank()) {
      problems.add(EMPTY_FIELD, field, field + " is empty");
      return null;
    }
    return m.text;
  }

  private static String optionalString(Member m, String field, Problems problems) {
    if (absent(m)) {
      return null;
    }
    if (m.token != JsonToken.VALUE_STRING) {
      problems.add(WRONG_TYPE, field, field + " must be a string, got " + kind(m.token));
      return null;
    }
    return m.text.isEmpty() ? null : m.text;
  }

  private static Double optionalNumber(Member m, Problems problems) {
    if (absent(m)) {
      return null;
    }
    if (!m.token.isNumeric()) {
      problems.add(WRONG_TYPE, VALUE, VALUE + " must be a number, got " + kind(m.token));
      return null;
    }
    if (!Double.isFinite(m.number)) {
      problems.add(NON_FINITE, VALUE, VALUE + " " + m.text + " is not a finite number");
      return null;
    }
    return m.number;
  }

  private static Map<String, String> optionalAttributes(Member m, Problems problems) {
    if (absent(m)) {
      return null;
    }
    if (m.token != JsonToken.START_OBJECT) {
      problems.add(WRONG_TYPE, ATTRIBUTES, "attributes must be an object, got " + kind(m.token));
      return null;
    }
    if (m.badKey != null) {
      problems.add(
          WRONG_TYPE, ATTRIBUTES, "attributes." + m.badKey + " must be a string, got " + m.badKind);
      return null;
    }
    return m.map;
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_STRING -> "a string";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> "null";
    };
  }

  /** The kind of a root value that is not an object, as the first validator named it. */
  private static String rootKind(JsonToken token) {
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_STRING -> "string";
      case START_ARRAY -> "array";
      default -> "null";
    };
  }

  /** For tests and tools: the reasons of {@code text}, empty when valid. */
  public static List<String> reasons(String text) {
    return validate(text).reasons();
  }
}
