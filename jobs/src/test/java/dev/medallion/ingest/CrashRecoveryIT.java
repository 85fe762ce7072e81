package dev.medallion.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.lake.LocalTrees;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.run.Faults;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.testing.Landing;
import dev.medallion.testing.SharedSpark;
import dev.medallion.transform.LatePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies anywhere and is run again must leave the same tables as a run that never died.
 * Starting from the lake after run 1, run 2 dies at one fault point after another, each time in the
 * redo of the attempt before, and the last redo's tables are compared with an uninterrupted run 2,
 * row for row.
 */
@Tag("integration")
class CrashRecoveryIT {
  /** Columns that hold the wall-clock time of a run, which differs between two lakes. */
  private static final Set<String> RUN_TIME_COLUMNS =
      Set.of(Columns.INGESTED_AT, Columns.RUN_ID, Columns.INGEST_DATE, Columns.CURATED_AT);

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path landing;
  static Path afterRunOne;
  static LakeLocation reference;
  static RunSummary referenceRunTwo;

  @BeforeAll
  static void runTheReferenceLake() {
    spark = SharedSpark.get();
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(5L, 300, 2).writeTo(sample);
    landing = tmp.resolve("landing");
    afterRunOne = tmp.resolve("lake-after-run-1");
    Path referenceDir = tmp.resolve("reference");
    reference = LakeLocation.parse("--lake", referenceDir.toString());

    LocalTrees.copy(sample.resolve("run-1"), landing);
    pipeline().run(config(LakeLocation.parse("--lake", afterRunOne.toString())));
    LocalTrees.copy(afterRunOne, referenceDir);
    LocalTrees.copy(sample.resolve("run-2"), landing);
    referenceRunTwo = pipeline().run(config(reference)).get(0);
  }

  @AfterEach
  void noFault() {
    System.clearProperty("MEDALLION_FAULT");
  }

  /**
   * Run 2 dies at each fault point in turn, each attempt the redo of the one before (a crash during
   * recovery is a crash too), in the order a run reaches them: every point is followed by a
   * recovery that starts there. The attempt that gets through ingest must count what the
   * uninterrupted run 2 counted, and the last one must leave every table as the uninterrupted run
   * did, row for row.
   */
  @Test
  void aRunKilledAtEveryPointInTurnAndRunAgainLeavesTheSameTables() {
    Path copy = tmp.resolve("lake-killed");
    LocalTrees.copy(afterRunOne, copy);
    LakeLocation lake = LakeLocation.parse("--lake", copy.toString());

    for (String point :
        List.of(
            "ingest.raw-written",
            "ingest.references-written",
            "ingest.cleansed-written",
            "ingest.before-commit")) {
      System.setProperty("MEDALLION_FAULT", point);
      assertThatThrownBy(() -> pipeline().run(config(lake)))
          .as("killed at %s", point)
          .isInstanceOf(Faults.InjectedFault.class)
          .hasMessageContaining(point);
    }
    // This attempt gets through ingest, which counts exactly what the uninterrupted run 2 did,
    // and dies in curate.
    System.setProperty("MEDALLION_FAULT", "curate.enriched-written");
    assertThatThrownBy(() -> pipeline().run(config(lake)))
        .isInstanceOf(Faults.InjectedFault.class)
        .hasMessageContaining("curate.enriched-written");
    RunSummary redone = ingestSummaryOfRun(copy, referenceRunTwo.run());
    assertThat(redone.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(redone.run()).isEqualTo(referenceRunTwo.run());
    assertThat(redone.records()).isEqualTo(referenceRunTwo.records());
    System.setProperty("MEDALLION_FAULT", "curate.before-commit");
    assertThatThrownBy(() -> pipeline().run(config(lake)))
        .isInstanceOf(Faults.InjectedFault.class)
        .hasMessageContaining("curate.before-commit");
    System.clearProperty("MEDALLION_FAULT");

    pipeline().run(config(lake));

    assertThat(Files.exists(copy.resolve("_state/ingest/plan.json"))).isFalse();
    assertThat(Files.exists(copy.resolve("_state/curate/plan.json"))).isFalse();
    for (LakeTable table : LakeTable.values()) {
      assertSameRows(table, lake);
    }
  }

  /**
   * Compares a table's rows with the reference lake's as two sorted lists of rows, fetched with one
   * Spark job each: the tables are small, and a comparison in Spark (counts and two exceptAll)
   * costs three shuffling jobs a table.
   */
  private static void assertSameRows(LakeTable table, LakeLocation lake) {
    List<String> expected =
        REFERENCE_ROWS.computeIfAbsent(table, t -> comparable(new Lake(spark, reference).read(t)));
    List<String> actual = comparable(new Lake(spark, lake).read(table));
    assertThat(actual).as("%s rows", table.qualifiedName()).isEqualTo(expected);
  }

  /** The reference lake's rows, read once for all the cases. */
  private static final Map<LakeTable, List<String>> REFERENCE_ROWS = new EnumMap<>(LakeTable.class);

  /** The rows without the run-time columns, in a canonical order, as text. */
  private static List<String> comparable(Dataset<Row> rows) {
    Column[] kept =
        Arrays.stream(rows.columns())
            .filter(c -> !RUN_TIME_COLUMNS.contains(c))
            .sorted()
            .map(
                c ->
                    c.equals(Columns.ATTRIBUTES)
                        ? org.apache.spark.sql.functions.to_json(rows.col(c)).as(c)
                        : rows.col(c))
            .toArray(Column[]::new);
    return rows.select(kept).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The summary the lake holds for ingest run {@code run} (one file a run, its last attempt's). */
  private static RunSummary ingestSummaryOfRun(Path lake, long run) {
    String prefix = String.format("%06d-", run);
    try (Stream<Path> files = Files.list(lake.resolve("_runs/ingest"))) {
      Path file =
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no summary of ingest run " + run));
      return RunSummaries.fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Pipeline pipeline() {
    return new Pipeline(spark, Landing.quiet());
  }

  private static IngestConfig config(LakeLocation lake) {
    return new IngestConfig(
        LakeLocation.parse("--landing", landing.toString()),
        lake,
        false,
        LatePolicy.KEEP,
        Duration.ofDays(3));
  }
}
