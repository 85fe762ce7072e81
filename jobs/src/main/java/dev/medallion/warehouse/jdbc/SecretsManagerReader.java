package dev.medallion.warehouse.jdbc;

import dev.medallion.config.ConfigException;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads a SecretString from AWS Secrets Manager. The only class that touches the AWS SDK, so that a
 * load without {@code --warehouse-secret} runs where the SDK is not on the class path.
 */
final class SecretsManagerReader {
  private SecretsManagerReader() {}

  static String read(String id, Optional<URI> endpoint, Optional<String> regionName) {
    Optional<Region> region = regionName.map(Region::of);
    // The HTTP client is the one on the class path (the SDK's discovery): here the JDK's
    // (url-connection-client), on Glue the one of Glue's SDK.
    SecretsManagerClientBuilder builder = SecretsManagerClient.builder();
    endpoint.ifPresent(builder::endpointOverride);
    region.ifPresent(builder::region);
    String where = region.map(r -> " in region " + r.id()).orElse("");
    try (SecretsManagerClient client = builder.build()) {
      GetSecretValueResponse response = client.getSecretValue(r -> r.secretId(id));
      if (response.secretString() == null) {
        throw new ConfigException(
            PasswordSources.SECRET_KEY,
            "the secret '" + id + "' holds binary data, not a SecretString",
            "store the password as the secret's string: bare, or as JSON"
                + " {\"username\": ..., \"password\": ...}");
      }
      return response.secretString();
    } catch (ResourceNotFoundException e) {
      throw new ConfigException(
          PasswordSources.SECRET_KEY,
          "there is no secret '" + id + "'" + where,
          "check its name or ARN, and the region (AWS_REGION)");
    } catch (SecretsManagerException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
      throw new ConfigException(
          PasswordSources.SECRET_KEY,
          "AWS Secrets Manager refused to give the secret '"
              + id
              + "'"
              + where
              + " ("
              + code
              + e.getMessage()
              + ")",
          "let this job's IAM role call secretsmanager:GetSecretValue on it (and kms:Decrypt on"
              + " its key, if the key is a customer managed one)");
    } catch (SdkClientException e) {
      throw new IllegalStateException(
          "cannot read the warehouse password from the secret '"
              + id
              + "'"
              + where
              + ": "
              + e.getMessage()
              + ". Check the AWS credentials and region of this process, and that it can reach"
              + " Secrets Manager (a VPC endpoint or a NAT gateway on Glue)",
          e);
    }
  }
}
