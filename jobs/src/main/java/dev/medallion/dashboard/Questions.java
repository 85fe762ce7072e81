package dev.medallion.dashboard;

import dev.medallion.query.QueryRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The questions the dashboard answers: the files of {@code athena/queries/}, which the build puts
 * in the jar beside this class, so that the dashboard, Athena and QuickSight run the same SQL.
 */
public final class Questions {
  private Questions() {}

  /** Every question, by its file name without {@code .sql}; the dashboard page draws each. */
  public static final List<String> NAMES =
      List.of(
          "events_per_day_by_type",
          "daily_active_users",
          "revenue_by_country",
          "top_event_types",
          "quarantine_reasons",
          "late_event_share",
          "duplicates_per_day",
          "freshness");

  /** The SQL of question {@code name}, without a trailing semicolon. */
  public static String sql(String name) {
    String resource = "queries/" + name + ".sql";
    try (InputStream in = Questions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "athena/queries/" + name + ".sql is not in the jar (the build copies athena/queries)");
      }
      return QueryRunner.statementOf(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
