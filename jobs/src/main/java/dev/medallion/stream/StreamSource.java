package dev.medallion.stream;

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
    String endpoint = config.kinesis().endpoint();
    String region = config.kinesis().region();
    if (this == MEDALLION) {
      options.put("streamName", config.stream());
      if (endpoint != null) {
        options.put("endpointUrl", endpoint);
      }
      if (region != null) {
        options.put("region", region);
      }
      options.put("startingPosition", config.startingPosition());
      if (config.startingTimestamp() != null) {
        options.put("startingTimestamp", config.startingTimestamp());
      }
      if (config.maxRecordsPerBatch() > 0) {
        options.put("maxRecordsPerBatch", Long.toString(config.maxRecordsPerBatch()));
      }
    } else {
      options.put("kinesis.streamName", config.stream());
      if (endpoint != null) {
        options.put("kinesis.endpointUrl", endpoint);
      }
      if (region != null) {
        options.put("kinesis.region", region);
      }
      options.put("kinesis.startingPosition", config.startingPosition());
      if (config.startingTimestamp() != null) {
        options.put("kinesis.startingTimestamp", config.startingTimestamp());
      }
    }
    return options;
  }

  @Override
  public String toString() {
    return format;
  }
}
