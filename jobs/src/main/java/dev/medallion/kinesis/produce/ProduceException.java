package dev.medallion.kinesis.produce;

/** The producer gave up: records kept failing for longer than it may wait, or it was stopped. */
public final class ProduceException extends RuntimeException {
  private final long recordsPut;

  public ProduceException(String message, long recordsPut, Throwable cause) {
    super(message, cause);
    this.recordsPut = recordsPut;
  }

  /** How many records were on the stream before it gave up. */
  public long recordsPut() {
    return recordsPut;
  }
}
