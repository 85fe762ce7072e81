package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.testing.LocalKinesis;
import dev.medallion.warehouse.jdbc.EmbeddedWarehouse;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The README's {@code spark-submit} commands, run as written on a stock Spark distribution: the
 * commands are read from README.md's "Running with spark-submit" block, so that the README cannot
 * go stale, and each runs in its own JVM as {@code bin/spark-submit} runs it, {@code java <Spark's
 * --add-opens> -cp <the distribution's jars> org.apache.spark.deploy.SparkSubmit ...}, with the job
 * jar the build made.
 *
 * <p>The class path is exactly the one of a stock Spark 3.5.4: spark-sql and spark-hive with their
 * dependencies, which Maven resolves into {@code target/stock-spark/classpath.txt} (see
 * src/test/stock-spark/pom.xml); no Delta, no AWS SDK, no hadoop-aws. What {@code --packages} would
 * fetch with Ivy (Delta: delta-spark and delta-storage; its antlr4-runtime is Spark's) is passed as
 * {@code --jars} from the local Maven repository instead, so the test runs offline. The test
 * substitutes only the values that name this machine's places (the lake, the landing, the warehouse
 * URL, the stream, the endpoint) and adds spark-submit's own options for a small local run ({@code
 * --master local[2]}, small shuffles, no UI).
 *
 * <p>{@code load} writes into an embedded PostgreSQL that this JVM starts (the job jar has no
 * embedded warehouse: under spark-submit the URL is a real one), and {@code stream} reads the local
 * Kinesis emulator (skipped where Node.js is missing).
 */
@Tag("integration")
@Tag("long")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path REPO = MODULE.getParent();
  private static final Path STOCK_CLASSPATH = MODULE.resolve("target/stock-spark/classpath.txt");
  private static final long TIMEOUT_MINUTES = 20;

  @TempDir static Path tmp;
  static Path lake;
  static List<SubmitLine> readme;
  static EmbeddedWarehouse warehouse;

  /** One {@code spark-submit} command of the README: its options, jar and application arguments. */
  record SubmitLine(Map<String, String> options, String jar, List<String> args) {
    String command() {
      return args.get(0);
    }

    List<String> packages() {
      String packages = options.get("--packages");
      return packages == null ? List.of() : Arrays.asList(packages.split(","));
    }

    /** The value of the application's option {@code name}, or null. */
    String arg(String name) {
      int i = args.indexOf(name);
      return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }
  }

  @BeforeAll
  static void readTheReadme() throws IOException {
    lake = tmp.resolve("lake");
    readme = submitLines(Files.readString(REPO.resolve("README.md"), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopWarehouse() {
    if (warehouse != null) {
      warehouse.close();
    }
  }

  /** The {@code spark-submit} commands of the README's section on it, continuation lines joined. */
  static List<SubmitLine> submitLines(String markdown) {
    int section = markdown.indexOf("## Running with spark-submit");
    assertThat(section).as("README.md's section 'Running with spark-submit'").isNotNegative();
    int open = markdown.indexOf("```bash\n", section);
    int close = markdown.indexOf("\n```", open + 1);
    String block = markdown.substring(open + "```bash\n".length(), close).replace("\\\n", " ");
    List<SubmitLine> lines = new ArrayList<>();
    for (String line : block.split("\n")) {
      List<String> tokens = tokens(line.strip());
      if (tokens.isEmpty() || !tokens.get(0).equals("spark-submit")) {
        continue;
      }
      Map<String, String> options = new LinkedHashMap<>();
      int i = 1;
      while (tokens.get(i).startsWith("--")) {
        options.put(tokens.get(i), tokens.get(i + 1));
        i += 2;
      }
      lines.add(new SubmitLine(options, tokens.get(i), tokens.subList(i + 1, tokens.size())));
    }
    return lines;
  }

  /** Words as the shell splits them, for the README's commands: blanks, and '...' quoting. */
  static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
    while (m.find()) {
      tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return tokens;
  }

  /** The one README command that runs {@code command} with only Delta from --packages. */
  static SubmitLine readmeLine(String command) {
    List<SubmitLine> matching =
        readme.stream()
            .filter(l -> l.command().equals(command) && l.packages().size() == 1)
            .toList();
    assertThat(matching).as("README spark-submit lines for '%s'", command).hasSize(1);
    return matching.get(0);
  }

  /** A jar of the test's class path (the versions the build compiles against), by file name. */
  static Path testClasspathJar(String namePrefix) {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().startsWith(namePrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError(namePrefix + "*.jar is not on the class path"));
  }

  static String versionOf(Path jar, String namePrefix) {
    String name = jar.getFileName().toString();
    return name.substring(namePrefix.length(), name.length() - ".jar".length());
  }

  static List<String> stockClasspath() throws IOException {
    assertThat(STOCK_CLASSPATH)
        .as("the stock Spark class path, which the build resolves before the integration tests")
        .exists();
    return Arrays.asList(Files.readString(STOCK_CLASSPATH).strip().split(File.pathSeparator));
  }

  /** The Delta that --packages names: the jars that Ivy would fetch for it (less Spark's own). */
  static List<Path> deltaJars(String coordinates) {
    Path spark = testClasspathJar("delta-spark_");
    String scalaAndVersion = versionOf(spark, "delta-spark_"); // e.g. 2.12-3.3.0
    String version = scalaAndVersion.substring(scalaAndVersion.indexOf('-') + 1);
    String scala = scalaAndVersion.substring(0, scalaAndVersion.indexOf('-'));
    assertThat(coordinates)
        .as("README's --packages: the Delta the build compiles against")
        .isEqualTo("io.delta:delta-spark_" + scala + ":" + version);
    Path storage = testClasspathJar("delta-storage-" + version);
    return List.of(spark, storage);
  }

  @Test
  @Order(0)
  void theStockClassPathHasNoDeltaNoAwsSdkAndTheReadmeNamesItsHadoop() throws IOException {
    List<String> stock = stockClasspath();
    assertThat(stock)
        .anyMatch(j -> j.contains("spark-sql_2.12-3.5.4.jar"))
        .anyMatch(j -> j.contains("spark-hive_2.12-3.5.4.jar"))
        .noneMatch(j -> j.contains("/io/delta/"))
        .noneMatch(j -> j.contains("/software/amazon/"))
        .noneMatch(j -> j.contains("hadoop-aws"));
    String hadoop =
        stock.stream()
            .map(Path::of)
            .filter(p -> p.getFileName().toString().startsWith("hadoop-client-api-"))
            .map(p -> versionOf(p, "hadoop-client-api-"))
            .findFirst()
            .orElseThrow();
    List<SubmitLine> s3 =
        readme.stream()
            .filter(l -> l.args().contains("--lake") && l.packages().size() > 1)
            .toList();
    assertThat(s3).as("README's s3a:// line").hasSize(1);
    assertThat(s3.get(0).packages())
        .as("an s3a:// lake needs hadoop-aws at the distribution's Hadoop version")
        .contains("org.apache.hadoop:hadoop-aws:" + hadoop);
    assertThat(s3.get(0).arg("--lake")).startsWith("s3a://");
  }

  @Test
  @Order(1)
  void pipeline() throws Exception {
    SubmitLine line = readmeLine("pipeline");
    assertThat(line.args()).contains("--landing", "--lake");
    Path landing = REPO.resolve(line.arg("--landing"));
    assertThat(landing).as("README's --landing, from the repository's root").isDirectory();

    Run run = submit("pipeline", line, Map.of("--landing", landing.toString()), Map.of());

    assertThat(run.exit).as(run.describe()).isZero();
    JsonNode expected =
        JSON.readTree(REPO.resolve("sample-data/expected.json").toFile())
            .get(landing.getFileName().toString());
    JsonNode ingest = onlySummary("ingest");
    assertThat(ingest.get("status").asText()).as(run.describe()).isEqualTo("SUCCEEDED");
    for (String kind : List.of("events", "users", "transactions")) {
      for (String count : List.of("read", "cleansed", "duplicates", "quarantined")) {
        assertThat(ingest.at("/records/" + kind + "/" + count).asLong())
            .as("%s %s", kind, count)
            .isEqualTo(expected.at("/" + kind + "/" + count).asLong());
      }
    }
    JsonNode curate = onlySummary("curate");
    assertThat(curate.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(curate.at("/curated/events_enriched rows added").asLong())
        .isEqualTo(expected.at("/events/cleansed").asLong());
  }

  @Test
  @Order(2)
  void load() throws Exception {
    SubmitLine line = readmeLine("load");
    assertThat(line.args()).contains("--lake", "--warehouse-url");
    assertThat(line.arg("--warehouse-url")).startsWith("jdbc:postgresql://");
    warehouse = EmbeddedWarehouse.start(tmp.resolve("warehouse"));

    Run run =
        submit(
            "load",
            line,
            Map.of("--warehouse-url", warehouse.jdbcUrl()),
            // A jdbc: URL needs a password; the embedded server trusts local connections.
            Map.of("MEDALLION_WAREHOUSE_PASSWORD", "unused"));

    assertThat(run.exit).as(run.describe()).isZero();
    JsonNode curated = onlySummary("curate").get("curated");
    try (Connection c = DriverManager.getConnection(warehouse.jdbcUrl())) {
      assertThat(count(c, "analytics.events_enriched"))
          .as(run.describe())
          .isEqualTo(curated.get("events_enriched rows added").asLong())
          .isPositive();
      assertThat(count(c, "analytics.daily_event_metrics"))
          .isEqualTo(curated.get("daily_event_metrics rows written").asLong())
          .isPositive();
    }
    assertThat(onlySummary("load").get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  @Order(3)
  void theEmbeddedWarehouseIsAUsageErrorNotAMissingClass() throws Exception {
    Run run =
        submit(
            "load-embedded", readmeLine("load"), Map.of("--warehouse-url", "embedded"), Map.of());

    assertThat(run.exit).as(run.describe()).isEqualTo(MedallionCli.USAGE);
    assertThat(Files.readString(run.log))
        .as(run.describe())
        .contains("--warehouse-url: the embedded warehouse is not on this class path")
        .doesNotContain("NoClassDefFoundError");
  }

  @Test
  @Order(4)
  void streamAvailableNow() throws Exception {
    SubmitLine line = readmeLine("stream");
    assertThat(line.args()).contains("--stream", "--endpoint", "--lake", "--trigger");
    assertThat(line.arg("--trigger")).isEqualTo("available-now");
    KinesisEndpoint kinesis = LocalKinesis.endpoint();
    String stream = "spark-submit-" + ProcessHandle.current().pid();
    ProduceSummary produced;
    try (KinesisClient client = kinesis.client()) {
      KinesisStreams.ensure(client, stream, 2);
      produced =
          new EventProducer(
                  client,
                  stream,
                  ProduceOptions.of(400).withDuplicates(0.05).withMalformed(0.03).withSeed(11))
              .run();
    }

    Run run =
        submit(
            "stream", line, Map.of("--stream", stream, "--endpoint", kinesis.endpoint()), Map.of());

    assertThat(run.exit).as(run.describe()).isZero();
    JsonNode events = onlySummary("stream").at("/records/events");
    assertThat(events.get("read").asLong()).as(run.describe()).isEqualTo(produced.recordsPut());
    assertThat(events.get("cleansed").asLong()).isEqualTo(produced.distinctValidUuids());
    assertThat(events.get("duplicates").asLong()).isEqualTo(produced.duplicates());
    assertThat(events.get("quarantined").asLong()).isEqualTo(produced.malformed());
  }

  /** What a run exited with and printed. */
  record Run(int exit, Path log) {
    String describe() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "exit "
            + exit
            + ", last lines of "
            + log
            + ":\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
      } catch (IOException e) {
        return "exit " + exit + " (" + log + " unreadable: " + e + ")";
      }
    }
  }

  /**
   * Runs the README's {@code line} through SparkSubmit on the stock class path, with the values of
   * {@code replace} (and the test's lake) in place of the README's, and Delta as --jars.
   */
  static Run submit(
      String name, SubmitLine line, Map<String, String> replace, Map<String, String> env)
      throws Exception {
    Path jar = REPO.resolve(line.jar());
    assertThat(jar).as("README's job jar, which the build makes").isRegularFile();
    assertThat(line.options().keySet()).containsExactly("--packages", "--class");
    assertThat(line.options().get("--class")).isEqualTo(MedallionCli.class.getName());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Spark's launcher passes these on Java 17 (the parent pom's medallion.jvm.opens).
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect.useDirectMethodHandle")
          || arg.startsWith("-Dio.netty.tryReflectionSetAccessible")) {
        command.add(arg);
      }
    }
    command.add("-Xmx1g"); // spark-submit's default --driver-memory
    command.add("-Djava.io.tmpdir=" + tmp);
    // The distribution's conf/log4j2.properties: Spark at WARN, Medallion's progress at INFO.
    command.add("-Dlog4j2.configurationFile=" + REPO.resolve("conf/log4j2.properties"));
    command.addAll(List.of("-cp", String.join(File.pathSeparator, stockClasspath())));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(
        List.of(
            "--master", "local[2]",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.sql.shuffle.partitions=4",
            "--conf", "spark.default.parallelism=4",
            "--conf", "spark.databricks.delta.snapshotPartitions=2",
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.sql.warehouse.dir=" + tmp.resolve("spark-warehouse").toUri()));
    command.add("--jars");
    command.add(
        String.join(
            ",",
            deltaJars(line.options().get("--packages")).stream().map(Path::toString).toList()));
    command.addAll(List.of("--class", line.options().get("--class"), jar.toString()));
    Map<String, String> values = new LinkedHashMap<>(replace);
    values.put("--lake", lake.toString());
    List<String> args = new ArrayList<>(line.args());
    for (int i = 1; i < args.size() - 1; i++) {
      String value = values.get(args.get(i));
      if (value != null) {
        args.set(i + 1, value);
      }
    }
    command.addAll(args);

    Path log = tmp.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new AssertionError(
            "spark-submit " + name + " still running after " + TIMEOUT_MINUTES + " min: " + log);
      }
    } finally {
      process.destroyForcibly();
    }
    return new Run(process.exitValue(), log);
  }

  /** The one run summary that {@code job} wrote in the lake. */
  static JsonNode onlySummary(String job) throws IOException {
    try (Stream<Path> files = Files.list(lake.resolve("_runs").resolve(job))) {
      List<Path> summaries =
          files.filter(p -> p.getFileName().toString().matches("[^.].*\\.json")).toList();
      assertThat(summaries).as("run summaries of %s", job).hasSize(1);
      return JSON.readTree(summaries.get(0).toFile());
    }
  }

  static long count(Connection c, String table) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
