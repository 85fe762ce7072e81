package dev.medallion.kinesis.source;

import static dev.medallion.kinesis.source.KinesisSourceOptions.*;

import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.source.offsets.StartingPosition;
import dev.medallion.retry.Backoff;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one {@value KinesisSourceOptions#FORMAT} source, parsed and checked once when the
 * stream is loaded. Serializable: the partition readers get it.
 */
public record KinesisSourceConfig(
    String streamName,
    KinesisEndpoint endpoint,
    StartingPosition startingPosition,
    long maxRecordsPerBatch,
    int maxRecordsPerFetch,
    Duration shardDiscoveryInterval,
    boolean deaggregate,
    Backoff backoff,
    int fetchThreads,
    long cacheMaxBytes,
    Duration localAtTimestampTimeout)
    implements Serializable {

  private static final Pattern AWS_HOST =
      Pattern.compile("kinesis(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  /** Parses Spark's options (any case) and fails with a message naming the option at fault. */
  public static KinesisSourceConfig parse(Map<String, String> options) {
    Map<String, String> lower = new HashMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    Options o = new Options(lower);

    String stream = o.string(STREAM_NAME);
    if (stream == null || stream.isBlank()) {
      throw KinesisSourceErrors.missingOption(STREAM_NAME);
    }
    String endpointUrl = o.string(ENDPOINT_URL);
    if (endpointUrl != null) {
      try {
        URI uri = URI.create(endpointUrl);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
      } catch (IllegalArgumentException e) {
        throw KinesisSourceErrors.invalidOption(
            ENDPOINT_URL, endpointUrl, "a URL such as https://kinesis.eu-west-1.amazonaws.com");
      }
    }
    String region = o.string(REGION);
    if (region == null && endpointUrl != null) {
      Matcher m = AWS_HOST.matcher(URI.create(endpointUrl).getHost());
      region = m.matches() ? m.group(1) : null;
    }
    return new KinesisSourceConfig(
        stream,
        new KinesisEndpoint(endpointUrl, region),
        startingPosition(o.string(STARTING_POSITION), o.string(STARTING_TIMESTAMP)),
        o.longValue(MAX_RECORDS_PER_BATCH, DEFAULT_MAX_RECORDS_PER_BATCH, 1, Long.MAX_VALUE),
        (int) o.longValue(MAX_RECORDS_PER_FETCH, DEFAULT_MAX_RECORDS_PER_FETCH, 1, 10_000),
        Duration.ofMillis(
            o.longValue(
                SHARD_DISCOVERY_INTERVAL_MS,
                DEFAULT_SHARD_DISCOVERY_INTERVAL_MS,
                0,
                Long.MAX_VALUE)),
        o.bool(DEAGGREGATE, DEFAULT_DEAGGREGATE),
        backoff(o),
        (int) o.longValue(FETCH_THREADS, DEFAULT_FETCH_THREADS, 1, 64),
        o.longValue(CACHE_MAX_BYTES, DEFAULT_CACHE_MAX_BYTES, 0, Long.MAX_VALUE),
        Duration.ofMillis(
            o.longValue(
                LOCAL_AT_TIMESTAMP_TIMEOUT_MS,
                DEFAULT_LOCAL_AT_TIMESTAMP_TIMEOUT_MS,
                1,
                Long.MAX_VALUE)));
  }

  private static Backoff backoff(Options o) {
    long base = o.longValue(RETRY_BASE_DELAY_MS, DEFAULT_RETRY_BASE_DELAY_MS, 0, 60_000);
    long max = o.longValue(RETRY_MAX_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS, 0, 600_000);
    if (max < base) {
      throw KinesisSourceErrors.invalidOption(
          RETRY_MAX_DELAY_MS,
          Long.toString(max),
          "at least " + RETRY_BASE_DELAY_MS + " (" + base + ")");
    }
    return new Backoff(
        (int) o.longValue(MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 100),
        Duration.ofMillis(base),
        Duration.ofMillis(max));
  }

  /**
   * TRIM_HORIZON (or EARLIEST), LATEST, or AT_TIMESTAMP with {@code startingTimestamp}; the form
   * {@code "AT_TIMESTAMP 2025-01-31T12:00:00Z"} of the other Kinesis source is accepted too.
   */
  static StartingPosition startingPosition(String value, String timestamp) {
    String given = value == null ? DEFAULT_STARTING_POSITION : value.trim();
    String upper = given.toUpperCase(Locale.ROOT);
    if (upper.startsWith("AT_TIMESTAMP") && upper.length() > "AT_TIMESTAMP".length()) {
      return StartingPosition.atTimestamp(
          instant(STARTING_POSITION, given.substring("AT_TIMESTAMP".length()).trim()));
    }
    switch (upper) {
      case "TRIM_HORIZON", "EARLIEST" -> {
        return StartingPosition.trimHorizon();
      }
      case "LATEST" -> {
        return StartingPosition.latest();
      }
      case "AT_TIMESTAMP" -> {
        if (timestamp == null || timestamp.isBlank()) {
          throw KinesisSourceErrors.missingOption(STARTING_TIMESTAMP);
        }
        return StartingPosition.atTimestamp(instant(STARTING_TIMESTAMP, timestamp.trim()));
      }
      default ->
          throw KinesisSourceErrors.invalidOption(
              STARTING_POSITION, given, "one of TRIM_HORIZON, LATEST, AT_TIMESTAMP");
    }
  }

  private static Instant instant(String key, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw KinesisSourceErrors.invalidOption(
          key, value, "an ISO-8601 time with a zone, such as 2025-01-31T12:00:00Z");
    }
  }

  /** Option lookup under our name or, for the aliased ones, the other source's name. */
  private record Options(Map<String, String> lower) {
    String string(String key) {
      String value = lower.get(key.toLowerCase(Locale.ROOT));
      if (value == null && ALIASED.contains(key)) {
        value = lower.get((AWS_KINESIS_PREFIX + key).toLowerCase(Locale.ROOT));
      }
      return value;
    }

    long longValue(String key, long defaultValue, long min, long max) {
      String value = string(key);
      if (value == null) {
        return defaultValue;
      }
      long parsed;
      try {
        parsed = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw KinesisSourceErrors.invalidOption(key, value, "a whole number");
      }
      if (parsed < min || parsed > max) {
        throw KinesisSourceErrors.invalidOption(
            key,
            value,
            max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max);
      }
      return parsed;
    }

    boolean bool(String key, boolean defaultValue) {
      String value = string(key);
      if (value == null) {
        return defaultValue;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw KinesisSourceErrors.invalidOption(key, value, "true or false");
      };
    }
  }
}
