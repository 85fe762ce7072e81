package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.Cli;
import dev.medallion.testing.Cli.Result;
import dev.medallion.testing.SharedSpark;
import dev.medallion.validate.Rfc4180;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line as a user meets it: help, usage errors and their exit codes, and queries over
 * one small lake that the {@code pipeline} command builds. Runs {@link MedallionCli#execute} in
 * this JVM (on the shared session) and captures what it prints.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
  /** Keeps the CLI's runs as small as the shared session's. */
  private static final String[] SMALL = {
    "--conf",
    "spark.sql.shuffle.partitions=2",
    "--conf",
    "spark.databricks.delta.snapshotPartitions=1"
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path runOne;
  static Path lake;
  static Result pipeline;
  static RunSummary ingestSummary;
  static JsonNode expected;
  static long cleansedFromStdout;
  static long rawFromStdout;

  @BeforeAll
  static void buildOneSmallLakeWithThePipelineCommand() throws IOException {
    // The CLI finds and uses this session: no second one is ever made.
    spark = SharedSpark.get();
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(11L, 150, 1).writeTo(sample);
    expected = JSON.readTree(sample.resolve("expected.json").toFile());
    runOne = sample.resolve("run-1");
    lake = tmp.resolve("lake");

    pipeline = cliOnSpark("pipeline", "--landing", runOne.toString(), "--lake", lake.toString());

    assertThat(pipeline.exit()).as(pipeline.both()).isZero();
    Matcher events =
        Pattern.compile(
                "(?m)^\\s+events\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+yes\\s*$")
            .matcher(pipeline.out());
    assertThat(events.find()).as(pipeline.out()).isTrue();
    rawFromStdout = Long.parseLong(events.group(1));
    cleansedFromStdout = Long.parseLong(events.group(2));
    try (Stream<Path> runs = Files.list(lake.resolve("_runs").resolve("ingest"))) {
      List<Path> summaries =
          runs.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
      assertThat(summaries).hasSize(1);
      ingestSummary = RunSummaries.fromJson(Files.readString(summaries.get(0)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running the command line

  /** A command that runs Spark, with the test-sized settings. */
  static Result cli(String... args) {
    return Cli.run(args);
  }

  static Result cliOnSpark(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(Arrays.asList(SMALL));
    return cli(all.toArray(String[]::new));
  }

  static Result query(String... args) {
    List<String> all = new ArrayList<>(List.of("query", "--lake", lake.toString()));
    all.addAll(Arrays.asList(args));
    return cliOnSpark(all.toArray(String[]::new));
  }

  private static long count(LakeTable table) {
    return new Lake(spark, LakeLocation.parse("--lake", lake.toString())).read(table).count();
  }

  /** Parses RFC 4180 text into records of fields. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    for (Iterator<Rfc4180.Record> it = Rfc4180.records(new StringReader(text)); it.hasNext(); ) {
      Rfc4180.Fields fields = Rfc4180.parse(it.next().text());
      assertThat(fields.ok()).as(fields.error()).isTrue();
      records.add(fields.values());
    }
    return records;
  }

  /** Every record ends with CRLF; a bare LF appears only inside a quoted field. */
  private static void assertCrlfRecords(String csv) {
    assertThat(csv).endsWith("\r\n");
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\n' && !quoted) {
        assertThat(i > 0 && csv.charAt(i - 1) == '\r').as("record break at %d is CRLF", i).isTrue();
      }
    }
    assertThat(quoted).as("every quote is closed").isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Help and version

  @Test
  void topLevelHelpListsEveryCommand() {
    Result r = cli("--help");

    assertThat(r.exit()).as(r.both()).isZero();
    for (String command :
        List.of(
            "pipeline",
            "ingest",
            "curate",
            "maintenance",
            "query",
            "dashboard",
            "report",
            "demo",
            "sample")) {
      assertThat(r.out()).as(command).containsPattern("(?m)^\\s+" + command + "\\s");
    }
    assertThat(r.out()).contains("--help").contains("--version");
  }

  @Test
  void pipelineHelpShowsEveryOptionAndItsDefault() {
    Result r = cli("pipeline", "--help");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("--landing")
        .contains("--lake")
        .contains("--reprocess-all")
        .contains("--late-policy")
        .contains("--late-threshold")
        .contains("--conf")
        .contains("Default: lake")
        .contains("Default: keep")
        .contains("Default: 3d");
  }

  @Test
  void queryHelpShowsTheFormatsAndDefaults() {
    Result r = cli("query", "--help");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out())
        .contains("--format")
        .contains("Default: table")
        .contains("--max-rows")
        .contains("Default: 1000")
        .contains("--file")
        .contains("--lake")
        .contains("csv")
        .contains("json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pipeline",
        "ingest",
        "curate",
        "maintenance",
        "query",
        "demo",
        "sample",
        "dashboard",
        "report"
      })
  void everyCommandsHelpListsEachOptionWithItsDefault(String command) {
    CommandLine.Model.CommandSpec spec =
        new CommandLine(new MedallionCli()).getSubcommands().get(command).getCommandSpec();
    Result r = cli(command, "--help");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("Usage: medallion " + command);
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      assertThat(r.out()).as("%s %s", command, option.longestName()).contains(option.longestName());
      if (option.defaultValue() != null) {
        assertThat(r.out())
            .as("%s %s default", command, option.longestName())
            .contains("Default: " + option.defaultValue());
      }
    }
  }

  @Test
  void versionSaysWhatItIsBuiltFor() {
    Result r = cli("--version");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).startsWith("medallion ").contains("Spark 3.5").contains("Delta Lake 3.3");
  }

  // ---------------------------------------------------------------------------------------------
  // Usage errors: exit code 2, with the problem, its cause and the fix

  @Test
  void noCommandIsAUsageError() {
    Result r = cli();

    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(r.err()).contains("name a command").contains("Usage: medallion");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Result top = cli("--bogus");
    assertThat(top.exit()).as(top.both()).isEqualTo(2);
    assertThat(top.err()).contains("--bogus");

    Result sub = cli("pipeline", "--landing", runOne.toString(), "--frobnicate");
    assertThat(sub.exit()).as(sub.both()).isEqualTo(2);
    assertThat(sub.err()).contains("--frobnicate");

    Result command = cli("explode");
    assertThat(command.exit()).as(command.both()).isEqualTo(2);
    assertThat(command.err()).contains("explode");
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    Result r = cli("pipeline", "--lake", tmp.resolve("never").toString());

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("--landing");
    assertThat(tmp.resolve("never")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pipeline", "ingest"})
  void aMissingLandingDirectoryIsAClearUsageError(String command) {
    Path missing = tmp.resolve("no-such-landing");
    Path unused = tmp.resolve("unused-lake-" + command);

    Result r = cliOnSpark(command, "--landing", missing.toString(), "--lake", unused.toString());

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err())
        .contains("medallion: error:")
        .contains(missing.toAbsolutePath().toString())
        .contains("does not exist")
        .contains("--landing");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(unused).as("nothing is written for a run that cannot start").doesNotExist();
  }

  @Test
  void anUnknownLatePolicyNamesTheOptionAndTheAllowedValues() {
    Result r =
        cli(
            "pipeline",
            "--landing",
            runOne.toString(),
            "--lake",
            tmp.resolve("x").toString(),
            "--late-policy",
            "sometimes");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err())
        .contains("--late-policy")
        .contains("sometimes")
        .contains("keep")
        .contains("quarantine");
  }

  @Test
  void aDurationThatIsNoneIsAUsageError() {
    Result r =
        cli(
            "pipeline",
            "--landing",
            runOne.toString(),
            "--lake",
            tmp.resolve("x").toString(),
            "--late-threshold",
            "5 parsecs");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("--late-threshold").contains("5 parsecs").contains("3d");
  }

  @Test
  void aConfThatIsNotKeyValueIsAUsageError() {
    Result r =
        cli(
            "pipeline",
            "--landing",
            runOne.toString(),
            "--lake",
            tmp.resolve("x").toString(),
            "--conf",
            "spark.sql.shuffle.partitions");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("--conf").contains("KEY=VALUE");
  }

  @Test
  void queryOptionsAreChecked() {
    Result format = query("--format", "xml", "SELECT 1");
    assertThat(format.exit()).as(format.both()).isEqualTo(2);
    assertThat(format.err()).contains("--format").contains("xml").contains("table, csv or json");

    Result rows = query("--max-rows", "0", "SELECT 1");
    assertThat(rows.exit()).as(rows.both()).isEqualTo(2);
    assertThat(rows.err()).contains("--max-rows");

    Result neither = query();
    assertThat(neither.exit()).as(neither.both()).isEqualTo(2);
    assertThat(neither.err()).contains("--file");
  }

  @Test
  void sampleRefusesTooLittleData() {
    Result r = cli("sample", "--out", tmp.resolve("tiny").toString(), "--events-per-run", "5");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("--events-per-run");
  }

  @Test
  void sampleWritesWhatTheGeneratorWrites() throws IOException {
    Path out = tmp.resolve("sample-by-cli");
    Result r =
        cli(
            "sample",
            "--out",
            out.toString(),
            "--seed",
            "11",
            "--events-per-run",
            "150",
            "--runs",
            "1");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains(out.toAbsolutePath().toString());
    Path sample = runOne.getParent();
    assertThat(Files.readString(out.resolve("expected.json")))
        .isEqualTo(Files.readString(sample.resolve("expected.json")));
    assertThat(Files.readString(out.resolve("run-1/users/users-01.csv")))
        .isEqualTo(Files.readString(sample.resolve("run-1/users/users-01.csv")));
  }

  // ---------------------------------------------------------------------------------------------
  // The pipeline's output

  @Test
  void thePipelinePrintsBothSummariesAndWhereTheLakeIs() {
    assertThat(pipeline.out())
        .containsPattern("== ingest run \\S+: SUCCEEDED")
        .containsPattern("== curate run \\S+: SUCCEEDED")
        .containsPattern(
            "(?m)^\\s+files events\\s+\\d+ read, 0 skipped \\(bookmark\\), 0 failed, 0 ignored")
        .contains("balanced")
        .contains("lake: ");
    assertThat(cleansedFromStdout)
        .isEqualTo(ingestSummary.records().get("events").cleansed())
        .isEqualTo(expected.get("run-1").get("events").get("cleansed").asLong())
        .isPositive();
    assertThat(rawFromStdout)
        .isEqualTo(ingestSummary.records().get("events").read())
        .isEqualTo(expected.get("run-1").get("events").get("read").asLong());
  }

  // ---------------------------------------------------------------------------------------------
  // Pages (what they draw is PagesBrowserIT's)

  @Test
  void dashboardAndReportWriteTheirPagesAndSayWhere() throws IOException {
    Path out = lake.resolveSibling("pages");
    Result dashboard =
        cli(
            "dashboard",
            "--lake",
            lake.toString(),
            "--out",
            out.resolve("d.html").toString(),
            "--conf",
            "spark.sql.shuffle.partitions=2");
    assertThat(dashboard.exit()).as(dashboard.both()).isZero();
    assertThat(dashboard.out().strip()).isEqualTo("dashboard: " + out.resolve("d.html"));
    String html = Files.readString(out.resolve("d.html"));
    assertThat(html)
        .contains("id=\"medallion-data\"", "Events per day by type")
        .doesNotContain("{{");
    assertThat(html).contains("\"events_per_day_by_type\":{\"columns\"");

    Result report =
        cli("report", "--lake", lake.toString(), "--out", out.resolve("r.html").toString());
    assertThat(report.exit()).as(report.both()).isZero();
    assertThat(report.out())
        .contains("report: " + out.resolve("r.html"))
        .containsPattern("\\(\\d+ runs?\\)");
    assertThat(Files.readString(out.resolve("r.html"))).contains("\"job\":\"ingest\"");
  }

  @Test
  void aDashboardOfALakeWithoutTablesSaysSoAndServeOptionsAreChecked() {
    Path empty = lake.resolveSibling("no-tables-here");
    Result r =
        cli(
            "dashboard",
            "--lake",
            empty.toString(),
            "--out",
            empty.resolveSibling("empty.html").toString());
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.err()).contains("the lake has no tables yet");
    Result port = cli("dashboard", "--lake", lake.toString(), "--serve", "--port", "70000");
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.err()).contains("--port");
    Result refresh = cli("dashboard", "--lake", lake.toString(), "--serve", "--refresh", "0s");
    assertThat(refresh.exit()).isEqualTo(2);
    assertThat(refresh.err()).contains("--refresh");
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  @Test
  void csvQuotesPerRfc4180AndEndsRecordsWithCrlf() {
    Result r =
        query(
            "--format",
            "csv",
            "SELECT 'a,b' AS x, 'say \"hi\"' AS y, CAST(NULL AS STRING) AS z, 'two\nlines' AS w");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("x,y,z,w\r\n\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\"\r\n");
  }

  @Test
  void csvOfATableRoundTripsItsValues() {
    Result r =
        query(
            "--format",
            "csv",
            "SELECT user_id, name, email, segment FROM cleansed.users ORDER BY user_id");

    assertThat(r.exit()).as(r.both()).isZero();
    assertCrlfRecords(r.out());
    List<List<String>> records = parseCsv(r.out());
    assertThat(records.get(0)).containsExactly("user_id", "name", "email", "segment");

    List<Row> users =
        new Lake(spark, LakeLocation.parse("--lake", lake.toString()))
            .read(LakeTable.CLEANSED_USERS)
            .select("user_id", "name", "email", "segment")
            .orderBy("user_id")
            .collectAsList();
    List<List<String>> want = new ArrayList<>();
    for (Row u : users) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < u.length(); i++) {
        values.add(u.isNullAt(i) ? "" : u.getString(i));
      }
      want.add(values);
    }
    assertThat(records.subList(1, records.size())).isEqualTo(want);
    // The generated names and segments hold what needs quoting.
    assertThat(want).anyMatch(v -> v.get(1).contains(","));
    assertThat(want).anyMatch(v -> v.get(1).contains("\""));
    assertThat(want).anyMatch(v -> v.get(3).contains("\n"));
  }

  private static final String JSON_NULLS_BUG =
      "BUG: query --format json leaves null fields out ({\"n\":1,\"u\":\"x\"} for a row whose s is"
          + " null). QueryRunner.printJson sets spark.sql.jsonGenerator.ignoreNullFields=false on"
          + " the session, but toJSON() reads it in the tasks, which toLocalIterator() launches"
          + " lazily, outside the SQL-conf propagation of the action, so they see the default.";

  @Test
  void jsonPrintsOneObjectPerLine() throws IOException {
    Result r =
        query(
            "--format",
            "json",
            "SELECT * FROM VALUES (1, 'a,b', 1.5), (2, 'say \"hi\"', 2.5) AS t(n, s, v) ORDER BY n");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(first.get("n").asInt()).isEqualTo(1);
    assertThat(first.get("s").asText()).isEqualTo("a,b");
    assertThat(first.get("v").asDouble()).isEqualTo(1.5);
    assertThat(second.get("n").asInt()).isEqualTo(2);
    assertThat(second.get("s").asText()).isEqualTo("say \"hi\"");
  }

  @Test
  void jsonOfATableHasEveryRow() throws IOException {
    Result r =
        query(
            "--format",
            "json",
            "SELECT event_uuid, event_type FROM cleansed.events ORDER BY event_uuid");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat((long) lines.size()).isEqualTo(cleansedFromStdout);
    Set<String> uuids = new HashSet<>();
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      assertThat(row.isObject()).as(line).isTrue();
      assertThat(row.get("event_type").asText()).as(line).isNotEmpty();
      uuids.add(row.get("event_uuid").asText());
    }
    assertThat((long) uuids.size()).isEqualTo(cleansedFromStdout);
  }

  @Test
  void jsonWritesNullFieldsOut() throws IOException {
    Result r =
        query(
            "--format",
            "json",
            "SELECT * FROM VALUES (1, CAST(NULL AS STRING), 'x'), (2, 'y', CAST(NULL AS STRING))"
                + " AS t(n, s, u) ORDER BY n");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(first.get("n").asInt()).isEqualTo(1);
    assertThat(first.has("s")).as(lines.get(0)).isTrue();
    assertThat(first.get("s").isNull()).isTrue();
    assertThat(first.get("u").asText()).isEqualTo("x");
    assertThat(second.get("s").asText()).isEqualTo("y");
    assertThat(second.has("u")).as(lines.get(1)).isTrue();
    assertThat(second.get("u").isNull()).isTrue();
  }

  @Test
  void jsonOfATableHasEveryFieldOfEveryRow() throws IOException {
    Result r =
        query(
            "--format",
            "json",
            "SELECT event_uuid, user_id, value FROM cleansed.events ORDER BY event_uuid");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat((long) lines.size()).isEqualTo(cleansedFromStdout);
    boolean someUserIdNull = false;
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      assertThat(row.has("event_uuid") && row.has("user_id") && row.has("value")).as(line).isTrue();
      someUserIdNull |= row.get("user_id").isNull();
    }
    assertThat(someUserIdNull).as("sensor readings have no user").isTrue();
  }

  @Test
  void tableFormatEndsWithTheRowCount() {
    long types =
        new Lake(spark, LakeLocation.parse("--lake", lake.toString()))
            .read(LakeTable.CLEANSED_EVENTS)
            .select("event_type")
            .distinct()
            .count();

    Result r =
        query(
            "SELECT event_type, count(*) AS events FROM cleansed.events GROUP BY event_type"
                + " ORDER BY event_type");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("event_type").contains("events");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("(" + types + " rows)");
    assertThat(lines).hasSize((int) types + 3);
  }

  @Test
  void tableFormatSaysWhenItCutsAtMaxRows() {
    Result r = query("--max-rows", "2", "SELECT event_uuid FROM cleansed.events ORDER BY 1");

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2 + 3);
    assertThat(lines.get(lines.size() - 1))
        .startsWith("(2 rows, more not shown")
        .contains("--max-rows");
  }

  @Test
  void aCountQueryAgreesWithThePipelineSummary() {
    Result r = query("--format", "csv", "SELECT count(*) AS n FROM cleansed.events");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("n\r\n" + cleansedFromStdout + "\r\n");
  }

  @Test
  void theSqlCanComeFromAFileWithATrailingSemicolon() throws IOException {
    Path sql = tmp.resolve("count.sql");
    Files.writeString(sql, "-- how many events\nSELECT count(*) AS n\n  FROM cleansed.events;\n");

    Result r = query("--format", "csv", "--file", sql.toString());

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("n\r\n" + cleansedFromStdout + "\r\n");

    Result both = query("--file", sql.toString(), "SELECT 1");
    assertThat(both.exit()).as(both.both()).isEqualTo(2);
  }

  private static final String SELF_JOIN =
      "SELECT a.user_id, b.user_id FROM cleansed.users a JOIN cleansed.users b"
          + " ON a.user_id = b.user_id ORDER BY a.user_id LIMIT 1";

  private static String firstUserId() {
    return new Lake(spark, LakeLocation.parse("--lake", lake.toString()))
        .read(LakeTable.CLEANSED_USERS)
        .selectExpr("min(user_id)")
        .head()
        .getString(0);
  }

  @Test
  void twoColumnsOfTheSameNamePrintInCsv() {
    String id = firstUserId();

    Result r = query("--format", "csv", SELF_JOIN);

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).isEqualTo("user_id,user_id\r\n" + id + "," + id + "\r\n");
  }

  @Test
  void twoColumnsOfTheSameNamePrintInATable() {
    String id = firstUserId();

    Result r = query("--format", "table", SELF_JOIN);

    assertThat(r.exit()).as(r.both()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).split("\\|"))
        .extracting(String::trim)
        .containsExactly("user_id", "user_id");
    assertThat(lines.get(2).split("\\|")).extracting(String::trim).containsExactly(id, id);
    assertThat(lines.get(3)).isEqualTo("(1 row)");
  }

  @Test
  void twoColumnsOfTheSameNamePrintInJson() {
    Result r = query("--format", "json", SELF_JOIN);

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out().lines().toList()).hasSize(1);
    assertThat(r.out()).contains(firstUserId());
  }

  @Test
  void aSqlFileThatDoesNotExistIsAUsageErrorNamingFile() {
    Result r = query("--file", "/no/such.sql");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("--file").contains("/no/such.sql");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aFailedRunShowsTheCauseWhenItAddsSomething() throws IOException {
    // A lake below a regular file: its state cannot be written, for a reason the cause tells.
    Path notADirectory = Files.writeString(tmp.resolve("not-a-directory"), "x");

    Result r =
        cliOnSpark(
            "ingest",
            "--landing",
            runOne.toString(),
            "--lake",
            notADirectory.resolve("lake").toString());

    assertThat(r.exit()).as(r.both()).isEqualTo(MedallionCli.FAILED);
    assertThat(r.err()).contains("medallion: the ingest run failed: ");
    // The message says what could not be done; the cause, on its own line, why.
    assertThat(r.err()).contains("cannot write ");
    List<String> causes = r.err().lines().filter(l -> l.startsWith("  caused by: ")).toList();
    assertThat(causes).as(r.both()).hasSize(1);
    assertThat(causes.get(0)).contains(notADirectory.toString());
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void anUnknownTableIsAUsageErrorListingTheLakesTables() {
    Result r = query("SELECT * FROM cleansed.no_such_table");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err()).contains("no_such_table").contains("tables in this lake:");
    for (LakeTable table : LakeTable.values()) {
      assertThat(r.err()).contains(table.qualifiedName());
    }
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aLakeWithoutTablesIsAUsageError() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty-lake"));

    Result r = cliOnSpark("query", "--lake", empty.toString(), "SELECT 1");

    assertThat(r.exit()).as(r.both()).isEqualTo(2);
    assertThat(r.err())
        .contains("--lake")
        .contains("no Medallion tables")
        .contains(empty.toAbsolutePath().toString())
        .contains("medallion pipeline");
  }

  // ---------------------------------------------------------------------------------------------
  // Reprocessing: last, since it rewrites the lake

  @Test
  @Order(Integer.MAX_VALUE)
  void reprocessAllRebuildsTheSameTablesInsteadOfAddingToThem() {
    long quarantineBefore = count(LakeTable.QUARANTINE_RECORDS);
    long usersBefore = count(LakeTable.CLEANSED_USERS);

    Result r =
        cliOnSpark(
            "ingest", "--landing", runOne.toString(), "--lake", lake.toString(), "--reprocess-all");

    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.out()).contains("reprocessing everything");
    Matcher events =
        Pattern.compile(
                "(?m)^\\s+events\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+yes\\s*$")
            .matcher(r.out());
    assertThat(events.find()).as(r.out()).isTrue();
    assertThat(Long.parseLong(events.group(1))).isEqualTo(rawFromStdout);
    assertThat(Long.parseLong(events.group(2))).isEqualTo(cleansedFromStdout);

    Result cleansed = query("--format", "csv", "SELECT count(*) AS n FROM cleansed.events");
    assertThat(cleansed.out()).isEqualTo("n\r\n" + cleansedFromStdout + "\r\n");
    Result raw = query("--format", "csv", "SELECT count(*) AS n FROM raw.events");
    assertThat(raw.out()).isEqualTo("n\r\n" + rawFromStdout + "\r\n");
    Result distinct =
        query("--format", "csv", "SELECT count(DISTINCT event_uuid) AS n FROM cleansed.events");
    assertThat(distinct.out()).isEqualTo("n\r\n" + cleansedFromStdout + "\r\n");
    assertThat(count(LakeTable.QUARANTINE_RECORDS)).isEqualTo(quarantineBefore);
    assertThat(count(LakeTable.CLEANSED_USERS)).isEqualTo(usersBefore);
  }
}
