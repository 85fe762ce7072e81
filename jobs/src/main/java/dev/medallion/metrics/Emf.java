package dev.medallion.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: one JSON object per log line, holding the metric values and
 * the {@code _aws} block that tells CloudWatch which of its fields are metrics. On Glue the
 * driver's log goes to CloudWatch Logs, where metric filters (see terraform/modules/monitoring) or
 * EMF extraction turn the lines into metrics; locally the lines are just printed.
 *
 * <p>Every line has namespace {@value #NAMESPACE} and the dimension {@code Job}.
 */
public final class Emf {
  private Emf() {}

  public static final String NAMESPACE = "Medallion";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A metric's value and CloudWatch unit ({@code Count}, {@code Milliseconds}, ...). */
  public record Metric(Number value, String unit) {
    public static Metric count(long value) {
      return new Metric(value, "Count");
    }

    public static Metric millis(long value) {
      return new Metric(value, "Milliseconds");
    }

    public static Metric ratio(double value) {
      return new Metric(value, "None");
    }

    public static Metric perSecond(double value) {
      return new Metric(value, "Count/Second");
    }
  }

  /**
   * The line for {@code job}: its metrics (in the given order) and further properties, which are
   * searchable in the log but not metrics.
   */
  public static String line(
      String job, long timestampMillis, Map<String, Metric> metrics, Map<String, ?> properties) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", timestampMillis);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Job");
    ArrayNode names = directive.putArray("Metrics");
    root.put("Job", job);
    properties.forEach((k, v) -> root.putPOJO(k, v));
    metrics.forEach(
        (name, metric) -> {
          names.addObject().put("Name", name).put("Unit", metric.unit());
          root.putPOJO(name, metric.value());
        });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
