package dev.medallion.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.bookmark.FileBookmark;
import dev.medallion.bookmark.SourceFile;
import dev.medallion.bookmark.store.BookmarkStore;
import dev.medallion.bookmark.store.ConcurrentRunException;
import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.bookmark.store.RunLease;
import dev.medallion.bookmark.store.RunPlan;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.load.LoadConfig;
import dev.medallion.load.LoadJob;
import dev.medallion.load.RecordingWarehouse;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import dev.medallion.warehouse.Dialect;
import dev.medallion.warehouse.LoadSql;
import dev.medallion.warehouse.WarehouseColumn;
import dev.medallion.warehouse.WarehouseTable;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing area and the lake on S3, by configuration alone: the command line is given {@code
 * s3a://} URIs and {@code --conf} settings for an S3-compatible server (S3Proxy, in memory, inside
 * this JVM), and the pipeline gives the same counts as on a local disk, incrementally.
 */
@Tag("integration")
// An in-process S3 server and whole pipeline runs on it (about three minutes of test JVM time):
// with the long suites. The warehouse load itself is in every build (LoadIT).
@Tag("long")
class S3LakeIT {
  private static final String ACCESS = "medallion-access";
  private static final String SECRET = "medallion-secret";
  private static final String BUCKET = "medallion";

  @TempDir static Path tmp;
  static S3Proxy proxy;
  static BlobStoreContext blobs;
  static String endpoint;
  static JsonNode expected;
  static Path sample;

  @BeforeAll
  static void startS3() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    endpoint = "http://127.0.0.1:" + port;
    blobs =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS, SECRET)
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create(endpoint))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    for (int i = 0; i < 100 && !proxy.getState().equals("STARTED"); i++) {
      Thread.sleep(50);
    }
    blobs.getBlobStore().createContainerInLocation(null, BUCKET);
    sample = tmp.resolve("sample");
    new SampleDataGenerator(31L, 300, 2).writeTo(sample);
    expected = new ObjectMapper().readTree(sample.resolve("expected.json").toFile());
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (proxy != null) {
      proxy.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  /** The Hadoop settings that reach this server. */
  static Map<String, String> s3() {
    return Map.of(
        "fs.s3a.endpoint", endpoint,
        "fs.s3a.endpoint.region", "us-east-1",
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "fs.s3a.access.key", ACCESS,
        "fs.s3a.secret.key", SECRET);
  }

  /** What a user passes on the command line to use this server: nothing else changes. */
  static List<String> s3Settings() {
    List<String> args = new ArrayList<>();
    s3().forEach((k, v) -> args.addAll(List.of("--conf", "spark.hadoop." + k + "=" + v)));
    args.addAll(List.of("--conf", "spark.sql.shuffle.partitions=2"));
    return args;
  }

  /** Files arriving in the S3 landing area: each file of a run folder, at its relative path. */
  static void arrive(Path runFolder, String landing) throws Exception {
    Configuration conf = new Configuration();
    s3().forEach(conf::set);
    FileSystem fs = FileSystem.get(URI.create(landing), conf);
    try (Stream<Path> all = Files.walk(runFolder)) {
      for (Path file : all.filter(Files::isRegularFile).sorted().toList()) {
        fs.copyFromLocalFile(
            new org.apache.hadoop.fs.Path(file.toUri()),
            new org.apache.hadoop.fs.Path(landing + "/" + runFolder.relativize(file)));
      }
    }
  }

  static String run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(s3Settings());
    Cli.Result result = Cli.run(all.toArray(String[]::new));
    assertThat(result.exit()).as(result.both()).isZero();
    return result.out();
  }

  @Test
  void thePipelineRunsIncrementallyOnS3AndCountsWhatTheRulesImply() throws Exception {
    String landing = "s3a://" + BUCKET + "/landing";
    String lake = "s3a://" + BUCKET + "/lake";
    SparkSession spark = SharedSpark.get();
    for (int runNumber = 1; runNumber <= 2; runNumber++) {
      arrive(sample.resolve("run-" + runNumber), landing);
      run("pipeline", "--landing", landing, "--lake", lake);
    }
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    LakeLocation location = LakeLocation.parse("--lake", lake);
    List<String> runs = files.list(location.resolve("_runs/ingest"));
    assertThat(runs).hasSize(2);
    for (String name : runs) {
      RunSummary summary =
          RunSummaries.fromJson(files.readString(location.resolve("_runs/ingest/" + name)));
      JsonNode want = expected.get("run-" + summary.run()).get("events");
      assertThat(summary.records().get("events").read()).isEqualTo(want.get("read").asLong());
      assertThat(summary.records().get("events").cleansed())
          .isEqualTo(want.get("cleansed").asLong());
      assertThat(summary.records().get("events").duplicates())
          .isEqualTo(want.get("duplicates").asLong());
      assertThat(summary.files().get("events").read()).as("only the new files").isEqualTo(3);
    }
    assertThat(new Lake(spark, location).exists(LakeTable.CURATED_DAILY_EVENT_METRICS)).isTrue();
    long cleansed =
        expected.get("run-1").get("events").get("cleansed").asLong()
            + expected.get("run-2").get("events").get("cleansed").asLong();
    String csv =
        run(
            "query",
            "--lake",
            lake.replace("s3a://", "s3://"), // Glue's scheme: served by S3A off Glue
            "--format",
            "csv",
            "SELECT count(*) AS n FROM curated.events_enriched");
    assertThat(csv).isEqualTo("n\r\n" + cleansed + "\r\n");
  }

  @Test
  void theBookmarkStoreWorksOnS3WithTheSameCode() {
    Configuration conf = new Configuration();
    s3().forEach(conf::set);
    String lake = "s3a://" + BUCKET + "/state-only-lake";
    BookmarkStore store = new HadoopBookmarkStore(new HadoopFiles(conf), lake, "ingest");
    RunPlan plan =
        new RunPlan(
            "ingest",
            1,
            RunPlan.runId(1, 1_000_000),
            1,
            0,
            1_000_000,
            "job-bookmark-enable",
            false,
            Map.of(),
            Map.of(),
            null);

    // a run attempt is claimed once
    store.claim(plan);
    assertThatThrownBy(() -> store.claim(plan)).isInstanceOf(ConcurrentRunException.class);
    assertThat(store.highestAttempt(1)).isEqualTo(1);

    // a version is committed once
    List<SourceFile> read =
        List.of(new SourceFile("s3a://" + BUCKET + "/landing/a.jsonl", 900_000));
    JobState v1 =
        JobState.initial("ingest")
            .committed(
                1,
                plan.runId(),
                1,
                Map.of(
                    "events",
                    FileBookmark.empty(FileBookmark.DEFAULT_MAX_BAND).after(1_000_000, read)),
                Map.of(),
                Map.of("events", read),
                Map.of());
    store.commit(v1);
    assertThatThrownBy(() -> store.commit(v1))
        .isInstanceOf(ConcurrentRunException.class)
        .hasMessageContaining("version mismatch");
    assertThat(store.current()).isEqualTo(v1);

    // a run holding the job keeps a reset out, and lets go when it ends
    try (RunLease running = store.lease("000002-x", 1, 1)) {
      assertThat(store.liveLease()).map(RunLease.Holder::runId).contains("000002-x");
      assertThatThrownBy(store::reset).isInstanceOf(ConcurrentRunException.class);
    }
    assertThat(store.liveLease()).isEmpty();

    // reset, then rewind back to what run 1 left
    assertThat(store.reset().bookmarks()).isEmpty();
    assertThat(store.rewind(plan.runId()).bookmarks()).isEqualTo(v1.bookmarks());
    assertThat(store.versions()).containsExactly(1L, 2L, 3L);

    // and the command line shows it, given the same settings as the jobs
    String show =
        run("bookmarks", "show", "--job", "ingest", "--lake", lake.replace("s3a://", "s3://"));
    assertThat(show)
        .contains("bookmark version 3, rewound to after run " + plan.runId())
        .contains("in progress: none");
  }

  @Test
  void aRedshiftLoadStagesParquetOnS3AndSendsCopyMergeAndStateInOneTransaction() throws Exception {
    // A small curated lake on local disk; the increment goes to S3 as Redshift reads it.
    SparkSession spark = SharedSpark.get();
    Path landing = tmp.resolve("redshift-landing");
    Path run1 = sample.resolve("run-1");
    try (Stream<Path> all = Files.walk(run1)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        Path to = landing.resolve(run1.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    LakeLocation lake = LakeLocation.parse("--lake", tmp.resolve("redshift-lake").toString());
    new dev.medallion.pipeline.Pipeline(spark, dev.medallion.testing.Landing.quiet())
        .run(
            new dev.medallion.config.IngestConfig(
                LakeLocation.parse("--landing", landing.toString()),
                lake,
                false,
                dev.medallion.transform.LatePolicy.KEEP,
                java.time.Duration.ofDays(3)));
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    s3().forEach(conf::set);
    String role = "arn:aws:iam::123456789012:role/medallion-redshift-copy";
    Map<String, List<WarehouseColumn>> created = new java.util.HashMap<>();
    for (Map.Entry<LakeTable, List<String>> e : LoadJob.TABLES.entrySet()) {
      created.put(
          e.getKey().tableName(),
          WarehouseTable.of(
                  Dialect.REDSHIFT,
                  LoadJob.SCHEMA,
                  e.getKey().tableName(),
                  dev.medallion.contract.Schemas.of(e.getKey()),
                  e.getValue())
              .columns());
    }
    RecordingWarehouse redshift = new RecordingWarehouse(created);

    RunSummary summary =
        new LoadJob(spark, dev.medallion.run.Progress.silent())
            .run(
                new LoadConfig(
                    lake,
                    Dialect.REDSHIFT,
                    false,
                    Optional.of(
                        new LoadConfig.RedshiftStaging("s3://" + BUCKET + "/staging/", role))),
                () -> redshift,
                "redshift (recorded)");

    LoadSql sql = new LoadSql(Dialect.REDSHIFT);
    String prefix = "s3://" + BUCKET + "/staging/" + summary.runId() + "/";
    List<String> expected = new ArrayList<>();
    expected.add(sql.createSchema(LoadJob.SCHEMA));
    expected.add(sql.createStateTable(LoadJob.SCHEMA));
    expected.add(sql.lockState(LoadJob.SCHEMA));
    for (String name : List.of("events_enriched", "daily_event_metrics")) {
      LakeTable table =
          name.equals("events_enriched")
              ? LakeTable.CURATED_EVENTS_ENRICHED
              : LakeTable.CURATED_DAILY_EVENT_METRICS;
      WarehouseTable t =
          WarehouseTable.of(
              Dialect.REDSHIFT,
              LoadJob.SCHEMA,
              name,
              dev.medallion.contract.Schemas.of(table),
              LoadJob.TABLES.get(table));
      List<String> staged = new ArrayList<>(t.columnNames());
      staged.add(LoadSql.OP);
      String staging = "_medallion_stage_" + name;
      expected.add(sql.selectState(LoadJob.SCHEMA) + " -- [" + name + "]");
      expected.add(sql.createTable(t));
      expected.add(sql.truncate(t)); // the first load is whole
      expected.add(sql.createStaging(t, staging));
      expected.add(sql.copyFromS3(staging, staged, prefix + name, role));
      expected.addAll(sql.merge(t, staging));
      List<String> state = sql.upsertState(LoadJob.SCHEMA);
      expected.add(state.get(0) + " -- [" + name + "]");
      expected.add(
          state.get(1) + " -- [" + name + ", " + new Lake(spark, lake).version(table) + "]");
      expected.add(sql.dropStaging(staging));

      // What Redshift would COPY: Parquet with the staging table's columns in order, _op last.
      Dataset<Row> parquet = spark.read().parquet((prefix + name).replace("s3://", "s3a://"));
      assertThat(parquet.columns()).containsExactlyElementsOf(staged);
      assertThat(parquet.count()).isEqualTo(new Lake(spark, lake).read(table).count());
    }
    assertThat(redshift.statements).containsExactlyElementsOf(expected);
    assertThat(redshift.committed).isTrue();
    assertThat(String.join("\n", redshift.statements))
        .contains("COPY _medallion_stage_events_enriched")
        .contains("FROM '" + prefix + "events_enriched'")
        .contains("IAM_ROLE '" + role + "'")
        .contains("FORMAT AS PARQUET");
  }
}
