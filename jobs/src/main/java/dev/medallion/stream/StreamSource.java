package dev.medallion.stream;

import dev.medallion.config.ConfigException;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.source.KinesisSourceOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Structured Streaming source that reads the Kinesis stream: Medallion's own ({@code
 * medallion-kinesis}, polling, AvailableNow, sub-second micro-batches) or the awslabs connector
 * ({@code aws-kinesis}, which EMR and Glue users supply on the class path). Both give rows of
 * {@code data}, {@code streamName}, {@code partitionKey}, {@code sequenceNumber} and {@code
 * approximateArrivalTimestamp}; Medallion's adds {@code shardId}.
 */
public enum StreamSource {
  MEDALLION("medallion-kinesis"),
  AWS("aws-kinesis");

  private final String format;

  StreamSource(String format) {
    this.format = format;
  }

  public String format() {
    return format;
  }

  public static StreamSource parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "medallion", "medallion-kinesis" -> MEDALLION;
      case "aws", "aws-kinesis", "awslabs" -> AWS;
      default ->
          throw new IllegalArgumentException(
              "unknown source '" + text + "': use medallion (the default) or aws-kinesis");
    };
  }

  /** The reader options that say which stream to read and where to start. */
  public Map<String, String> options(StreamConfig config) {
    Map<String, String> options = new LinkedHashMap<>();
    KinesisEndpoint kinesis = config.kinesis();
    if (this == MEDALLION) {
      options.putAll(KinesisSourceOptions.options(kinesis, config.stream()));
      options.put(KinesisSourceOptions.STARTING_POSITION, config.startingPosition());
      if (config.startingTimestamp() != null) {
        options.put(KinesisSourceOptions.STARTING_TIMESTAMP, config.startingTimestamp());
      }
      if (config.maxRecordsPerBatch() > 0) {
        options.put(
            KinesisSourceOptions.MAX_RECORDS_PER_BATCH, Long.toString(config.maxRecordsPerBatch()));
      }
      return options;
    }
    if (config.startingTimestamp() != null) {
      throw new ConfigException(
          "--starting-position",
          "at-timestamp is supported with --source medallion only",
          "use trim-horizon or latest with the awslabs connector");
    }
    String region = kinesis.region() != null ? kinesis.region() : System.getenv("AWS_REGION");
    String endpoint =
        kinesis.endpoint() != null
            ? kinesis.endpoint()
            : region == null ? null : "https://kinesis." + region + ".amazonaws.com";
    if (endpoint == null) {
      throw new ConfigException(
          "--region",
          "the awslabs connector needs its endpoint, and no region was given",
          "pass --region (or set AWS_REGION) or --endpoint");
    }
    options.put("kinesis.streamName", config.stream());
    options.put("kinesis.endpointUrl", endpoint);
    if (region != null) {
      options.put("kinesis.region", region);
    }
    options.put("kinesis.startingPosition", config.startingPosition());
    return options;
  }

  @Override
  public String toString() {
    return format;
  }
}
