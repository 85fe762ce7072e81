package dev.medallion.warehouse.jdbc;

/**
 * Where the warehouse password comes from: the environment or AWS Secrets Manager ({@link
 * PasswordSources}), never the command line. Implementations never log the password.
 */
@FunctionalInterface
public interface PasswordSource {

  /**
   * The credentials for the target's user.
   *
   * @throws dev.medallion.config.ConfigException if there is no password to be had, naming where it
   *     was looked for
   */
  Credentials resolve(WarehouseTarget target);
}
