package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.config.LakeLocation;
import dev.medallion.query.OutputFormat;
import dev.medallion.query.QueryRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run Spark SQL over the lake's tables, named as in the design: raw.events, cleansed.events,",
      "cleansed.users, cleansed.transactions, quarantine.records, curated.events_enriched,",
      "curated.daily_event_metrics.",
      "Results go to standard output; progress and logs to standard error."
    })
final class QueryCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description =
          "Output format: table, csv (RFC 4180, one header row) or json (one object per line).")
  String format;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Rows printed at most in table format (csv and json print all).")
  int maxRows;

  @Option(names = "--file", paramLabel = "FILE", description = "Read the SQL from this file.")
  Path file;

  @Parameters(arity = "0..1", paramLabel = "SQL", description = "The SQL statement to run.")
  String sql;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    String statement = statement();
    OutputFormat output = outputFormat(format);
    if (maxRows < 1) {
      throw new ConfigException(
          "--max-rows", "must be at least 1, got " + maxRows, "pass e.g. 100");
    }
    LakeLocation location = lake.location();
    QueryRunner runner = new QueryRunner(spark.session("query"));
    List<String> tables = runner.attach(location);
    if (tables.isEmpty()) {
      throw new ConfigException(
          LakeOption.NAME,
          "there are no Medallion tables under " + location,
          "run 'medallion pipeline --landing DIR --lake "
              + lake.text
              + "' first, or point --lake at a lake");
    }
    try {
      runner.run(statement, output, maxRows, System.out);
    } catch (Exception e) {
      // Scala's AnalysisException is checked but undeclared: catch broadly, rethrow the rest.
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      System.err.println("medallion: error: the query cannot run: " + e.getMessage());
      System.err.println("  tables in this lake: " + String.join(", ", tables));
      return MedallionCli.USAGE;
    }
    System.out.flush();
    return MedallionCli.OK;
  }

  private String statement() {
    if ((sql == null) == (file == null)) {
      throw new ConfigException(
          "SQL",
          "give the query either as an argument or with --file, not both nor neither",
          "e.g. medallion query \"SELECT count(*) FROM cleansed.events\"");
    }
    if (file == null) {
      return sql;
    }
    try {
      return QueryRunner.statementOf(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(
          "--file",
          "cannot read " + file.toAbsolutePath() + " (" + e + ")",
          "check the path; it is read relative to the current directory");
    }
  }

  static OutputFormat outputFormat(String text) {
    for (OutputFormat f : OutputFormat.values()) {
      if (f.name().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    throw new ConfigException(
        "--format", "'" + text + "' is not an output format", "use table, csv or json");
  }
}
