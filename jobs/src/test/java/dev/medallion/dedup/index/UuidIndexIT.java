package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static dev.medallion.contract.Columns.INGEST_RUN;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uuid index answers for every earlier run however many there were, while a probe tests a
 * bounded number of segments: single-run segments are compacted, and compacted ones merged.
 */
@Tag("integration")
class UuidIndexIT {
  @TempDir Path dir;

  @Test
  void compactsItsSegmentsAndStillFindsEveryRunsUuids() {
    SparkSession spark = SharedSpark.get();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    UuidIndex index = new UuidIndex(files, LakeLocation.parse("--lake", dir.toUri().toString()));
    Dataset<Row> cleansed = null;
    int runs = 2 * (UuidIndex.MAX_RUN_SEGMENTS + 1) * (UuidIndex.MAX_COMPACTED + 1) / 3;
    for (long run = 1; run <= runs; run++) {
      Dataset<Row> added = uuidsOf(spark, run);
      cleansed = cleansed == null ? added : cleansed.unionByName(added);
      index.write(run, added, 100, cleansed);
      assertThat(index.load(run + 1).stream().filter(UuidIndex.Segment::single).count())
          .isLessThanOrEqualTo(UuidIndex.MAX_RUN_SEGMENTS);
      assertThat(index.load(run + 1).stream().filter(s -> !s.single()).count())
          .isLessThanOrEqualTo(UuidIndex.MAX_COMPACTED);
    }
    long next = runs + 1;
    Dataset<Row> probe =
        spark
            .createDataset(
                List.of("u-1-7", "u-" + runs + "-99", "u-13-0", "never-written"), Encoders.STRING())
            .toDF(EVENT_UUID);
    List<Row> hits =
        probe
            .select(col(EVENT_UUID), index.candidateRuns(spark, col(EVENT_UUID), next).as("runs"))
            .collectAsList();
    for (Row r : hits) {
      List<Long> candidates = r.getList(1);
      if (r.getString(0).equals("never-written")) {
        assertThat(candidates).isEmpty();
      } else {
        long writtenBy = Long.parseLong(r.getString(0).split("-")[1]);
        assertThat(candidates).as(r.getString(0)).contains(writtenBy);
        assertThat(UuidIndex.seenInRuns(cleansed, List.of(r.getString(0)), candidates))
            .containsExactly(r.getString(0));
      }
    }
    // A run done again ignores the segment its first attempt left.
    assertThat(index.load(runs).stream().mapToLong(UuidIndex.Segment::lastRun).max().orElse(0))
        .isLessThan(runs);
  }

  @Test
  void mergesEverySegmentIntoOneThatGivesTheSameAnswers() {
    SparkSession spark = SharedSpark.get();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    LakeLocation lake = LakeLocation.parse("--lake", dir.toUri().toString());
    UuidIndex index = new UuidIndex(files, lake);
    Dataset<Row> cleansed = null;
    int runs = UuidIndex.MAX_RUN_SEGMENTS + 4;
    for (long run = 1; run <= runs; run++) {
      Dataset<Row> added = uuidsOf(spark, run);
      cleansed = cleansed == null ? added : cleansed.unionByName(added);
      index.write(run, added, 100, cleansed);
    }
    // A single-run segment that a compaction covers but did not delete (it died in between).
    String segments = lake.resolve("_index/cleansed_event_uuid");
    files.writeAtomically(
        segments + "/run-000000000002.bloom", files.read(segments + "/" + single(index)));
    List<String> probes = List.of("u-1-7", "u-" + runs + "-99", "u-9-0", "never-written");
    List<Row> before = probe(spark, index, probes, runs + 1);
    assertThat(index.load(runs + 1)).hasSizeGreaterThan(1);

    assertThat(index.mergeAll(cleansed, true).segmentsAfter()).isEqualTo(1);
    assertThat(index.load(runs + 1)).hasSizeGreaterThan(1);
    UuidIndex.Merge merge = index.mergeAll(cleansed, false);

    assertThat(merge.segmentsBefore()).isGreaterThan(1);
    assertThat(merge.segmentsAfter()).isEqualTo(1);
    assertThat(index.load(runs + 1))
        .singleElement()
        .satisfies(
            s -> assertThat(s.name()).isEqualTo(String.format("runs-%012d-%012d.bloom", 1, runs)));
    assertThat(files.list(segments).stream().filter(n -> n.endsWith(".bloom")))
        .containsExactly(String.format("runs-%012d-%012d.bloom", 1, runs));
    List<Row> after = probe(spark, index, probes, runs + 1);
    for (int i = 0; i < probes.size(); i++) {
      String uuid = probes.get(i);
      List<Long> candidates = after.get(i).getList(1);
      if (uuid.equals("never-written")) {
        assertThat(candidates).isEmpty();
        assertThat(before.get(i).getList(1)).isEmpty();
      } else {
        long writtenBy = Long.parseLong(uuid.split("-")[1]);
        assertThat(candidates).as(uuid).contains(writtenBy);
        assertThat(UuidIndex.seenInRuns(cleansed, List.of(uuid), candidates)).containsExactly(uuid);
      }
    }
    // Merging one segment does nothing.
    assertThat(index.mergeAll(cleansed, false))
        .isEqualTo(new UuidIndex.Merge(1, 1, merge.bytesAfter(), merge.bytesAfter()));
  }

  private static String single(UuidIndex index) {
    return index.load(Long.MAX_VALUE).stream()
        .filter(UuidIndex.Segment::single)
        .findFirst()
        .orElseThrow()
        .name();
  }

  private static List<Row> probe(
      SparkSession spark, UuidIndex index, List<String> uuids, long next) {
    return spark
        .createDataset(uuids, Encoders.STRING())
        .toDF(EVENT_UUID)
        .select(col(EVENT_UUID), index.candidateRuns(spark, col(EVENT_UUID), next).as("runs"))
        .collectAsList();
  }

  private static Dataset<Row> uuidsOf(SparkSession spark, long run) {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      uuids.add("u-" + run + "-" + i);
    }
    return spark
        .createDataset(uuids, Encoders.STRING())
        .toDF(EVENT_UUID)
        .withColumn(INGEST_RUN, lit(run));
  }
}
