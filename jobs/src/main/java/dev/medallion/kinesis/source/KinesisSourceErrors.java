package dev.medallion.kinesis.source;

import java.time.Duration;
import java.util.Locale;

/** Every error the Kinesis source raises, worded in one place. */
public final class KinesisSourceErrors {
  private KinesisSourceErrors() {}

  static KinesisSourceException missingOption(String key) {
    return new KinesisSourceException(
        "the "
            + KinesisSourceOptions.FORMAT
            + " source needs the option '"
            + key
            + "': add .option(\""
            + key
            + "\", ...) to readStream()",
        null);
  }

  static KinesisSourceException invalidOption(String key, String value, String expected) {
    return new KinesisSourceException(
        "the option '"
            + key
            + "' of the "
            + KinesisSourceOptions.FORMAT
            + " source is '"
            + value
            + "', but it must be "
            + expected,
        null);
  }

  public static KinesisSourceException streamNotFound(
      String stream, String endpoint, Throwable cause) {
    return new KinesisSourceException(
        "the Kinesis stream '"
            + stream
            + "' does not exist at "
            + endpoint
            + " ("
            + message(cause)
            + "). Check the options '"
            + KinesisSourceOptions.STREAM_NAME
            + "', '"
            + KinesisSourceOptions.ENDPOINT_URL
            + "' and '"
            + KinesisSourceOptions.REGION
            + "', or create the stream first",
        cause);
  }

  public static KinesisSourceException unreachable(
      String endpoint, String operation, int attempts, Duration elapsed, Throwable cause) {
    return new KinesisSourceException(
        "cannot reach Kinesis at "
            + endpoint
            + ": "
            + operation
            + " failed "
            + attempts
            + (attempts == 1 ? " time" : " times")
            + " in "
            + seconds(elapsed)
            + ", the last time with: "
            + message(cause)
            + ". Check that the endpoint in '"
            + KinesisSourceOptions.ENDPOINT_URL
            + "' (or the region) is right and that this machine may reach it",
        cause);
  }

  public static KinesisSourceException throttled(
      String stream, String operation, int attempts, Duration elapsed, Throwable cause) {
    return new KinesisSourceException(
        "Kinesis kept throttling "
            + operation
            + " on stream '"
            + stream
            + "': "
            + attempts
            + " attempts in "
            + seconds(elapsed)
            + " (last: "
            + message(cause)
            + "). Another consumer may be reading the same shards; add shards, use fewer"
            + " consumers, or raise '"
            + KinesisSourceOptions.MAX_RETRIES
            + "'",
        cause);
  }

  public static KinesisSourceException callFailed(
      String stream, String endpoint, String operation, Throwable cause) {
    return new KinesisSourceException(
        operation
            + " on Kinesis stream '"
            + stream
            + "' at "
            + endpoint
            + " failed: "
            + message(cause),
        cause);
  }

  public static KinesisSourceException rangeLost(
      String stream, String shardId, String range, String why) {
    return new KinesisSourceException(
        "cannot read again the records "
            + range
            + " of shard "
            + shardId
            + " of stream '"
            + stream
            + "': "
            + why
            + ". The records were most likely removed by the stream's retention period (or the"
            + " stream was deleted and created again) while the checkpoint still referred to"
            + " them; the batch cannot be replayed. Start the query with a new checkpoint",
        null);
  }

  private static String message(Throwable cause) {
    if (cause == null) {
      return "no detail";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String seconds(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }
}
