package dev.medallion.contract;

/**
 * The reason codes of {@code quarantine.records}. A reason is a code, or a code and the field it
 * concerns as {@code code:field} (e.g. {@code missing_field:event_uuid}), so that reasons can be
 * grouped in SQL; the human explanation goes to {@code reason_detail}.
 */
public final class Reasons {
  private Reasons() {}

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String NOT_AN_OBJECT = "not_an_object";
  public static final String MISSING_FIELD = "missing_field";
  public static final String EMPTY_FIELD = "empty_field";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String INVALID_FORMAT = "invalid_format";
  public static final String INVALID_VALUE = "invalid_value";
  public static final String NON_FINITE = "non_finite";
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String LATE = "late";
  public static final String WRONG_COLUMN_COUNT = "wrong_column_count";
  public static final String INVALID_QUOTING = "invalid_quoting";
  public static final String MISSING_COLUMN = "missing_column";
  public static final String UNREADABLE_FILE = "unreadable_file";
  public static final String RECORD_TOO_LARGE = "record_too_large";

  /** {@code code:field}. */
  public static String of(String code, String field) {
    return code + ":" + field;
  }
}
