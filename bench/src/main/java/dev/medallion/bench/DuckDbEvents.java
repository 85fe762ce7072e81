package dev.medallion.bench;

import static dev.medallion.bench.DuckDbScripts.literal;

import dev.medallion.run.RecordCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The DuckDB peer's events: the run's files read ({@code duckdb/events-read.sql}), validated with
 * Medallion's reasons ({@code events-validate.sql}), deduplicated against the run and every earlier
 * run, flagged late as the ingest job does (behind the newest event time seen, at most the run's
 * start, less {@link #LATE_THRESHOLD}) and written to raw, quarantine and cleansed ({@code
 * events-dedup.sql}, {@code events-write.sql}). Leaves table {@code events_cleansed} for the curate
 * step.
 */
final class DuckDbEvents {
  /** The ingest job's default late threshold ({@code --late-threshold 3d}). */
  static final Duration LATE_THRESHOLD = Duration.ofDays(3);

  private DuckDbEvents() {}

  /** What the step counted, and the newest event time seen so far (for the next run). */
  record Outcome(RecordCounts counts, Long newestEventMicros) {}

  static Outcome ingest(
      Connection c, List<Path> files, Path out, DuckDbRun run, Long historyNewestMicros)
      throws SQLException {
    if (files.isEmpty()) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE OR REPLACE TEMP TABLE events_cleansed AS SELECT * FROM ("
                + emptyCleansed()
                + ")");
      }
      return new Outcome(new RecordCounts(0, 0, 0, 0, 0, Map.of()), historyNewestMicros);
    }
    DuckDbScripts.run(
        c,
        "events-read.sql",
        Map.of("files", DuckDbScripts.listOf(files.stream().map(Path::toString).toList())));
    DuckDbScripts.run(
        c,
        DuckDbScripts.EVENTS_VALIDATE,
        Map.of("input", "events_read", "output", "events_validated"));

    DuckDbScripts.run(c, "events-dedup.sql", Map.of("history", history(out)));
    Long batchNewest;
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(epoch_us(event_ts)) FROM events_unique")) {
      r.next();
      long max = r.getLong(1);
      batchNewest = r.wasNull() ? null : Math.min(max, run.startedAt().toEpochMilli() * 1000);
    }
    Long newest =
        historyNewestMicros == null
            ? batchNewest
            : batchNewest == null
                ? historyNewestMicros
                : Math.max(historyNewestMicros, batchNewest);
    String watermark =
        newest == null
            ? "NULL::TIMESTAMP"
            : "make_timestamp(" + (newest - LATE_THRESHOLD.toMillis() * 1000) + "::BIGINT)";

    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("out", out.toString().replace("'", "''"));
    variables.put("lineage", run.lineage());
    variables.put("watermark", watermark);
    DuckDbScripts.run(c, "events-write.sql", variables);
    return new Outcome(counts(c), newest);
  }

  /** The uuids cleansed already holds: every earlier run's cleansed events. */
  private static String history(Path out) {
    Path cleansed = out.resolve("cleansed/events");
    boolean any;
    try (Stream<Path> files = Files.exists(cleansed) ? Files.walk(cleansed) : Stream.empty()) {
      any = files.anyMatch(f -> f.toString().endsWith(".parquet"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return any
        ? "read_parquet(" + literal(cleansed + "/**/*.parquet") + ", hive_partitioning = true)"
        : "(SELECT NULL::VARCHAR AS event_uuid WHERE false)";
  }

  private static RecordCounts counts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM events_validated),"
                    + " (SELECT count(*) FROM events_validated WHERE _valid),"
                    + " (SELECT count(*) FROM events_cleansed),"
                    + " (SELECT count(*) FROM events_cleansed WHERE is_late)")) {
      r.next();
      long read = r.getLong(1);
      long valid = r.getLong(2);
      long cleansed = r.getLong(3);
      return new RecordCounts(
          read,
          cleansed,
          valid - cleansed,
          read - valid,
          r.getLong(4),
          DuckDbRun.reasonCounts(s, "events_validated"));
    }
  }

  private static String emptyCleansed() {
    return "SELECT NULL::VARCHAR AS event_uuid, NULL::VARCHAR AS event_type,"
        + " NULL::VARCHAR AS event_subtype, NULL::TIMESTAMPTZ AS event_ts, NULL::VARCHAR AS user_id,"
        + " NULL::VARCHAR AS transaction_id, NULL::VARCHAR AS device_id, NULL::DOUBLE AS value,"
        + " NULL::MAP(VARCHAR, VARCHAR) AS attributes, false AS is_late,"
        + " NULL::BIGINT AS _ingest_run, NULL::DATE AS event_date WHERE false";
  }
}
