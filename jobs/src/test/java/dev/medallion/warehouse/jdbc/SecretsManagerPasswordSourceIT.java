package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.medallion.config.ConfigException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@link PasswordSources#secretsManager} against moto's Secrets Manager (a local server, started
 * here with python3; the test is skipped when moto is not installed). The source uses the SDK's
 * default credentials, here the system properties {@code aws.accessKeyId} and {@code
 * aws.secretAccessKey}.
 */
@Tag("integration")
class SecretsManagerPasswordSourceIT {
  private static final String PASSWORD = "s3cr3t-Passw0rd";
  private static final String REGION = "us-east-1";
  private static final WarehouseTarget LOADER =
      WarehouseTarget.parse("jdbc:postgresql://db.example.com/analytics?user=loader", null);

  private static Process moto;
  private static String endpoint;
  private static String rdsSecretArn;
  private static String savedKeyId;
  private static String savedSecretKey;

  @BeforeAll
  static void startMoto() throws Exception {
    if (!pythonHas("moto.server")) {
      return; // each test is skipped, with the reason (an assumption here would hide it)
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "moto-secretsmanager.log");
    moto =
        new ProcessBuilder(
                "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    endpoint = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!listening(port)) {
      if (!moto.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("moto did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }

    savedKeyId = System.setProperty("aws.accessKeyId", "testing");
    savedSecretKey = System.setProperty("aws.secretAccessKey", "testing");
    try (SecretsManagerClient admin =
        SecretsManagerClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build()) {
      admin.createSecret(r -> r.name("medallion/warehouse").secretString(PASSWORD + "\n"));
      rdsSecretArn =
          admin
              .createSecret(
                  r ->
                      r.name("rds!db-0123")
                          .secretString(
                              "{\"username\":\"loader\",\"password\":\"" + PASSWORD + "\"}"))
              .arn();
      admin.createSecret(
          r ->
              r.name("rds!db-admin")
                  .secretString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"));
      admin.createSecret(r -> r.name("binary").secretBinary(SdkBytes.fromUtf8String(PASSWORD)));
    }
  }

  @BeforeEach
  void requireMoto() {
    assumeTrue(
        moto != null,
        "python3 with moto's server is not installed (pip install 'moto[server]'):"
            + " the Secrets Manager test is skipped");
  }

  @AfterAll
  static void stopMoto() throws InterruptedException {
    if (moto != null) {
      moto.destroy();
      moto.waitFor(10, TimeUnit.SECONDS);
    }
    restore("aws.accessKeyId", savedKeyId);
    restore("aws.secretAccessKey", savedSecretKey);
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  private static boolean pythonHas(String module) {
    try {
      Process check =
          new ProcessBuilder("python3", "-c", "import " + module)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean listening(int port) {
    try {
      new Socket("127.0.0.1", port).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static PasswordSource secret(String id) {
    return PasswordSources.secretsManager(id, Optional.of(endpoint), REGION);
  }

  @Test
  void aBareSecretStringIsThePassword() {
    Credentials credentials = secret("medallion/warehouse").resolve(LOADER);

    assertThat(credentials.user()).isEqualTo("loader");
    assertThat(credentials.password()).containsExactly(PASSWORD.toCharArray());
  }

  @Test
  void anRdsManagedSecretIsReadByItsArn() {
    assertThat(rdsSecretArn).startsWith("arn:aws:secretsmanager:" + REGION + ":");
    Credentials credentials = secret(rdsSecretArn).resolve(LOADER);

    assertThat(credentials.user()).isEqualTo("loader");
    assertThat(credentials.password()).containsExactly(PASSWORD.toCharArray());
  }

  @Test
  void aSecretOfAnotherUserIsRefused() {
    assertThatThrownBy(() -> secret("rds!db-admin").resolve(LOADER))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is the password of user 'admin'")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aSecretThatDoesNotExistIsAConfigurationError() {
    assertThatThrownBy(() -> secret("no/such/secret").resolve(LOADER))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.key()).isEqualTo("--warehouse-secret"))
        .hasMessageContaining("there is no secret 'no/such/secret' in region us-east-1");
  }

  @Test
  void aBinarySecretIsRefused() {
    assertThatThrownBy(() -> secret("binary").resolve(LOADER))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holds binary data, not a SecretString")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void anUnreachableSecretsManagerSaysWhatToCheck() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    PasswordSource unreachable =
        PasswordSources.secretsManager(
            "medallion/warehouse", Optional.of("http://127.0.0.1:" + closed), REGION);

    assertThatThrownBy(() -> unreachable.resolve(LOADER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "cannot read the warehouse password from the secret 'medallion/warehouse'")
        .hasMessageContaining("Check the AWS credentials and region");
  }
}
