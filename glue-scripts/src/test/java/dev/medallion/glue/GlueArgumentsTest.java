package dev.medallion.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.bookmark.BookmarkOption;
import dev.medallion.config.ConfigException;
import dev.medallion.config.CurateConfig;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.MaintenanceConfig;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The entry points' arguments, resolved by Glue's parser (the stub with the rules of {@code
 * getResolvedOptions}) into the jobs' configurations. Nothing here starts Spark: a wrong argument
 * fails before Spark would.
 */
class GlueArgumentsTest {

  private static IngestConfig ingest(String... args) {
    GlueEntryPoint<IngestConfig> entry = IngestGlueJob.ENTRY_POINT;
    return entry.config(entry.arguments(args));
  }

  private static CurateConfig curate(String... args) {
    GlueEntryPoint<CurateConfig> entry = CurateGlueJob.ENTRY_POINT;
    return entry.config(entry.arguments(args));
  }

  private static MaintenanceConfig maintenance(String... args) {
    GlueEntryPoint<MaintenanceConfig> entry = MaintenanceGlueJob.ENTRY_POINT;
    return entry.config(entry.arguments(args));
  }

  private static String[] with(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }

  private static final String[] INGEST = {
    "--JOB_NAME", "medallion-ingest", "--lake", "s3a://bucket/lake", "--landing", "s3a://bucket/in"
  };

  @Test
  void aMissingLakeFailsInMainNamingItBeforeSparkStarts() {
    assertThatThrownBy(
            () -> IngestGlueJob.main(new String[] {"--JOB_NAME", "x", "--landing", "/landing"}))
        .isInstanceOf(RuntimeException.class)
        .hasMessageStartingWith("the following arguments are required: --lake.");
    assertThatThrownBy(() -> CurateGlueJob.main(new String[] {"--JOB_NAME", "x"}))
        .isInstanceOf(RuntimeException.class)
        .hasMessageStartingWith("the following arguments are required: --lake.");
  }

  @Test
  void everyMissingRequiredArgumentIsNamedAtOnce() {
    assertThatThrownBy(() -> IngestGlueJob.main(new String[0]))
        .hasMessageStartingWith(
            "the following arguments are required: --JOB_NAME, --lake, --landing.");
  }

  @Test
  void anOptionWithoutItsValueFailsNamingIt() {
    assertThatThrownBy(() -> ingest(with(INGEST, "--late-policy")))
        .hasMessageStartingWith("argument --late-policy: expected one argument.");
    assertThatThrownBy(
            () -> ingest("--JOB_NAME", "x", "--lake", "--landing", "s3a://bucket/landing"))
        .hasMessageStartingWith("argument --lake: expected one argument.");
  }

  @Test
  void ingestDefaultsAreTheCommandLinesButTheBookmarkIsGluesDefault() {
    IngestConfig config = ingest(INGEST);

    assertThat(config.lake().uri()).isEqualTo("s3a://bucket/lake");
    assertThat(config.landing().uri()).isEqualTo("s3a://bucket/in");
    assertThat(config.reprocessAll()).isFalse();
    assertThat(config.latePolicy()).isEqualTo(IngestConfig.DEFAULT_LATE_POLICY);
    assertThat(config.lateThreshold()).isEqualTo(IngestConfig.DEFAULT_LATE_THRESHOLD);
    // Glue's parser yields job-bookmark-disable when the job has no --job-bookmark-option.
    assertThat(config.bookmark().option()).isEqualTo(BookmarkOption.DISABLE);
  }

  @Test
  void ingestTakesItsOptionalArgumentsInEitherSpellingAndTheLastOneWins() {
    IngestConfig config =
        ingest(
            with(
                INGEST,
                "--late-policy",
                "keep",
                "--late-threshold=90m",
                "--reprocess-all",
                "TRUE",
                "--job-bookmark-option",
                "job-bookmark-enable",
                "--late-policy=quarantine"));

    assertThat(config.latePolicy()).isEqualTo(LatePolicy.QUARANTINE);
    assertThat(config.lateThreshold()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.reprocessAll()).isTrue();
    assertThat(config.bookmark().option()).isEqualTo(BookmarkOption.ENABLE);
  }

  @Test
  void gluesOwnArgumentsAreIgnored() {
    IngestConfig config =
        ingest(
            with(
                INGEST,
                "--JOB_ID",
                "j_1",
                "--JOB_RUN_ID",
                "jr_1",
                "--TempDir",
                "s3://bucket/tmp",
                "--enable-metrics",
                "true",
                "--datalake-formats",
                "delta"));

    assertThat(config.lake().uri()).isEqualTo("s3a://bucket/lake");
  }

  @Test
  void aPausedRangeReachesTheBookmarkSettings() {
    IngestConfig config =
        ingest(
            with(
                INGEST,
                "--job-bookmark-option",
                "job-bookmark-pause",
                "--job-bookmark-from",
                "3",
                "--job-bookmark-to",
                "5"));

    assertThat(config.bookmark().option()).isEqualTo(BookmarkOption.PAUSE);
    assertThat(config.bookmark().from()).contains("3");
    assertThat(config.bookmark().to()).contains("5");
  }

  @Test
  void wrongValuesFailNamingTheirOption() {
    assertThatThrownBy(() -> ingest(with(INGEST, "--late-policy", "drop")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--late-policy: 'drop' is not a late policy. Use one of keep");
    assertThatThrownBy(() -> ingest(with(INGEST, "--late-threshold", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--late-threshold:");
    assertThatThrownBy(() -> ingest(with(INGEST, "--reprocess-all", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--reprocess-all: 'yes' is not true or false. Pass --reprocess-all true, or"
                + " leave it out (false).");
    assertThatThrownBy(() -> ingest(with(INGEST, "--job-bookmark-option", "job-bookmark-on")))
        .hasMessageStartingWith("argument --job-bookmark-option: invalid choice:");
  }

  @Test
  void curateFollowsTheBookmarkOption() {
    String[] lake = {"--JOB_NAME", "medallion-curate", "--lake", "s3a://bucket/lake"};

    assertThat(curate(with(lake, "--job-bookmark-option", "job-bookmark-enable")).fullRebuild())
        .isFalse();
    // Glue's default, job-bookmark-disable, curates everything again.
    assertThat(curate(lake).fullRebuild()).isTrue();
    assertThat(
            curate(
                    with(
                        lake,
                        "--job-bookmark-option",
                        "job-bookmark-enable",
                        "--full-rebuild=true"))
                .fullRebuild())
        .isTrue();
    assertThatThrownBy(() -> curate(with(lake, "--job-bookmark-option", "job-bookmark-pause")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--job-bookmark-option: curate does not take job-bookmark-pause");
  }

  @Test
  void jobInitGetsTheResolvedArgumentsByGluesKeys() {
    GlueEntryPoint.Arguments args =
        IngestGlueJob.ENTRY_POINT.arguments(with(INGEST, "--late-policy", "keep"));

    assertThat(args.jobName()).isEqualTo("medallion-ingest");
    assertThat(args.forJobInit())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "JOB_NAME", "medallion-ingest",
                "lake", "s3a://bucket/lake",
                "landing", "s3a://bucket/in",
                "late_policy", "keep",
                "job_bookmark_option", "job-bookmark-disable"));
  }

  @Test
  void aSessionWithoutTheDeltaExtensionIsRefusedNamingTheJobParameters() {
    assertThat(GlueEntryPoint.missingStaticSettings(key -> null))
        .containsExactly("spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension");
    assertThat(
            GlueEntryPoint.missingStaticSettings(
                key ->
                    key.equals("spark.sql.extensions")
                        ? "com.example.Other, io.delta.sql.DeltaSparkSessionExtension"
                        : null))
        .isEmpty();
  }

  @Test
  void sparkStartedByTheEntryPointIsLocalOnlyWhenNoMasterWasGiven() {
    SparkConf local = GlueEntryPoint.sparkConf("ingest");
    assertThat(local.get("spark.master")).startsWith("local");
    assertThat(local.get("spark.sql.extensions"))
        .isEqualTo("io.delta.sql.DeltaSparkSessionExtension");

    String before = System.getProperty("spark.master");
    System.setProperty("spark.master", "yarn");
    try {
      SparkConf launched = GlueEntryPoint.sparkConf("ingest");
      assertThat(launched.get("spark.master")).isEqualTo("yarn");
      assertThat(launched.contains("spark.ui.enabled")).isFalse();
      assertThat(launched.get("spark.databricks.delta.properties.defaults.enableChangeDataFeed"))
          .isEqualTo("true");
    } finally {
      Optional.ofNullable(before)
          .ifPresentOrElse(
              v -> System.setProperty("spark.master", v),
              () -> System.clearProperty("spark.master"));
    }
  }

  @Test
  void theLoadTakesItsWarehouseFromTheArgumentsAndRefusesAPasswordInTheUrl() {
    GlueEntryPoint<LoadGlueJob.Settings> entry = LoadGlueJob.ENTRY_POINT;
    LoadGlueJob.Settings redshift =
        entry.config(
            entry.arguments(
                new String[] {
                  "--JOB_NAME", "load",
                  "--lake", "s3://bucket/lake",
                  "--warehouse-url", "jdbc:redshift://cluster:5439/dev?user=loader",
                  "--warehouse-secret", "prod/warehouse",
                  "--redshift-staging", "s3://bucket/staging",
                  "--redshift-iam-role", "arn:aws:iam::123456789012:role/copy"
                }));
    assertThat(redshift.config().dialect()).isEqualTo(dev.medallion.warehouse.Dialect.REDSHIFT);
    assertThat(redshift.config().redshiftStaging()).isPresent();
    assertThat(redshift.secret()).isEqualTo("prod/warehouse");

    assertThatThrownBy(
            () ->
                entry.config(
                    entry.arguments(
                        new String[] {
                          "--JOB_NAME", "load",
                          "--lake", "s3://bucket/lake",
                          "--warehouse-url", "jdbc:redshift://cluster:5439/dev?user=loader"
                        })))
        .hasMessageContaining("--redshift-staging");
    assertThatThrownBy(
            () ->
                entry.config(
                    entry.arguments(
                        new String[] {
                          "--JOB_NAME", "load",
                          "--lake", "s3://bucket/lake",
                          "--warehouse-url", "jdbc:postgresql://db:5432/a?user=u&password=hunter2"
                        })))
        .hasMessageContaining("--warehouse-url")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void maintenanceTakesARetentionOfAtLeastDeltasUnlessAskedAndADryRun() {
    String[] lake = {"--JOB_NAME", "medallion-maintenance", "--lake", "s3a://bucket/lake"};

    MaintenanceConfig defaults = maintenance(lake);
    assertThat(defaults.retainHours()).isEqualTo(168);
    assertThat(defaults.dryRun()).isFalse();
    assertThat(maintenance(with(lake, "--retain", "14d", "--dry-run", "true")))
        .extracting(MaintenanceConfig::retainHours, MaintenanceConfig::dryRun)
        .containsExactly(336L, true);
    assertThatThrownBy(() -> maintenance(with(lake, "--retain", "1h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--retain: '1h' is shorter than the 168h");
    assertThat(
            maintenance(with(lake, "--retain", "1h", "--allow-short-retention", "true"))
                .retainHours())
        .isEqualTo(1);
  }
}
