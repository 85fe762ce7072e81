package dev.medallion.warehouse.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two places a warehouse password may come from: the environment variable {@value
 * #PASSWORD_ENV}, or an AWS Secrets Manager secret ({@value #SECRET_KEY}). An embedded warehouse
 * needs neither: both give it its user without a password.
 */
public final class PasswordSources {

  /** The environment variable that holds the warehouse password. */
  public static final String PASSWORD_ENV = "MEDALLION_WAREHOUSE_PASSWORD";

  /** The option that names the Secrets Manager secret (its name or ARN). */
  public static final String SECRET_KEY = "--warehouse-secret";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PasswordSources() {}

  /**
   * Where the options say the password is: the Secrets Manager secret when one is named, else
   * {@code $MEDALLION_WAREHOUSE_PASSWORD}.
   *
   * @param secretId the secret's name or ARN, or null
   * @param endpoint another Secrets Manager endpoint, or null
   * @param region the secret's region, or null for the SDK's default
   */
  public static PasswordSource of(
      String secretId, String endpoint, String region, Map<String, String> env) {
    return secretId != null
        ? secretsManager(secretId, Optional.ofNullable(endpoint), region)
        : environment(env);
  }

  /** The password from {@value #PASSWORD_ENV} in {@code env} (in production, System.getenv()). */
  public static PasswordSource environment(Map<String, String> env) {
    Map<String, String> variables = Map.copyOf(env);
    return target -> {
      if (target.kind() == WarehouseTarget.Kind.EMBEDDED) {
        return Credentials.withoutPassword(target.user());
      }
      String password = variables.get(PASSWORD_ENV);
      if (password == null || password.isEmpty()) {
        throw new ConfigException(
            PASSWORD_ENV,
            (password == null ? "is not set" : "is empty")
                + ": it holds the password of user '"
                + target.user()
                + "' for "
                + target.redacted(),
            "set it in the environment of this process, or give the name or ARN of an AWS Secrets"
                + " Manager secret in "
                + SECRET_KEY);
      }
      return new Credentials(target.user(), password.toCharArray());
    };
  }

  /**
   * The password from the AWS Secrets Manager secret {@code secretId} (its name or ARN), read once
   * per {@link PasswordSource#resolve} with the AWS SDK's default credentials (on Glue: the job's
   * role). Its SecretString is either the bare password (trailing line breaks dropped) or a JSON
   * object with {@code "password"} and, optionally, {@code "username"}, as the secrets that RDS
   * manages are; a {@code username} must be the target's user.
   *
   * @param endpointOverride another endpoint than AWS's (a VPC endpoint, or a local emulator)
   * @param region the secret's region; null or blank for the SDK's default (AWS_REGION, the
   *     profile, the instance's)
   */
  public static PasswordSource secretsManager(
      String secretId, Optional<String> endpointOverride, String region) {
    if (secretId == null || secretId.isBlank()) {
      throw new ConfigException(
          SECRET_KEY, "is empty", "give the name or ARN of the Secrets Manager secret");
    }
    Objects.requireNonNull(endpointOverride, "endpointOverride");
    String id = secretId.trim();
    Optional<URI> endpoint =
        endpointOverride.filter(e -> !e.isBlank()).map(PasswordSources::endpoint);
    Optional<String> awsRegion =
        Optional.ofNullable(region).filter(r -> !r.isBlank()).map(String::trim);
    return target -> {
      if (target.kind() == WarehouseTarget.Kind.EMBEDDED) {
        return Credentials.withoutPassword(target.user());
      }
      // The AWS SDK is loaded only here: a run without a secret needs none on its class path.
      return fromSecretString(id, SecretsManagerReader.read(id, endpoint, awsRegion), target);
    };
  }

  private static URI endpoint(String text) {
    try {
      URI uri = new URI(text.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(text, "no scheme or host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          SECRET_KEY,
          "the Secrets Manager endpoint '" + text + "' is not a URL",
          "give one like https://secretsmanager.eu-west-1.amazonaws.com or http://127.0.0.1:5000");
    }
  }

  /** The credentials in a SecretString: a bare password, or JSON with password (and username). */
  static Credentials fromSecretString(String id, String secret, WarehouseTarget target) {
    Optional<JsonNode> object = jsonObject(secret);
    if (object.isEmpty()) {
      String password = secret.replaceAll("[\\r\\n]+$", "");
      if (password.isEmpty()) {
        throw new ConfigException(
            SECRET_KEY, "the secret '" + id + "' is empty", "store the password in it");
      }
      return new Credentials(target.user(), password.toCharArray());
    }
    JsonNode json = object.get();
    JsonNode password = json.get("password");
    if (password == null || !password.isValueNode() || password.asText().isEmpty()) {
      List<String> fields = new ArrayList<>();
      json.fieldNames().forEachRemaining(fields::add);
      throw new ConfigException(
          SECRET_KEY,
          "the secret '"
              + id
              + "' is JSON without a \"password\" (its fields: "
              + String.join(", ", fields)
              + ")",
          "store the password in a \"password\" field, as RDS does, or as the bare secret string");
    }
    JsonNode username = json.get("username");
    if (username != null && username.isValueNode() && !username.asText().isEmpty()) {
      String secretUser = username.asText();
      if (!secretUser.equals(target.user())) {
        throw new ConfigException(
            SECRET_KEY,
            "the secret '"
                + id
                + "' is the password of user '"
                + secretUser
                + "', but the warehouse URL names user '"
                + target.user()
                + "'",
            "connect as "
                + secretUser
                + " (user="
                + secretUser
                + " in "
                + WarehouseTarget.URL_KEY
                + ", or "
                + WarehouseTarget.USER_KEY
                + "), or give the secret of user "
                + target.user());
      }
    }
    return new Credentials(target.user(), password.asText().toCharArray());
  }

  // A secret that is not a JSON object (a bare password, even one that starts with '{') is the
  // password itself. Jackson's message would quote the secret, so it is not kept.
  private static Optional<JsonNode> jsonObject(String secret) {
    if (!secret.stripLeading().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(secret);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
