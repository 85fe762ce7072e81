package dev.medallion.contract;

/**
 * What a quarantined record was meant to be; the value of {@code quarantine.records.record_type}.
 */
public enum RecordType {
  EVENT("event"),
  USER("user"),
  TRANSACTION("transaction"),
  /** A whole file that could not be read; its records are retried by a later run. */
  FILE("file");

  private final String value;

  RecordType(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
