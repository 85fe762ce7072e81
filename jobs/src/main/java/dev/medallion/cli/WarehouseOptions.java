package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.warehouse.jdbc.PasswordSource;
import dev.medallion.warehouse.jdbc.PasswordSources;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
import dev.medallion.warehouse.jdbc.WarehouseTarget;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The warehouse options of {@code load} and {@code pipeline}; no password is ever one of them. */
final class WarehouseOptions {
  @Option(
      names = WarehouseTarget.URL_KEY,
      paramLabel = "URL",
      description = {
        "The warehouse: embedded (a PostgreSQL 17 kept in ./warehouse), embedded:DIR,",
        "jdbc:postgresql://HOST:5432/DB?user=U (PostgreSQL, RDS) or",
        "jdbc:redshift://HOST:5439/DB?user=U. The password comes from $"
            + PasswordSources.PASSWORD_ENV
            + " or --warehouse-secret, never from here."
      })
  String url;

  @Option(
      names = WarehouseTarget.USER_KEY,
      paramLabel = "USER",
      description = "The user, when the URL has no user=.")
  String user;

  @Option(
      names = PasswordSources.SECRET_KEY,
      paramLabel = "ID",
      description =
          "Read the password from this AWS Secrets Manager secret (name or ARN): the bare"
              + " password, or JSON with \"password\" as RDS writes it.")
  String secret;

  @Option(
      names = "--secrets-endpoint",
      paramLabel = "URL",
      description = "Another Secrets Manager endpoint: a VPC endpoint, or a local emulator.")
  String secretsEndpoint;

  @Option(
      names = "--aws-region",
      paramLabel = "REGION",
      description = "The secret's region (default: the AWS SDK's, e.g. $AWS_REGION).")
  String region;

  @Option(
      names = "--full-reload",
      description = "Load every curated row again (replacing the warehouse tables' rows).")
  boolean fullReload;

  @Option(
      names = "--redshift-staging",
      paramLabel = "S3_PREFIX",
      description = "Redshift: where the increment is written as Parquet for COPY (s3://...).")
  String redshiftStaging;

  @Option(
      names = "--redshift-iam-role",
      paramLabel = "ARN",
      description = "Redshift: the IAM role COPY reads the staging prefix with.")
  String redshiftIamRole;

  boolean given() {
    return url != null;
  }

  /** Starts or reaches the warehouse, before any Spark work: a bad target fails at once. */
  WarehouseConnector open(Progress progress) {
    if (url == null) {
      throw new ConfigException(
          WarehouseTarget.URL_KEY,
          "is missing",
          "pass --warehouse-url embedded, or a jdbc:postgresql:// or jdbc:redshift:// URL");
    }
    WarehouseTarget target = WarehouseTarget.parse(url, user);
    PasswordSource passwords = PasswordSources.of(secret, secretsEndpoint, region, System.getenv());
    return WarehouseConnector.open(
        target, passwords, WarehouseConnector.DEFAULT_RETRY, progress::step);
  }

  LoadConfig config(LakeLocation lake, WarehouseTarget.Kind kind) {
    return LoadConfig.of(lake, kind, fullReload, redshiftStaging, redshiftIamRole);
  }

  /** Runs the load job and prints its summary. */
  static RunSummary load(
      SparkSession session, LoadConfig config, WarehouseConnector warehouse, PrintStream out) {
    RunSummary summary = new LoadJob(session, Progress.to(out, LoadJob.JOB)).run(config, warehouse);
    out.print(RunSummaries.render(summary));
    return summary;
  }
}
