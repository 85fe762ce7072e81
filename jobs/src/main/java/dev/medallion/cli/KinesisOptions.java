package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.kinesis.KinesisEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Where Kinesis is, for the commands that talk to it: {@code --endpoint} (or {@value
 * #ENDPOINT_ENV}) for a Kinesis-compatible server such as the local emulator, else AWS Kinesis in
 * {@code --region}.
 */
final class KinesisOptions {
  static final String ENDPOINT_ENV = "MEDALLION_KINESIS_ENDPOINT";

  /** Kinesis's rule for stream names. */
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      defaultValue = "${env:" + ENDPOINT_ENV + "}",
      description = {
        "A Kinesis-compatible endpoint, e.g. the local emulator's http://127.0.0.1:4567"
            + " (default: $"
            + ENDPOINT_ENV
            + " when set, else AWS Kinesis)."
      })
  String endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = {
        "The AWS region (default: the AWS SDK's chain, e.g. AWS_REGION; "
            + KinesisEndpoint.LOCAL_REGION
            + " at an --endpoint)."
      })
  String region;

  /** The endpoint the options name; a URL that is not http(s)://host[:port] is refused. */
  KinesisEndpoint endpoint() {
    if (endpoint == null || endpoint.isBlank()) {
      return KinesisEndpoint.aws(blankToNull(region));
    }
    String text = endpoint.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new ConfigException(
          "--endpoint",
          "'" + text + "' is not an http(s) URL with a host",
          "write e.g. http://127.0.0.1:4567 (what 'medallion kinesis-emulator' prints)");
    }
    return new KinesisEndpoint(text, blankToNull(region));
  }

  /** A client for {@code target}; a region or credentials that cannot be found is told plainly. */
  static KinesisClient client(KinesisEndpoint target) {
    try {
      return target.client();
    } catch (SdkClientException e) {
      throw unreachable(target, e);
    }
  }

  /** The error for a Kinesis that does not answer, saying what to check. */
  static IllegalStateException unreachable(KinesisEndpoint target, SdkClientException e) {
    String check =
        target.endpoint() == null
            ? "Check --region (or AWS_REGION), the AWS credentials (AWS_PROFILE,"
                + " AWS_ACCESS_KEY_ID) and the network; for the local emulator, pass --endpoint"
                + " or set "
                + ENDPOINT_ENV
            : "Check that a Kinesis server runs there ('medallion kinesis-emulator' starts one"
                + " and prints its endpoint) and that --endpoint (or "
                + ENDPOINT_ENV
                + ") names it";
    return new IllegalStateException("cannot reach " + target + ". " + check + ".", e);
  }

  /** A stream name Kinesis accepts, or a usage error. */
  static String streamName(String option, String name) {
    if (name == null || !STREAM_NAME.matcher(name).matches()) {
      throw new ConfigException(
          option,
          "'" + name + "' is not a stream name",
          "use 1 to 128 letters, digits, '_', '.' or '-'");
    }
    return name;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
