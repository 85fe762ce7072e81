package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The environment as a password source, and the two shapes of a Secrets Manager SecretString
 * (Secrets Manager itself: {@code SecretsManagerPasswordSourceIT}).
 */
class PasswordSourcesTest {
  private static final String SECRET = "s3cr3t-Passw0rd";
  private static final WarehouseTarget POSTGRES =
      WarehouseTarget.parse("jdbc:postgresql://db/analytics?user=loader", null);

  @Test
  void theEnvironmentGivesThePasswordOfTheTargetsUser() {
    Credentials credentials =
        PasswordSources.environment(Map.of("MEDALLION_WAREHOUSE_PASSWORD", SECRET))
            .resolve(POSTGRES);

    assertThat(credentials.user()).isEqualTo("loader");
    assertThat(credentials.password()).containsExactly(SECRET.toCharArray());
  }

  @Test
  void aMissingVariableIsNamedWithTheWayOut() {
    assertThatThrownBy(() -> PasswordSources.environment(Map.of()).resolve(POSTGRES))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo("MEDALLION_WAREHOUSE_PASSWORD");
              assertThat(e.getMessage())
                  .startsWith("MEDALLION_WAREHOUSE_PASSWORD: is not set")
                  .contains("user 'loader'")
                  .contains("jdbc:postgresql://db:5432/analytics?user=loader")
                  .contains("--warehouse-secret");
            });
    assertThatThrownBy(
            () ->
                PasswordSources.environment(Map.of("MEDALLION_WAREHOUSE_PASSWORD", ""))
                    .resolve(POSTGRES))
        .hasMessageStartingWith("MEDALLION_WAREHOUSE_PASSWORD: is empty");
  }

  @Test
  void anEmbeddedWarehouseNeedsNoPassword() {
    WarehouseTarget embedded = WarehouseTarget.parse("embedded:/tmp/never-started", null);

    assertThat(PasswordSources.environment(Map.of()).resolve(embedded))
        .satisfies(c -> assertThat(c.user()).isEqualTo("postgres"))
        .satisfies(c -> assertThat(c.password()).isEmpty());
    // No AWS call is made for it either.
    assertThat(
            PasswordSources.secretsManager(
                    "no-such-secret", Optional.of("http://127.0.0.1:1"), "us-east-1")
                .resolve(embedded)
                .password())
        .isEmpty();
  }

  @Test
  void credentialsNeverPrintThePassword() {
    Credentials credentials = new Credentials("loader", SECRET.toCharArray());

    assertThat(credentials.toString())
        .isEqualTo("Credentials[user=loader, password=***]")
        .doesNotContain(SECRET);
    assertThat(new Credentials("postgres", new char[0]))
        .hasToString("Credentials[user=postgres, password=(none)]");
  }

  @Test
  void aBareSecretStringIsThePassword() {
    assertThat(PasswordSources.fromSecretString("wh", SECRET, POSTGRES).password())
        .containsExactly(SECRET.toCharArray());
    // As `aws secretsmanager create-secret --secret-string file://password.txt` stores it.
    assertThat(PasswordSources.fromSecretString("wh", SECRET + "\n", POSTGRES).password())
        .containsExactly(SECRET.toCharArray());
    // A password that merely starts with a brace is still a bare password.
    assertThat(PasswordSources.fromSecretString("wh", "{" + SECRET, POSTGRES).password())
        .containsExactly(("{" + SECRET).toCharArray());
  }

  @Test
  void aJsonSecretStringAsRdsManagesItGivesItsPassword() {
    String rds =
        "{\"username\":\"loader\",\"password\":\"" + SECRET + "\",\"engine\":\"postgres\"}";
    Credentials credentials = PasswordSources.fromSecretString("rds!db-1", rds, POSTGRES);

    assertThat(credentials.user()).isEqualTo("loader");
    assertThat(credentials.password()).containsExactly(SECRET.toCharArray());
    assertThat(
            PasswordSources.fromSecretString("wh", "{\"password\":\"" + SECRET + "\"}", POSTGRES)
                .password())
        .containsExactly(SECRET.toCharArray());
  }

  @Test
  void aJsonSecretWithoutPasswordNamesItsFieldsButNotTheirValues() {
    assertThatThrownBy(
            () ->
                PasswordSources.fromSecretString(
                    "wh", "{\"username\":\"loader\",\"pass\":\"" + SECRET + "\"}", POSTGRES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--warehouse-secret: the secret 'wh' is JSON without a \"password\"")
        .hasMessageContaining("username, pass")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aJsonSecretOfAnotherUserIsRefused() {
    String other = "{\"username\":\"admin\",\"password\":\"" + SECRET + "\"}";

    assertThatThrownBy(() -> PasswordSources.fromSecretString("wh", other, POSTGRES))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the password of user 'admin'")
        .hasMessageContaining("names user 'loader'")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aSecretIdIsRequired() {
    assertThatThrownBy(() -> PasswordSources.secretsManager(" ", Optional.empty(), "eu-west-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--warehouse-secret: is empty");
    assertThatThrownBy(
            () -> PasswordSources.secretsManager("wh", Optional.of("not a url"), "eu-west-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'not a url' is not a URL");
  }
}
