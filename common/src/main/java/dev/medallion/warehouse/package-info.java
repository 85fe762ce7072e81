/**
 * The SQL of the warehouse load, for PostgreSQL and Amazon Redshift: type mapping, DDL, staging,
 * merge, load state and schema evolution, as text. No connection and no Spark session: the loader
 * in {@code jobs} runs the statements. docs/warehouse.md says how they fit together and why.
 */
package dev.medallion.warehouse;
