package dev.medallion.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of the DuckDB peer, kept as scripts beside this class ({@code duckdb/*.sql}): statements
 * end with a semicolon at the end of a line, and {@code ${name}} is replaced by a value the caller
 * gives (table names, quoted paths and lists; never user text).
 */
final class DuckDbScripts {
  /** The macros every other script uses: Medallion's validation rules in SQL. */
  static final String MACROS = "macros.sql";

  static final String EVENTS_VALIDATE = "events-validate.sql";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)}");
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

  private DuckDbScripts() {}

  /** The statements of script {@code name} with {@code variables} filled in. */
  static List<String> statements(String name, Map<String, String> variables) {
    String text = fill(read(name), variables, name);
    List<String> statements = new ArrayList<>();
    Matcher end = STATEMENT_END.matcher(text);
    int from = 0;
    while (end.find()) {
      addStatement(statements, text.substring(from, end.start()));
      from = end.end();
    }
    addStatement(statements, text.substring(from));
    return statements;
  }

  /** Runs every statement of script {@code name} on {@code connection}. */
  static void run(Connection connection, String name, Map<String, String> variables)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(name, variables)) {
        statement.execute(sql);
      }
    }
  }

  /** A string literal of SQL: the text in single quotes, quotes in it doubled. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** A list literal of SQL strings, e.g. {@code ['a', 'b']}. */
  static String listOf(List<String> texts) {
    List<String> quoted = texts.stream().map(DuckDbScripts::literal).toList();
    return "[" + String.join(", ", quoted) + "]";
  }

  private static void addStatement(List<String> statements, String text) {
    String withoutComments = text.replaceAll("(?m)^\\s*--.*$", "").strip();
    if (!withoutComments.isEmpty()) {
      statements.add(text.strip());
    }
  }

  private static String fill(String text, Map<String, String> variables, String name) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(name + " needs ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String read(String name) {
    try (InputStream in = DuckDbScripts.class.getResourceAsStream("duckdb/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "no script duckdb/" + name + " beside " + DuckDbScripts.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
