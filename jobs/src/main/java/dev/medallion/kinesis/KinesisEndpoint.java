package dev.medallion.kinesis;

import dev.medallion.config.ConfigException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Where Kinesis is: AWS itself (no endpoint: the SDK's region and credentials chains) or a
 * Kinesis-compatible server at {@code endpoint}, such as the local emulator. Serializable, so that
 * executors build their own clients from it.
 *
 * <p>Every client it builds speaks JSON, not CBOR: the SDK turns CBOR off for the whole JVM only
 * through the {@code aws.cborEnabled} system property, which {@link #client()} sets when it is not
 * set. The emulator garbles CBOR timestamps and payloads; AWS serves both.
 */
public record KinesisEndpoint(String endpoint, String region) implements Serializable {
  /** The environment variable the commands take the endpoint from when none is given. */
  public static final String ENDPOINT_ENV = "MEDALLION_KINESIS_ENDPOINT";

  /** Kinesis's rule for stream names. */
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  /**
   * Where Kinesis is, as {@code --endpoint} and {@code --region} give it (blank means not given):
   * AWS itself without an endpoint; an endpoint that is not http(s)://host[:port] is refused.
   */
  public static KinesisEndpoint parse(String endpoint, String region) {
    String r = region == null || region.isBlank() ? null : region.strip();
    if (endpoint == null || endpoint.isBlank()) {
      return aws(r);
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
    return new KinesisEndpoint(text, r);
  }

  /** A stream name Kinesis accepts, or a usage error naming {@code option}. */
  public static String streamName(String option, String name) {
    if (name == null || !STREAM_NAME.matcher(name).matches()) {
      throw new ConfigException(
          option,
          "'" + name + "' is not a stream name",
          "use 1 to 128 letters, digits, '_', '.' or '-'");
    }
    return name;
  }

  /** The region used against a local endpoint when none is given. */
  public static final String LOCAL_REGION = "us-east-1";

  public static KinesisEndpoint aws(String region) {
    return new KinesisEndpoint(null, region);
  }

  public static KinesisEndpoint local(URI endpoint) {
    return new KinesisEndpoint(endpoint.toString(), LOCAL_REGION);
  }

  /** True for a server on this machine, which gets fixed credentials unless AWS ones are set. */
  public boolean isLocal() {
    if (endpoint == null) {
      return false;
    }
    String host = URI.create(endpoint).getHost();
    return host != null
        && (host.equals("127.0.0.1")
            || host.equals("::1")
            || host.toLowerCase(Locale.ROOT).equals("localhost"));
  }

  /** A new synchronous client; the caller closes it. */
  public KinesisClient client() {
    if (System.getProperty(SdkSystemSetting.CBOR_ENABLED.property()) == null) {
      System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
    }
    KinesisClientBuilder builder =
        KinesisClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentials());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    if (region != null) {
      builder.region(Region.of(region));
    } else if (endpoint != null) {
      builder.region(Region.of(LOCAL_REGION));
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentials() {
    boolean awsKeysSet =
        System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null;
    if (isLocal() && !awsKeysSet) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public String toString() {
    return endpoint == null ? "AWS Kinesis" + (region == null ? "" : " in " + region) : endpoint;
  }
}
