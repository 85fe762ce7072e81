package dev.medallion.kinesis.source;

/**
 * A failure of the Kinesis source that the user can act on; the message says what happened, why,
 * and what to do. Built by {@link KinesisSourceErrors}.
 */
public class KinesisSourceException extends RuntimeException {
  KinesisSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
