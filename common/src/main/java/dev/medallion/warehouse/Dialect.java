package dev.medallion.warehouse;

/** The warehouse a load writes to; {@link LoadSql} spells every statement for one of them. */
public enum Dialect {
  /**
   * PostgreSQL 15 or later (RDS, Aurora, or an embedded one): MERGE and {@code UNIQUE NULLS NOT
   * DISTINCT} need 15; the load is tested on 17.
   */
  POSTGRES,
  /** Amazon Redshift, provisioned or Serverless. */
  REDSHIFT
}
