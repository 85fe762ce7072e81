package dev.medallion.kinesis;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
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
