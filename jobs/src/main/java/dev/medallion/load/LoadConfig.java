package dev.medallion.load;

import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.jdbc.WarehouseTarget;
import java.util.Optional;

/**
 * The load job's configuration, parsed once.
 *
 * @param lake the lake root
 * @param dialect the warehouse's SQL: PostgreSQL (and RDS) or Redshift
 * @param fullReload load every curated row again instead of what changed since the last load
 * @param redshiftStaging for Redshift: where the increment is written as Parquet for {@code COPY}
 */
public record LoadConfig(
    LakeLocation lake,
    Dialect dialect,
    boolean fullReload,
    Optional<RedshiftStaging> redshiftStaging) {

  /**
   * Where a Redshift load stages its increment: an S3 prefix Redshift can read with the IAM role.
   *
   * @param s3Prefix e.g. {@code s3://bucket/medallion/staging}; each load writes below it
   * @param iamRoleArn the role Redshift assumes to read it
   */
  public record RedshiftStaging(String s3Prefix, String iamRoleArn) {}

  /**
   * The configuration for a warehouse of {@code kind}, from the options as given (null when
   * absent): the Redshift staging options go together, and only with Redshift.
   */
  public static LoadConfig of(
      LakeLocation lake,
      WarehouseTarget.Kind kind,
      boolean fullReload,
      String redshiftStaging,
      String redshiftIamRole) {
    boolean redshift = kind == WarehouseTarget.Kind.REDSHIFT;
    if (!redshift && (redshiftStaging != null || redshiftIamRole != null)) {
      throw new ConfigException(
          redshiftStaging != null ? "--redshift-staging" : "--redshift-iam-role",
          "only applies to a Redshift warehouse",
          "drop it, or load into a jdbc:redshift:// URL");
    }
    if (redshift && (redshiftStaging == null) != (redshiftIamRole == null)) {
      throw new ConfigException(
          redshiftStaging == null ? "--redshift-staging" : "--redshift-iam-role",
          "is missing: a Redshift load needs both",
          "pass --redshift-staging s3://bucket/prefix and --redshift-iam-role arn:aws:iam::...");
    }
    return new LoadConfig(
        lake,
        redshift ? Dialect.REDSHIFT : Dialect.POSTGRES,
        fullReload,
        redshift && redshiftStaging != null
            ? Optional.of(new RedshiftStaging(redshiftStaging, redshiftIamRole))
            : Optional.empty());
  }

  public LoadConfig {
    if (dialect == Dialect.REDSHIFT && redshiftStaging.isEmpty()) {
      throw new ConfigException(
          "--redshift-staging",
          "a Redshift load stages its rows on S3 for COPY, and no prefix was given",
          "pass --redshift-staging s3://bucket/prefix and --redshift-iam-role arn:aws:iam::...");
    }
  }
}
