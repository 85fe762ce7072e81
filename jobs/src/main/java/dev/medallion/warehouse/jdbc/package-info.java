/**
 * The JDBC side of the warehouse load: the target and its password, connecting with retries ({@link
 * dev.medallion.warehouse.jdbc.WarehouseConnector}), the embedded PostgreSQL for local runs, and
 * {@link dev.medallion.warehouse.jdbc.JdbcWarehouse}, which runs the statements of {@code
 * dev.medallion.warehouse} (in {@code common}) and streams rows with {@code COPY}. The job that
 * uses them is {@code dev.medallion.load.LoadJob}.
 */
package dev.medallion.warehouse.jdbc;
