package dev.medallion.bench;

import static dev.medallion.bench.DuckDbScripts.listOf;
import static dev.medallion.bench.DuckDbScripts.literal;

import dev.medallion.run.RecordCounts;
import dev.medallion.validate.ReferenceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The DuckDB peer's reference data: the new users or transactions files read by DuckDB's CSV reader
 * (RFC 4180; a record it refuses is kept, with the reasons Medallion gives such a record),
 * validated ({@code duckdb/<kind>-validate.sql}), the latest row per key kept, merged over the
 * earlier runs' table (a later row replaces an earlier one) and written as {@code
 * cleansed/<kind>/}, rejected rows to quarantine. Leaves table {@code <kind>_now} (every key as
 * known now) for the curate step.
 */
final class DuckDbReferences {
  private DuckDbReferences() {}

  /** The CSV reader's settings for reference files: RFC 4180, every column as text. */
  private static final String CSV_OPTIONS =
      "delim = ',', quote = '\"', escape = '\"', skip = 0, null_padding = false, filename = true";

  /**
   * The names of a file's header: its first line read as text, split at the commas outside quotes,
   * quotes taken off. DuckDB's sniffer is not used: it gives up on a file whose records are bad.
   */
  private static final String HEADER_NAMES =
      "SELECT list_transform(regexp_extract_all(line || ',', '(\"(?:[^\"]|\"\")*\"|[^,]*),', 1),"
          + " f -> CASE WHEN f LIKE '\"%' THEN replace(f[2:-2], '\"\"', '\"') ELSE f END)"
          + " FROM read_csv(${file}, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,"
          + " delim = chr(1), quote = '', escape = '', new_line = '\\n', strict_mode = false)"
          + " LIMIT 1";

  static RecordCounts ingest(
      Connection c, ReferenceKind kind, List<Path> files, Path out, DuckDbRun run)
      throws SQLException, IOException {
    String name = kind.directory();
    String landed = name + "_landed";
    String validated = name + "_validated";
    read(c, kind, files, landed);
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("input", landed);
    variables.put("output", validated);
    variables.put("currencies", currencies());
    DuckDbScripts.run(c, name + "-validate.sql", variables);

    Path table = Files.createDirectories(out.resolve("cleansed").resolve(name));
    Path current = table.resolve("data.parquet");
    Path next = table.resolve("data.parquet.next");
    Map<String, String> merge = new LinkedHashMap<>();
    merge.put("name", name);
    merge.put("key", kind.key());
    merge.put("columns", String.join(", ", cleansedColumns(kind)));
    merge.put("ingested_at", run.ingestedAt());
    merge.put("run_id", literal(run.runId()));
    merge.put("run", Long.toString(run.number()));
    merge.put(
        "previous",
        Files.exists(current)
            ? "read_parquet(" + literal(current.toString()) + ")"
            : "(SELECT * FROM " + name + "_latest WHERE false)");
    merge.put("next", literal(next.toString()));
    merge.put("record_type", literal(kind.recordType().value()));
    merge.put("lineage", run.lineage());
    merge.put(
        "quarantine",
        literal(Files.createDirectories(out.resolve("quarantine/records")).toString()));
    DuckDbScripts.run(c, "references-merge.sql", merge);
    Files.move(next, current, StandardCopyOption.REPLACE_EXISTING);
    try (Statement s = c.createStatement()) {
      return counts(s, name);
    }
  }

  /** The landed rows of {@code files}: one per CSV record, refused records included. */
  private static void read(Connection c, ReferenceKind kind, List<Path> files, String landed)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    for (String column : kind.columns()) {
      columns.add("NULL::VARCHAR AS " + column);
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + landed
              + " AS SELECT 0::BIGINT AS _order, NULL::VARCHAR AS _source, NULL::VARCHAR AS record,"
              + " []::VARCHAR[] AS _missing, NULL::VARCHAR[] AS _read_reasons, "
              + String.join(", ", columns)
              + " WHERE false");
      for (int i = 0; i < files.size(); i++) {
        readFile(s, kind, files.get(i), i, landed);
      }
    }
  }

  /**
   * Appends one file's records; {@code _order} orders them by file, then record. Columns are found
   * by their header name (trimmed, any case); a column the header lacks is a reason on every row.
   */
  private static void readFile(Statement s, ReferenceKind kind, Path file, int index, String landed)
      throws SQLException {
    String source = literal(file.toString());
    List<String> names = new ArrayList<>();
    try (ResultSet r = s.executeQuery(HEADER_NAMES.replace("${file}", source))) {
      if (r.next()) {
        for (Object name : (Object[]) r.getArray(1).getArray()) {
          names.add(name.toString());
        }
      }
    }
    Map<String, String> header = new TreeMap<>();
    List<String> columnTypes = new ArrayList<>();
    for (String column : names) {
      header.putIfAbsent(column.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), column);
      columnTypes.add(literal(column) + ": 'VARCHAR'");
    }
    String read =
        "read_csv("
            + source
            + ", header = true, auto_detect = false, columns = {"
            + String.join(", ", columnTypes)
            + "}, "
            + CSV_OPTIONS
            + ", strict_mode = true";
    List<String> select = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (String column : kind.columns()) {
      Optional<String> found = Optional.ofNullable(header.get(column));
      select.add(found.map(f -> quoted(f) + " AS " + column).orElse("NULL::VARCHAR AS " + column));
      texts.add(found.map(f -> "coalesce(" + quoted(f) + ", '')").orElse("''"));
      if (found.isEmpty()) {
        missing.add("missing_column:" + column);
      }
    }
    long base = (long) index << 40;
    String rejects = landed + "_rejects";
    String scans = landed + "_scans";
    s.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + landed
            + "_file AS SELECT "
            + String.join(", ", select)
            + ", concat_ws(',', "
            + String.join(", ", texts)
            + ") AS record FROM "
            + read
            + ", store_rejects = true, rejects_table = '"
            + rejects
            + "', rejects_scan = '"
            + scans
            + "')");
    s.execute(
        "INSERT INTO "
            + landed
            + " BY NAME SELECT "
            + base
            + " + rowid AS _order, "
            + source
            + " AS _source, record, "
            + listOf(missing)
            + "::VARCHAR[] AS _missing, NULL AS _read_reasons, "
            + String.join(", ", kind.columns())
            + " FROM "
            + landed
            + "_file");
    // A record the reader refused, once however many errors it found in it, after the others.
    s.execute(
        "INSERT INTO "
            + landed
            + " BY NAME SELECT "
            + base
            + " + (1::BIGINT << 39) + line AS _order, "
            + source
            + " AS _source, any_value(csv_line) AS record, "
            + listOf(missing)
            + "::VARCHAR[] AS _missing, CASE"
            + " WHEN bool_or(error_type = 'INVALID ENCODING') THEN ['invalid_utf8']"
            + " WHEN bool_or(error_type = 'LINE SIZE OVER MAXIMUM') THEN ['record_too_large']"
            + " WHEN bool_and(error_type IN ('TOO MANY COLUMNS', 'MISSING COLUMNS'))"
            + " THEN ['wrong_column_count']"
            + " WHEN any_value(csv_field_count(csv_line)) <> "
            + names.size()
            + " THEN ['invalid_quoting', 'wrong_column_count']"
            + " ELSE ['invalid_quoting'] END AS _read_reasons"
            + " FROM "
            + rejects
            + " GROUP BY line");
    s.execute("DROP TABLE " + rejects);
    s.execute("DROP TABLE " + scans);
  }

  /**
   * The kind's columns as cleansed rows have them: timestamps as instants (UTC), and transactions'
   * {@code transaction_date}.
   */
  private static List<String> cleansedColumns(ReferenceKind kind) {
    List<String> columns = new ArrayList<>();
    for (String column : kind.columns()) {
      columns.add(
          column.equals("transaction_ts")
              ? "transaction_ts::TIMESTAMPTZ AS transaction_ts"
              : column);
    }
    if (kind == ReferenceKind.TRANSACTIONS) {
      columns.add("transaction_date");
    }
    return columns;
  }

  private static RecordCounts counts(Statement s, String name) throws SQLException {
    String validated = name + "_validated";
    long read;
    long valid;
    long latest;
    try (ResultSet r =
        s.executeQuery("SELECT count(*), count(*) FILTER (WHERE _valid) FROM " + validated)) {
      r.next();
      read = r.getLong(1);
      valid = r.getLong(2);
    }
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + name + "_latest")) {
      r.next();
      latest = r.getLong(1);
    }
    Map<String, Long> byReason = DuckDbRun.reasonCounts(s, validated);
    return new RecordCounts(read, latest, valid - latest, read - valid, 0, byReason);
  }

  /** The ISO 4217 codes Java knows (ReferenceValidator checks currencies against the same list). */
  private static String currencies() {
    return listOf(
        Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .sorted()
            .toList());
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
