/**
 * The SQL of the warehouse load, for PostgreSQL and Amazon Redshift: type mapping, DDL, staging,
 * merge, load state and schema evolution, as text, and {@link dev.medallion.warehouse.Warehouse},
 * the small interface the load sends it through. No connection and no Spark session here: the JDBC
 * side ({@code dev.medallion.warehouse.jdbc} in {@code jobs}) runs the statements.
 * docs/warehouse.md says how they fit together and why.
 */
package dev.medallion.warehouse;
