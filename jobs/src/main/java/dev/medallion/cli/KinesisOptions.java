package dev.medallion.cli;

import dev.medallion.kinesis.KinesisEndpoint;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Where Kinesis is, for the commands that talk to it: {@code --endpoint} (or {@value
 * #ENDPOINT_ENV}) for a Kinesis-compatible server such as the local emulator, else AWS Kinesis in
 * {@code --region}.
 */
final class KinesisOptions {
  static final String ENDPOINT_ENV = KinesisEndpoint.ENDPOINT_ENV;

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
    return KinesisEndpoint.parse(endpoint, region);
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
    return KinesisEndpoint.streamName(option, name);
  }
}
