package dev.medallion.dashboard;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The answers to every {@link Questions question} over a lake at one moment: what the dashboard
 * page draws. A question whose tables the lake does not have yet has no rows and says why.
 */
public final class Answers {
  /** Rows a question may return at most (the questions aggregate; this only guards the page). */
  static final int MAX_ROWS = 100_000;

  private static final Pattern MISSING_TABLE =
      Pattern.compile("TABLE_OR_VIEW_NOT_FOUND.*?`(\\w+)`\\.`(\\w+)`", Pattern.DOTALL);

  /**
   * What the page reads.
   *
   * @param generatedAt when the questions were run (ISO-8601 UTC)
   * @param refreshSeconds how often a served page fetches new answers (0: a file, never)
   */
  public record Snapshot(
      String lake, String generatedAt, long refreshSeconds, Map<String, Answer> questions) {

    /** The same answers, as of {@code instant}: for a lake that has not changed since. */
    public Snapshot asOf(Instant instant) {
      return new Snapshot(lake, instant.toString(), refreshSeconds, questions);
    }
  }

  /** One question's answer: its columns (name and Spark type) and rows, or why there are none. */
  public record Answer(
      List<Column> columns, List<List<Object>> rows, String error, String sql, boolean truncated) {}

  public record Column(String name, String type) {}

  private final SparkSession spark;

  public Answers(SparkSession spark) {
    this.spark = spark;
  }

  /** Runs every question over {@code lake} now. */
  public Snapshot of(LakeLocation lake, long refreshSeconds) {
    String now = Instant.now().toString();
    new Lake(spark, lake).registerTables();
    Map<String, Answer> answers = new LinkedHashMap<>();
    for (String name : Questions.NAMES) {
      answers.put(name, answer(Questions.sql(name)));
    }
    return new Snapshot(lake.toString(), now, refreshSeconds, answers);
  }

  /**
   * The version of every table of {@code lake} (-1: not there yet), from listings of their logs and
   * without a Spark job: while these stay the same, so do the answers.
   */
  public Map<LakeTable, Long> versions(LakeLocation lake) {
    Lake at = new Lake(spark, lake);
    Map<LakeTable, Long> versions = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      versions.put(table, at.version(table));
    }
    return versions;
  }

  Answer answer(String sql) {
    Dataset<Row> result;
    List<Row> rows;
    try {
      result = spark.sql(sql);
      rows = result.limit(MAX_ROWS + 1).collectAsList();
    } catch (Exception e) {
      // Scala's AnalysisException is checked but undeclared: catch broadly, rethrow the rest.
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      return new Answer(List.of(), List.of(), why(e.getMessage()), sql, false);
    }
    List<Column> columns = new ArrayList<>();
    for (StructField f : result.schema().fields()) {
      columns.add(new Column(f.name(), f.dataType().simpleString()));
    }
    List<List<Object>> values = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
      List<Object> line = new ArrayList<>(row.length());
      for (int i = 0; i < row.length(); i++) {
        line.add(plain(row.get(i)));
      }
      values.add(line);
    }
    return new Answer(columns, values, null, sql, rows.size() > MAX_ROWS);
  }

  /** A value as JSON carries it: dates as yyyy-MM-dd, instants as ISO-8601 UTC, decimals exact. */
  static Object plain(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (value instanceof Instant i) {
      return i.toString();
    }
    if (value instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    if (value instanceof BigDecimal || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value == null ? null : value.toString();
  }

  /** Why a question could not run, for a person: most often a table the lake has not made yet. */
  static String why(String message) {
    Matcher m = MISSING_TABLE.matcher(String.valueOf(message));
    if (m.find()) {
      return "No data yet: the lake has no table " + m.group(1) + "." + m.group(2) + ".";
    }
    String first = String.valueOf(message).lines().findFirst().orElse("");
    return "The question cannot run: " + first;
  }
}
