package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.dashboard.Answers;
import dev.medallion.dashboard.DashboardPage;
import dev.medallion.kinesis.KinesisEmulator;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.LocalTrees;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.pages.Pages;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.query.OutputFormat;
import dev.medallion.query.QueryRunner;
import dev.medallion.report.ReportPage;
import dev.medallion.report.RunReport;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.stream.StreamConfig;
import dev.medallion.stream.StreamJob;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.jdbc.PasswordSources;
import dev.medallion.warehouse.jdbc.WarehouseConnector;
import dev.medallion.warehouse.jdbc.WarehouseTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the pipeline on the sample data, one landing folder (run-1, run-2, ...) at a time, into a",
      "fresh lake, printing each run's summary, then answer a few questions with SQL. The second",
      "run reads only the files that arrived since the first: that is the incremental run. After",
      "each run the curated tables are loaded into an embedded PostgreSQL, which answers a query",
      "at the end. Then events arrive on a Kinesis stream (a local emulator) and the streaming",
      "job reads them into the same lake and curates them itself; the load takes on from there."
    })
final class DemoCommand implements Callable<Integer> {
  static final String MARKER = ".medallion-demo";

  static final List<String> QUERIES =
      List.of(
          "SELECT event_date, event_type, country, events, distinct_users,"
              + " round(value_sum, 2) AS value_sum, revenue"
              + " FROM curated.daily_event_metrics ORDER BY revenue DESC, events DESC LIMIT 8",
          "SELECT reason, count(*) AS records FROM quarantine.records"
              + " LATERAL VIEW explode(reasons) r AS reason GROUP BY reason ORDER BY records DESC,"
              + " reason",
          "SELECT count(*) AS events, count(DISTINCT event_uuid) AS distinct_uuids,"
              + " sum(CASE WHEN user_name IS NULL THEN 1 ELSE 0 END) AS without_known_user,"
              + " sum(CASE WHEN is_late THEN 1 ELSE 0 END) AS late"
              + " FROM curated.events_enriched");

  @Option(
      names = "--sample-data",
      paramLabel = "DIR",
      defaultValue = "sample-data",
      description = "The sample data: run-1/, run-2/, ... as 'medallion sample' writes them.")
  Path sampleData;

  @Option(
      names = "--lake",
      paramLabel = "DIR",
      defaultValue = "lake",
      description = "The demo lake (recreated).")
  Path lake;

  @Option(
      names = "--landing",
      paramLabel = "DIR",
      defaultValue = "demo-landing",
      description = "The demo landing area, where each run's files arrive (recreated).")
  Path landing;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      defaultValue = "demo-warehouse",
      description =
          "The demo warehouse: an embedded PostgreSQL 17 whose data is kept here (recreated).")
  Path warehouse;

  @Option(
      names = "--pages",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where the demo writes its dashboard.html and report.html.")
  Path pages;

  @Option(
      names = "--no-stream",
      description =
          "Leave out the streaming part (events through a local Kinesis emulator into the same"
              + " lake; it needs Node.js).")
  boolean noStream;

  static final String STREAM = "medallion-demo";
  static final int STREAM_EVENTS = 1000;

  /** Micro-batches of 500 records: after the first, the watermark makes the late events late. */
  static final int STREAM_BATCH = 500;

  /** What the demo asks the warehouse once the lake is loaded. */
  static final String WAREHOUSE_QUERY =
      "SELECT event_type, sum(events) AS events, sum(distinct_users) AS user_days,"
          + " sum(revenue) AS revenue FROM analytics.daily_event_metrics"
          + " GROUP BY event_type ORDER BY revenue DESC, event_type";

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws IOException, SQLException {
    List<Path> runs = runFolders(sampleData);
    recreate(lake, "--lake");
    recreate(landing, "--landing");
    recreate(warehouse, "--warehouse");
    try (WarehouseConnector connector =
        WarehouseConnector.open(
            WarehouseTarget.parse("embedded:" + warehouse.resolve("pg").toAbsolutePath(), null),
            PasswordSources.environment(System.getenv()),
            WarehouseConnector.DEFAULT_RETRY,
            Progress.to(System.out, LoadJob.JOB)::step)) {
      return run(runs, connector);
    }
  }

  private int run(List<Path> runs, WarehouseConnector warehouseConnector)
      throws IOException, SQLException {
    SparkSession session = spark.session("demo");
    Pipeline pipeline = new Pipeline(session, System.out);
    IngestConfig config =
        new IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            LakeLocation.parse("--lake", lake.toString()),
            false,
            IngestConfig.DEFAULT_LATE_POLICY,
            IngestConfig.DEFAULT_LATE_THRESHOLD);
    for (Path run : runs) {
      System.out.println();
      System.out.println(">>> new files arrive: " + sampleData.relativize(run) + " -> " + landing);
      LocalTrees.copy(run, landing);
      pipeline.run(config);
      WarehouseOptions.load(
          session,
          new LoadConfig(config.lake(), Dialect.POSTGRES, false, Optional.empty()),
          warehouseConnector,
          System.out);
    }
    if (!noStream) {
      streamPart(session, config.lake(), warehouseConnector);
    }
    QueryRunner runner = new QueryRunner(session);
    runner.attach(config.lake());
    for (String sql : QUERIES) {
      System.out.println();
      System.out.println("medallion query> " + sql);
      runner.run(sql, OutputFormat.TABLE, 50, System.out);
    }
    System.out.println();
    System.out.println(
        "warehouse (PostgreSQL "
            + warehouseConnector.target().redacted()
            + ")> "
            + WAREHOUSE_QUERY);
    try (Connection c = warehouseConnector.connect()) {
      JdbcTable.print(c, WAREHOUSE_QUERY, System.out);
    }
    Path dashboard =
        Pages.write(
            pages.resolve("dashboard.html"),
            DashboardPage.html(new Answers(session).of(config.lake(), 0)));
    Path report =
        Pages.write(
            pages.resolve("report.html"),
            ReportPage.html(
                RunReport.read(
                    new HadoopFiles(session.sparkContext().hadoopConfiguration()), config.lake())));
    System.out.println();
    System.out.println(">>> pages to look at, in a browser:");
    System.out.println("  dashboard: " + dashboard);
    System.out.println("  report:    " + report);
    System.out.println(
        "  (a live dashboard that follows the lake: bin/medallion dashboard --lake "
            + lake
            + " --serve)");
    System.out.println();
    System.out.println("The lake is in " + lake.toAbsolutePath() + "; ask it anything, e.g.:");
    System.out.println(
        "  bin/medallion query --lake "
            + lake
            + " \"SELECT event_type, count(*) FROM cleansed.events GROUP BY event_type\"");
    return MedallionCli.OK;
  }

  /**
   * Events on a Kinesis stream: the local emulator, a producer putting events with retries, late
   * and malformed ones, the streaming job reading them until caught up into the same lake, then the
   * warehouse load, as on AWS. Skipped, saying why, where Node.js is missing.
   */
  private void streamPart(SparkSession session, LakeLocation lake, WarehouseConnector warehouse) {
    System.out.println();
    Optional<String> unavailable = KinesisEmulator.unavailableReason();
    if (unavailable.isPresent()) {
      System.out.println(">>> streaming part skipped: " + unavailable.get());
      return;
    }
    try (KinesisEmulator emulator = KinesisEmulator.start()) {
      System.out.println(
          ">>> events arrive on the Kinesis stream "
              + STREAM
              + " (a local emulator at "
              + emulator.endpoint()
              + ")");
      try (KinesisClient client = emulator.kinesis().client()) {
        KinesisStreams.ensure(client, STREAM, 2);
        ProduceSummary produced =
            new EventProducer(
                    client,
                    STREAM,
                    ProduceOptions.of(STREAM_EVENTS)
                        .withDuplicates(0.03)
                        .withLate(0.02)
                        .withMalformed(0.02)
                        .withSeed(SampleDataGenerator.DEFAULT_SEED))
                .run();
        System.out.print(produced.render());
      }
      StreamConfig config =
          StreamConfig.of(
              STREAM,
              emulator.kinesis(),
              lake.uri(),
              null,
              StreamConfig.AVAILABLE_NOW,
              null,
              null,
              null,
              null,
              null,
              STREAM_BATCH,
              null);
      StreamJob.Result result =
          new StreamJob(
                  session, Progress.silent(), new PrintStream(OutputStream.nullOutputStream()))
              .run(config);
      System.out.print(RunSummaries.render(result.summary()));
      long curated =
          new Lake(session, lake)
              .read(LakeTable.CURATED_EVENTS_ENRICHED)
              .where(functions.col(Columns.INGEST_RUN).equalTo(Columns.STREAM_INGEST_RUN))
              .count();
      long[] latencies = result.metrics().latencies(); // sorted
      System.out.printf(
          ">>> the stream curated its events itself: curated.events_enriched holds %,d streamed"
              + " events%s%n",
          curated,
          latencies.length == 0
              ? ""
              : String.format(
                  "; from the producer to curated took %.1f s at the median, %.1f s at most"
                      + " (the backlog was read at once)",
                  latencies[latencies.length / 2] / 1000.0,
                  latencies[latencies.length - 1] / 1000.0));
      WarehouseOptions.load(
          session,
          new LoadConfig(lake, Dialect.POSTGRES, false, Optional.empty()),
          warehouse,
          System.out);
    }
  }

  static List<Path> runFolders(Path sampleData) throws IOException {
    if (!Files.isDirectory(sampleData)) {
      throw new ConfigException(
          "--sample-data",
          "there is no directory " + sampleData.toAbsolutePath(),
          "run the demo from the repository root, or pass --sample-data DIR"
              + " (write one with 'medallion sample --out DIR')");
    }
    try (Stream<Path> children = Files.list(sampleData)) {
      List<Path> runs =
          children
              .filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("run-\\d+"))
              .sorted(
                  Comparator.comparingInt(
                      p -> Integer.parseInt(p.getFileName().toString().substring(4))))
              .toList();
      if (runs.isEmpty()) {
        throw new ConfigException(
            "--sample-data",
            sampleData.toAbsolutePath() + " has no run-1/, run-2/, ... folders",
            "regenerate it with 'medallion sample --out " + sampleData + "'");
      }
      return runs;
    }
  }

  /** Empties a directory the demo made before; refuses to touch one it did not make. */
  static void recreate(Path dir, String option) throws IOException {
    if (Files.exists(dir)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(dir.resolve(MARKER))) {
        throw new ConfigException(
            option,
            dir.toAbsolutePath() + " exists and was not made by the demo, so it is left alone",
            "remove it, or pass " + option + " with another directory");
      }
      LocalTrees.delete(dir);
    }
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(MARKER),
        "made by 'medallion demo': it empties this directory on its next run\n");
  }
}
