package dev.medallion.bench;

import static dev.medallion.bench.DuckDbScripts.literal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the DuckDB peer: its number and id, and when it started, which every row it writes
 * carries as Medallion's runs do ({@code _ingested_at}, {@code _run_id}, {@code _ingest_run},
 * {@code ingest_date}).
 */
record DuckDbRun(long number, Instant startedAt) {
  String runId() {
    return "duckdb-run-" + number + "-" + startedAt.toEpochMilli();
  }

  /** {@code _ingested_at} as a SQL literal. */
  String ingestedAt() {
    return "make_timestamp(" + startedAt.toEpochMilli() * 1000 + "::BIGINT)::TIMESTAMPTZ";
  }

  /** The lineage columns of a row this run writes, as SQL select items. */
  String lineage() {
    return ingestedAt()
        + " AS _ingested_at, "
        + literal(runId())
        + " AS _run_id, "
        + number
        + "::BIGINT AS _ingest_run, DATE "
        + literal(startedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString())
        + " AS ingest_date";
  }

  /**
   * How often each reason occurs in the rejected rows of {@code table} (a row may have several).
   */
  static Map<String, Long> reasonCounts(Statement s, String table) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (ResultSet r =
        s.executeQuery(
            "SELECT reason, count(*) FROM (SELECT unnest(reasons) AS reason FROM "
                + table
                + " WHERE NOT _valid) GROUP BY reason")) {
      while (r.next()) {
        counts.put(r.getString(1), r.getLong(2));
      }
    }
    return counts;
  }
}
