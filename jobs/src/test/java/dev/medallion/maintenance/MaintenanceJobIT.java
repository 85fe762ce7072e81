package dev.medallion.maintenance;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static dev.medallion.contract.Columns.INGEST_RUN;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.bookmark.store.HadoopBookmarkStore;
import dev.medallion.bookmark.store.JobState;
import dev.medallion.cli.MedallionCli;
import dev.medallion.config.LakeLocation;
import dev.medallion.config.MaintenanceConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.dedup.index.UuidIndex;
import dev.medallion.lake.ConcurrentWrites;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.run.Progress;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance job on a lake whose tables were written in many small files (two small commits of
 * several files each, per table; two tables not created yet): a dry run changes nothing and
 * foresees what the run does; the run compacts every table without changing a row, merges the uuid
 * index into one segment that answers the same, and writes its summary; a run with a retention
 * shorter than Delta's is refused unless asked for, and then deletes the files compaction removed,
 * except those that curate's bookmark still needs.
 */
@Tag("integration")
class MaintenanceJobIT {
  static final List<LakeTable> WRITTEN =
      List.of(LakeTable.RAW_EVENTS, LakeTable.CLEANSED_EVENTS, LakeTable.CLEANSED_USERS);

  @TempDir Path dir;

  @Test
  void compactsEveryTableWithoutChangingARowMergesTheIndexAndVacuumsWhatNoBookmarkNeeds() {
    SparkSession spark = SharedSpark.get();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    LakeLocation location = LakeLocation.parse("--lake", dir.resolve("lake").toString());
    Lake lake = new Lake(spark, location);
    UuidIndex index = new UuidIndex(files, location);
    try (ConcurrentWrites writes = new ConcurrentWrites()) {
      for (LakeTable table : WRITTEN) {
        writes.submit(
            () -> {
              lake.ensure(table);
              for (int commit = 1; commit <= 2; commit++) {
                rows(spark, table, commit, 24)
                    .repartition(3)
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(lake.path(table));
              }
            });
      }
      writes.awaitAll();
    }
    Dataset<Row> cleansed = lake.read(LakeTable.CLEANSED_EVENTS);
    for (int run = 1; run <= 2; run++) {
      index.write(run, cleansed.where(col(INGEST_RUN).equalTo(run)), 24, cleansed);
    }
    // Curate has read cleansed.events up to its first append: the second one it still needs.
    long curated = lake.version(LakeTable.CLEANSED_EVENTS) - 1;
    HadoopBookmarkStore curate =
        new HadoopBookmarkStore(files, location.stateRoot(), BookmarkNeeds.CURATE_JOB);
    curate.commit(
        JobState.initial(BookmarkNeeds.CURATE_JOB)
            .next(1, "000001-x", 1, Map.of(BookmarkNeeds.CURATE_VERSION, Long.toString(curated))));
    Map<LakeTable, List<String>> rowsBefore = new EnumMap<>(LakeTable.class);
    Map<LakeTable, Long> versionsBefore = new EnumMap<>(LakeTable.class);
    for (LakeTable table : WRITTEN) {
      rowsBefore.put(table, sortedRows(lake, table));
      versionsBefore.put(table, lake.version(table));
    }
    List<String> probes = List.of("raw.events-1-0", "cleansed.events-1-3", "cleansed.events-2-23");
    assertThat(segments(files, location)).hasSize(2);

    // A dry run changes nothing and says what the run will leave.
    MaintenanceJob job = new MaintenanceJob(spark, Progress.silent());
    RunSummary dry = job.run(MaintenanceConfig.of(location, null, false, true));
    for (LakeTable table : WRITTEN) {
      assertThat(lake.version(table))
          .as("%s after a dry run", table)
          .isEqualTo(versionsBefore.get(table));
    }
    assertThat(files.exists(location.resolve("_runs/maintenance"))).isFalse();

    RunSummary run = job.run(MaintenanceConfig.of(location, null, false, false));

    assertThat(run.status()).isEqualTo(RunSummary.SUCCEEDED);
    assertThat(run.maintained().keySet())
        .containsExactly(
            "raw.events", "cleansed.events", "cleansed.users", MaintenanceJob.UUID_INDEX);
    assertThat(run.message())
        .contains(
            "not created yet: cleansed.transactions, quarantine.records,"
                + " curated.events_enriched, curated.daily_event_metrics");
    for (LakeTable table : WRITTEN) {
      RunSummary.Maintained m = run.maintained().get(table.qualifiedName());
      TableFiles now = TableFiles.of(spark, files, lake.path(table));
      assertThat(m.filesBefore()).as("%s files before", table).isGreaterThanOrEqualTo(6);
      assertThat(m.filesAfter())
          .as("%s files after", table)
          .isLessThan(m.filesBefore())
          .isEqualTo(now.files())
          .isEqualTo(table.partitionColumns().isEmpty() ? 1 : 2)
          .isEqualTo(dry.maintained().get(table.qualifiedName()).filesAfter());
      assertThat(m.bytesAfter()).isEqualTo(now.bytes());
      // Nothing is old enough for 168h: the compacted files stay stored beside the new ones.
      assertThat(m.storedFilesAfter()).isEqualTo(m.storedFilesBefore() + m.filesAfter());
      assertThat(dry.maintained().get(table.qualifiedName()).storedFilesAfter())
          .isEqualTo(m.storedFilesAfter());
      assertThat(m.retainedHours()).isEqualTo(168L);
    }
    RunSummary.Maintained merged = run.maintained().get(MaintenanceJob.UUID_INDEX);
    assertThat(merged.filesBefore()).isEqualTo(2);
    assertThat(merged.filesAfter()).isEqualTo(1);
    assertThat(segments(files, location)).containsExactly("runs-000000000001-000000000002.bloom");
    assertThat(candidates(spark, index, probes))
        .containsExactly(List.of(), List.of(1L, 2L), List.of(1L, 2L));
    assertThat(UuidIndex.seenInRuns(lake.read(LakeTable.CLEANSED_EVENTS), probes, List.of(1L, 2L)))
        .containsExactlyInAnyOrder("cleansed.events-1-3", "cleansed.events-2-23");
    RunSummary written = RunSummaries.fromJson(files.readString(RunSummaries.path(location, run)));
    assertThat(written).isEqualTo(run);
    assertThat(RunSummaries.render(run))
        .contains("== maintenance run " + run.runId() + ": SUCCEEDED")
        .containsPattern("raw\\.events +\\d+ -> 2 ");

    // A retention shorter than Delta's is a usage error unless asked for explicitly.
    Cli.Result refused = Cli.run("maintenance", "--lake", location.toString(), "--retain", "0h");
    assertThat(refused.exit()).as(refused.both()).isEqualTo(MedallionCli.USAGE);
    assertThat(refused.err())
        .contains("--retain: '0h' is shorter than the 168h")
        .contains("--allow-short-retention");

    Cli.Result vacuumed =
        Cli.run(
            "maintenance",
            "--lake",
            location.toString(),
            "--retain",
            "0h",
            "--allow-short-retention");

    assertThat(vacuumed.exit()).as(vacuumed.both()).isZero();
    assertThat(vacuumed.out())
        .contains("== maintenance run ")
        .containsPattern(
            "cleansed\\.events: kept \\dh, not 0h: curate \\(its bookmark\\) has not read");
    for (LakeTable table : WRITTEN) {
      TableFiles now = TableFiles.of(spark, files, lake.path(table));
      if (table == LakeTable.CLEANSED_EVENTS) {
        // The files of the append curate has not read are still there for its change feed.
        assertThat(now.storedFiles()).as("%s stored", table).isGreaterThan(now.files());
        assertThat(
                lake.readChanges(LakeTable.CLEANSED_EVENTS, curated, curated + 1)
                    .where(col("_change_type").equalTo("insert"))
                    .count())
            .isEqualTo(24);
      } else {
        assertThat(now.storedFiles()).as("%s stored", table).isEqualTo(now.files());
      }
      assertThat(sortedRows(lake, table)).as("%s rows", table).isEqualTo(rowsBefore.get(table));
    }
    assertThat(spark.conf().get("spark.databricks.delta.retentionDurationCheck.enabled", "true"))
        .isEqualTo("true");
  }

  private static List<String> segments(HadoopFiles files, LakeLocation location) {
    return files.list(location.resolve("_index/cleansed_event_uuid")).stream()
        .filter(name -> name.endsWith(".bloom"))
        .toList();
  }

  private static List<List<Long>> candidates(
      SparkSession spark, UuidIndex index, List<String> uuids) {
    List<List<Long>> hits = new ArrayList<>();
    for (Row r :
        spark
            .createDataset(uuids, Encoders.STRING())
            .toDF(EVENT_UUID)
            .select(index.candidateRuns(spark, col(EVENT_UUID), Long.MAX_VALUE))
            .collectAsList()) {
      hits.add(List.copyOf(r.getList(0)));
    }
    return hits;
  }

  /** Every row of the table, as text, sorted: the same rows however the files are laid out. */
  private static List<String> sortedRows(Lake lake, LakeTable table) {
    List<String> rows = new ArrayList<>();
    for (Row row : lake.read(table).collectAsList()) {
      rows.add(row.toString());
    }
    rows.sort(null);
    return rows;
  }

  /**
   * {@code n} rows of the table's contract schema, each value made from the table, the commit and
   * the row's number (so every row is different), over two dates.
   */
  private static Dataset<Row> rows(SparkSession spark, LakeTable table, int commit, int n) {
    StructType schema = Schemas.of(table);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = table.qualifiedName() + "-" + commit + "-" + i;
      Object[] values = new Object[schema.fields().length];
      for (int f = 0; f < values.length; f++) {
        StructField field = schema.fields()[f];
        values[f] =
            field.name().equals(INGEST_RUN) ? Long.valueOf(commit) : value(field.dataType(), id, i);
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Object value(DataType type, String id, int i) {
    Instant day = Instant.parse("2026-11-21T10:00:00Z").plusSeconds(86_400L * (i % 2));
    if (type instanceof StringType) {
      return id;
    } else if (type instanceof LongType) {
      return (long) i;
    } else if (type instanceof IntegerType) {
      return i;
    } else if (type instanceof DoubleType) {
      return i * 1.5;
    } else if (type instanceof BooleanType) {
      return i % 3 == 0;
    } else if (type instanceof TimestampType) {
      return Timestamp.from(day.plusSeconds(i));
    } else if (type instanceof DateType) {
      return Date.valueOf(day.atZone(java.time.ZoneOffset.UTC).toLocalDate());
    } else if (type instanceof DecimalType) {
      return new BigDecimal(i + ".25");
    } else if (type instanceof MapType) {
      return Map.of("k", id);
    } else if (type instanceof ArrayType) {
      return List.of(id);
    }
    throw new IllegalArgumentException("no test value for " + type);
  }
}
