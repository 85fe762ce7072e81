package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.config.LakeLocation;
import dev.medallion.lake.HadoopFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * Answers "which of these event_uuids are already in cleansed.events?" without rescanning the whole
 * history on every run.
 *
 * <p>Each run that adds events to cleansed also writes a Bloom filter of their event_uuids, one
 * segment per run, to {@code <lake>/_index/cleansed_event_uuid/run-<n>.bloom} (about 3 bytes per
 * event at the 1-in-100,000 false-positive rate used). A new batch is probed against the segments
 * on the executors; a uuid that hits no segment is certainly new, which is almost all of them. Only
 * the uuids that hit a segment are checked exactly, and only against the rows of the runs whose
 * segments they hit ({@code _ingest_run IN (...)}, which Delta's file statistics prune to those
 * runs' files). So a run reads the history only where a duplicate is likely: the runs its retries
 * come from, plus rare false positives. A batch with no candidates reads nothing from cleansed.
 */
public final class UuidIndex {
  static final double FALSE_POSITIVE_RATE = 1e-5;
  private static final String CANDIDATE_RUN = "_candidate_run";
  private static final String DIR = "_index/cleansed_event_uuid";
  private static final String STREAM_MARKER = "stream-rows";

  private final HadoopFiles files;
  private final String dir;

  public UuidIndex(HadoopFiles files, LakeLocation lake) {
    this.files = files;
    this.dir = lake.resolve(DIR);
  }

  /** One run's segment. */
  record Segment(long run, BloomFilter filter) implements java.io.Serializable {}

  /**
   * The event_uuids of {@code batch} already in {@code cleansed} (rows of runs before {@code run}),
   * as a one-column dataset.
   */
  public Dataset<Row> seen(Dataset<Row> batch, Dataset<Row> cleansed, long run) {
    Dataset<Row> fromRuns = seenInRuns(batch, cleansed, run);
    if (!files.exists(dir + "/" + STREAM_MARKER)) {
      return fromRuns;
    }
    // The streaming job writes no segments (a micro-batch a second would make thousands a day):
    // its rows are checked exactly, once the stream has written any.
    Dataset<Row> ids = batch.select(col(EVENT_UUID).as("_candidate")).distinct();
    Dataset<Row> streamed =
        cleansed.where(col(INGEST_RUN).equalTo(STREAM_INGEST_RUN)).select(col(EVENT_UUID));
    return fromRuns.union(
        streamed
            .join(ids, streamed.col(EVENT_UUID).equalTo(ids.col("_candidate")), "left_semi")
            .select(EVENT_UUID));
  }

  /**
   * Records that cleansed holds rows of the streaming job, which {@link #seen} must then check. The
   * streaming job calls it before its first write to cleansed.
   */
  public static void markStreamRows(dev.medallion.lake.Lake lake) {
    HadoopFiles files = new HadoopFiles(lake.spark().sparkContext().hadoopConfiguration());
    String marker = lake.location().resolve(DIR + "/" + STREAM_MARKER);
    if (!files.exists(marker)) {
      files.writeAtomically(marker, new byte[0]);
    }
  }

  /** Whether cleansed holds rows of the streaming job, which have no segment. */
  public boolean hasStreamRows() {
    return files.exists(dir + "/" + STREAM_MARKER);
  }

  /**
   * A column of the runs (before {@code run}) whose segments might hold {@code uuid}: empty for
   * almost every uuid, which is then certainly new.
   */
  public Column candidateRuns(SparkSession spark, Column uuid, long run) {
    List<Segment> segments = load(run);
    if (segments.isEmpty()) {
      return array().cast(DataTypes.createArrayType(DataTypes.LongType));
    }
    Broadcast<List<Segment>> broadcast =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(segments);
    UserDefinedFunction probe =
        udf(
            (UDF1<String, List<Long>>)
                id -> {
                  List<Long> hits = new ArrayList<>(1);
                  for (Segment s : broadcast.value()) {
                    if (s.filter().mightContain(id)) {
                      hits.add(s.run());
                    }
                  }
                  return hits;
                },
            DataTypes.createArrayType(DataTypes.LongType));
    return probe.apply(uuid);
  }

  /**
   * Which of {@code candidates} cleansed holds in the rows of {@code runs} (exactly), and, when
   * {@code streamed} is given, which of {@code streamed} it holds in rows of the streaming job.
   */
  public static Set<String> seenIn(
      Dataset<Row> cleansed,
      Collection<String> candidates,
      Collection<Long> runs,
      Dataset<Row> streamed) {
    Set<String> seen = new HashSet<>();
    if (!candidates.isEmpty() && !runs.isEmpty()) {
      Dataset<Row> history =
          cleansed.where(col(INGEST_RUN).isin(runs.toArray())).select(col(EVENT_UUID));
      for (Row r : CleansedUuids.withUuids(history, candidates, "left_semi").collectAsList()) {
        seen.add(r.getString(0));
      }
    }
    if (streamed != null) {
      Dataset<Row> ids = streamed.select(col(EVENT_UUID).as("_candidate")).distinct();
      Dataset<Row> fromStream =
          cleansed.where(col(INGEST_RUN).equalTo(STREAM_INGEST_RUN)).select(col(EVENT_UUID));
      for (Row r :
          fromStream
              .join(ids, fromStream.col(EVENT_UUID).equalTo(ids.col("_candidate")), "left_semi")
              .collectAsList()) {
        seen.add(r.getString(0));
      }
    }
    return seen;
  }

  private Dataset<Row> seenInRuns(Dataset<Row> batch, Dataset<Row> cleansed, long run) {
    List<Segment> segments = load(run);
    Dataset<Row> none =
        batch
            .sparkSession()
            .emptyDataFrame()
            .select(lit(null).cast("string").as(EVENT_UUID))
            .limit(0);
    if (segments.isEmpty()) {
      return none;
    }
    Broadcast<List<Segment>> broadcast =
        JavaSparkContext.fromSparkContext(batch.sparkSession().sparkContext()).broadcast(segments);
    UserDefinedFunction probe =
        udf(
            (UDF1<String, List<Long>>)
                uuid -> {
                  List<Long> hits = new ArrayList<>(1);
                  for (Segment s : broadcast.value()) {
                    if (s.filter().mightContain(uuid)) {
                      hits.add(s.run());
                    }
                  }
                  return hits;
                },
            DataTypes.createArrayType(DataTypes.LongType));
    Dataset<Row> candidates =
        batch.select(col(EVENT_UUID), explode(probe.apply(col(EVENT_UUID))).as(CANDIDATE_RUN));
    List<Long> runs =
        candidates.select(CANDIDATE_RUN).distinct().collectAsList().stream()
            .map(r -> r.getLong(0))
            .toList();
    if (runs.isEmpty()) {
      return none;
    }
    Dataset<Row> candidateIds = candidates.select(col(EVENT_UUID).as("_candidate")).distinct();
    Dataset<Row> history =
        cleansed.where(col(INGEST_RUN).isin(runs.toArray())).select(col(EVENT_UUID));
    return history
        .join(
            candidateIds,
            history.col(EVENT_UUID).equalTo(candidateIds.col("_candidate")),
            "left_semi")
        .select(EVENT_UUID);
  }

  /** Writes the segment of {@code run}: the event_uuids it added to cleansed. */
  public void write(long run, Dataset<Row> added, long count) {
    if (count == 0) {
      return;
    }
    BloomFilter filter = added.stat().bloomFilter(EVENT_UUID, count, FALSE_POSITIVE_RATE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      filter.writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.writeAtomically(segmentPath(run), bytes.toByteArray());
  }

  /** Drops every segment: the history it described is being rebuilt. */
  public void clear() {
    files.delete(dir, true);
  }

  List<Segment> load(long beforeRun) {
    List<Segment> segments = new ArrayList<>();
    for (String name : files.list(dir)) {
      if (!name.startsWith("run-") || !name.endsWith(".bloom")) {
        continue;
      }
      long run = Long.parseLong(name.substring(4, name.length() - 6));
      if (run >= beforeRun) {
        continue; // left by an earlier attempt of this run
      }
      try {
        segments.add(
            new Segment(
                run, BloomFilter.readFrom(new ByteArrayInputStream(files.read(dir + "/" + name)))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the uuid index segment " + name, e);
      }
    }
    return segments;
  }

  private String segmentPath(long run) {
    return String.format("%s/run-%012d.bloom", dir, run);
  }
}
