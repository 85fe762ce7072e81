package dev.medallion.bench;

import static dev.medallion.bench.DuckDbScripts.literal;

import dev.medallion.lake.LocalTrees;
import dev.medallion.landing.LandingKind;
import dev.medallion.run.RecordCounts;
import dev.medallion.validate.ReferenceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DuckDB peer of {@code medallion bench batch}: Medallion's batch pipeline (ingest, then
 * curate) done by DuckDB through its JDBC driver, in a JVM of its own, on the same landing files.
 * One call is one run: the files it has not read yet, validated with Medallion's reasons,
 * deduplicated against every earlier run, into a lake of Parquet files under {@code --out}:
 *
 * <ul>
 *   <li>{@code raw/events/}, {@code quarantine/records/} (by {@code ingest_date});
 *   <li>{@code cleansed/events/} (by {@code event_date}), {@code cleansed/users/}, {@code
 *       cleansed/transactions/} (one file each, rewritten with each run's rows merged in);
 *   <li>{@code curated/events_enriched/} (by {@code event_date}, {@code event_type}), {@code
 *       curated/daily_event_metrics/} (by {@code event_date}; the dates a run touches are computed
 *       again from every curated event of those dates).
 * </ul>
 *
 * <p>Its counts go to {@code _runs/run-<n>.json}, in the shape of the ingest job's summary ({@code
 * records}: events, users, transactions). DuckDB may use as much memory as this JVM's heap limit,
 * and every core.
 *
 * <p>Usage: {@code DuckDbPipeline --landing DIR --out DIR}.
 */
public final class DuckDbPipeline {
  private final Path landing;
  private final Path out;

  DuckDbPipeline(Path landing, Path out) {
    this.landing = landing.toAbsolutePath().normalize();
    this.out = out.toAbsolutePath().normalize();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = PeerArguments.parse(args, "--landing", "--out");
    long started = System.nanoTime();
    Map<String, RecordCounts> counts =
        new DuckDbPipeline(Path.of(options.get("--landing")), Path.of(options.get("--out"))).run();
    System.out.printf(
        "duckdb: run done in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, counts);
  }

  /** Does one run and returns its counts per kind. */
  Map<String, RecordCounts> run() throws SQLException, IOException {
    PeerLanding state = PeerLanding.open(landing, out);
    DuckDbRun run = new DuckDbRun(state.run(), Instant.now());
    List<Path> users = state.newFiles(LandingKind.USERS);
    List<Path> transactions = state.newFiles(LandingKind.TRANSACTIONS);
    List<Path> events = state.newFiles(LandingKind.EVENTS);
    Files.createDirectories(out.resolve("quarantine/records"));
    Files.createDirectories(out.resolve("raw/events"));
    Files.createDirectories(out.resolve("cleansed/events"));
    Files.createDirectories(out.resolve("curated/events_enriched"));
    Files.createDirectories(out.resolve("curated/daily_event_metrics"));
    Path spill = Files.createDirectories(out.resolve("_tmp"));

    Map<String, RecordCounts> counts = new LinkedHashMap<>();
    DuckDbEvents.Outcome outcome;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = c.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute(
            "SET memory_limit = '" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "MB'");
        s.execute("SET temp_directory = " + literal(spill.toString()));
      }
      DuckDbScripts.run(c, DuckDbScripts.MACROS, Map.of());
      counts.put("users", DuckDbReferences.ingest(c, ReferenceKind.USERS, users, out, run));
      counts.put(
          "transactions",
          DuckDbReferences.ingest(c, ReferenceKind.TRANSACTIONS, transactions, out, run));
      outcome = DuckDbEvents.ingest(c, events, out, run, state.newestEventMicros());
      counts.put("events", outcome.counts());
      curate(c, run);
    } finally {
      LocalTrees.delete(spill);
    }
    List<Path> read = new ArrayList<>(users);
    read.addAll(transactions);
    read.addAll(events);
    PeerRuns.write(out, run.number(), counts);
    state.commit(read, outcome.newestEventMicros());
    return counts;
  }

  /**
   * Enriches the run's cleansed events ({@code duckdb/curate.sql}) and computes the daily metrics
   * of the dates they touch again ({@code metrics.sql}), replacing those dates' files.
   */
  private void curate(Connection c, DuckDbRun run) throws SQLException, IOException {
    String lake = out.toString().replace("'", "''");
    DuckDbScripts.run(c, "curate.sql", Map.of("out", lake, "curated_at", run.ingestedAt()));
    List<String> dates = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT CAST(event_date AS VARCHAR) FROM enriched_new ORDER BY 1")) {
      while (r.next()) {
        dates.add(r.getString(1));
      }
    }
    if (dates.isEmpty()) {
      return;
    }
    String dateList = String.join(", ", dates.stream().map(d -> "DATE " + literal(d)).toList());
    DuckDbScripts.run(c, "metrics.sql", Map.of("out", lake, "dates", dateList));
    Path metrics = out.resolve("curated/daily_event_metrics");
    for (String date : dates) {
      LocalTrees.delete(metrics.resolve("event_date=" + date));
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "COPY metrics_new TO "
              + literal(metrics.toString())
              + " (FORMAT parquet, PARTITION_BY (event_date), APPEND)");
    }
  }
}
