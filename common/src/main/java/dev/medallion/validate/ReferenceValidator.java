package dev.medallion.validate;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.contract.Reasons.*;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates one row of {@code users.csv} or {@code transactions.csv} (DESIGN section 2) against its
 * file's header. Columns are found by their header name, never by position; extra columns are
 * ignored. Text values are taken as written; typed values (dates, amounts, codes, statuses,
 * timestamps) are trimmed before they are checked; an empty value is null.
 *
 * <p>Rules: the key is required. A value with a format in the contract must match it: {@code
 * signup_date} {@code yyyy-MM-dd}; {@code amount} a decimal with at most 2 places; {@code currency}
 * an ISO 4217 code; {@code status} one of {@link #STATUSES}; {@code transaction_ts} ISO-8601 with
 * an offset. A transaction also needs its amount, currency, status and timestamp: without them it
 * cannot count as revenue. A user's other columns may be empty.
 */
public final class ReferenceValidator {
  public static final List<String> STATUSES = List.of("completed", "pending", "failed", "refunded");

  private static final Pattern AMOUNT_PATTERN = Pattern.compile("[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?");
  private static final Pattern CURRENCY_PATTERN = Pattern.compile("[A-Z]{3}");
  private static final Set<String> CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());
  private static final Set<String> REQUIRED_TRANSACTION_FIELDS =
      Set.of(TRANSACTION_ID, AMOUNT, CURRENCY, STATUS, TRANSACTION_TS);

  private static final Map<String, Header> HEADERS = new ConcurrentHashMap<>();

  private ReferenceValidator() {}

  public static ValidatedReference validate(ReferenceKind kind, String header, String record) {
    Problems problems = new Problems();
    List<Object> values = new ArrayList<>(Collections.nCopies(kind.columns().size(), null));
    Header parsed = header(header);
    Map<String, Integer> positions = parsed.positions();
    List<String> missingColumns =
        kind.columns().stream().filter(c -> !positions.containsKey(c)).toList();
    for (String column : missingColumns) {
      problems.add(MISSING_COLUMN, column, "the file's header has no column '" + column + "'");
    }
    Rfc4180.Fields fields = Rfc4180.parse(record);
    if (!fields.ok()) {
      problems.add(INVALID_QUOTING, null, "not valid CSV: " + fields.error());
    }
    if (fields.values().size() != parsed.columnCount()) {
      problems.add(
          WRONG_COLUMN_COUNT,
          null,
          "the header has "
              + parsed.columnCount()
              + " columns but the row has "
              + fields.values().size());
    }
    if (!problems.isEmpty()) {
      return new ValidatedReference(values, problems.reasons(), problems.detail());
    }
    for (int i = 0; i < kind.columns().size(); i++) {
      String column = kind.columns().get(i);
      String text = fields.values().get(positions.get(column));
      values.set(i, typed(kind, column, text.isEmpty() ? null : text, problems));
    }
    return new ValidatedReference(values, problems.reasons(), problems.detail());
  }

  private static Object typed(ReferenceKind kind, String column, String text, Problems problems) {
    boolean required =
        column.equals(kind.key())
            || (kind == ReferenceKind.TRANSACTIONS && REQUIRED_TRANSACTION_FIELDS.contains(column));
    if (text == null || text.isBlank()) {
      if (required) {
        problems.add(text == null ? MISSING_FIELD : EMPTY_FIELD, column, column + " is required");
      }
      return null;
    }
    switch (column) {
      case SIGNUP_DATE -> {
        try {
          LocalDate date = LocalDate.parse(text.trim(), DateTimeFormatter.ISO_LOCAL_DATE);
          if (date.getYear() < 1 || date.getYear() > 9999) {
            problems.add(
                INVALID_VALUE,
                column,
                column + " '" + text + "' is outside the years 0001 to 9999");
            return null;
          }
          return date;
        } catch (DateTimeException e) {
          problems.add(INVALID_FORMAT, column, column + " '" + text + "' is not a yyyy-MM-dd date");
          return null;
        }
      }
      case AMOUNT -> {
        if (!AMOUNT_PATTERN.matcher(text.trim()).matches()) {
          problems.add(
              INVALID_FORMAT,
              column,
              column + " '" + text + "' is not a decimal with at most 2 places");
          return null;
        }
        return new BigDecimal(text.trim()).setScale(2);
      }
      case CURRENCY -> {
        if (!CURRENCY_PATTERN.matcher(text).matches() || !CURRENCIES.contains(text)) {
          problems.add(
              INVALID_VALUE, column, column + " '" + text + "' is not an ISO 4217 currency code");
          return null;
        }
        return text;
      }
      case STATUS -> {
        if (!STATUSES.contains(text)) {
          problems.add(INVALID_VALUE, column, column + " '" + text + "' is not one of " + STATUSES);
          return null;
        }
        return text;
      }
      case TRANSACTION_TS -> {
        Instant ts = Iso8601.parseWithOffset(text);
        if (ts == null) {
          problems.add(
              INVALID_FORMAT,
              column,
              column + " '" + text + "' is not an ISO-8601 timestamp with an offset or Z");
        } else if (!Iso8601.inRange(ts)) {
          problems.add(
              INVALID_VALUE, column, column + " '" + text + "' is outside the years 0001 to 9999");
          return null;
        }
        return ts;
      }
      default -> {
        return text;
      }
    }
  }

  /** A parsed header: column name (trimmed, lower case) to position, and the column count. */
  private record Header(Map<String, Integer> positions, int columnCount) {}

  private static Header header(String text) {
    Header cached = HEADERS.get(text);
    if (cached != null) {
      return cached;
    }
    List<String> names = Rfc4180.parse(text).values();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
      positions.putIfAbsent(name, i);
    }
    Header header = new Header(Map.copyOf(positions), names.size());
    if (HEADERS.size() < 1024) {
      HEADERS.put(text, header);
    }
    return header;
  }
}
