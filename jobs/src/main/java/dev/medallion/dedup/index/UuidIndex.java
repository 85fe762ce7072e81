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
import java.util.Comparator;
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
 * Answers "which of these event_uuids are already in cleansed.events?" at a cost per run that does
 * not grow with the history.
 *
 * <p>Each run that adds events to cleansed writes a Bloom filter of their event_uuids, a segment,
 * to {@code <lake>/_index/cleansed_event_uuid/run-<n>.bloom} (about 5 bytes per event at the
 * 1-in-100,000,000 false-positive rate used). A new batch is probed against the segments on the
 * executors; a uuid that hits none is certainly new, which is almost all of them. Only the uuids
 * that hit a segment are checked exactly, against the rows of the runs that segment covers ({@code
 * _ingest_run IN (...)}, which Delta's file statistics prune to those runs' files). So a run reads
 * the history only where a duplicate is likely: the runs its retries come from, and about one run
 * in a hundred by chance.
 *
 * <p>So that a probe tests a bounded number of filters however many runs there were, segments are
 * compacted: when more than {@value #MAX_RUN_SEGMENTS} single-run segments exist, they are replaced
 * by one covering their runs ({@code runs-<first>-<last>.bloom}, built from the rows those runs
 * left in cleansed); when more than {@value #MAX_COMPACTED} of those exist, they are merged into
 * one. A compacted segment is written before the ones it replaces are deleted, so a crash in
 * between leaves both, which answers the same.
 */
public final class UuidIndex {
  static final double FALSE_POSITIVE_RATE = 1e-8;
  static final int MAX_RUN_SEGMENTS = 8;
  static final int MAX_COMPACTED = 4;
  private static final String DIR = "_index/cleansed_event_uuid";
  private static final String STREAM_MARKER = "stream-rows";

  private final HadoopFiles files;
  private final String dir;

  public UuidIndex(HadoopFiles files, LakeLocation lake) {
    this.files = files;
    this.dir = lake.resolve(DIR);
  }

  /** A segment: the uuids the runs {@code firstRun..lastRun} added to cleansed. */
  record Segment(long firstRun, long lastRun, String name, BloomFilter filter)
      implements java.io.Serializable {
    boolean single() {
      return firstRun == lastRun && name.startsWith("run-");
    }
  }

  /** The runs a segment file covers, from its name. */
  private record Range(long first, long last) {
    /** The range of a segment file's name; null for any other file. */
    static Range of(String name) {
      if (name.startsWith("run-") && name.endsWith(".bloom")) {
        long run = Long.parseLong(name.substring(4, name.length() - 6));
        return new Range(run, run);
      }
      if (name.startsWith("runs-") && name.endsWith(".bloom")) {
        String[] range = name.substring(5, name.length() - 6).split("-");
        return new Range(Long.parseLong(range[0]), Long.parseLong(range[1]));
      }
      return null;
    }
  }

  /** Whether cleansed holds rows of the streaming job, which have no segment. */
  public boolean hasStreamRows() {
    return files.exists(dir + "/" + STREAM_MARKER);
  }

  /**
   * Records that cleansed holds rows of the streaming job, which a batch run must then check. The
   * streaming job calls it before its first write to cleansed.
   */
  public static void markStreamRows(dev.medallion.lake.Lake lake) {
    HadoopFiles files = new HadoopFiles(lake.spark().sparkContext().hadoopConfiguration());
    String marker = lake.location().resolve(DIR + "/" + STREAM_MARKER);
    if (!files.exists(marker)) {
      files.writeAtomically(marker, new byte[0]);
    }
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
                  List<Long> hits = new ArrayList<>(0);
                  for (Segment s : broadcast.value()) {
                    if (s.filter().mightContain(id)) {
                      for (long r = s.firstRun(); r <= s.lastRun(); r++) {
                        hits.add(r);
                      }
                    }
                  }
                  return hits;
                },
            DataTypes.createArrayType(DataTypes.LongType));
    return probe.apply(uuid);
  }

  /** Which of {@code candidates} cleansed holds in the rows of {@code runs}, exactly. */
  public static Set<String> seenInRuns(
      Dataset<Row> cleansed, Collection<String> candidates, Collection<Long> runs) {
    Set<String> seen = new HashSet<>();
    if (candidates.isEmpty() || runs.isEmpty()) {
      return seen;
    }
    Dataset<Row> history =
        cleansed.where(col(INGEST_RUN).isin(runs.toArray())).select(col(EVENT_UUID));
    for (Row r : CleansedUuids.withUuids(history, candidates, "left_semi").collectAsList()) {
      seen.add(r.getString(0));
    }
    return seen;
  }

  /** Which of the uuids of {@code batch} cleansed holds in rows of the streaming job, exactly. */
  public static Set<String> seenInStream(Dataset<Row> cleansed, Dataset<Row> batch) {
    Dataset<Row> ids = batch.select(col(EVENT_UUID).as("_candidate")).distinct();
    Dataset<Row> fromStream =
        cleansed.where(col(INGEST_RUN).equalTo(STREAM_INGEST_RUN)).select(col(EVENT_UUID));
    Set<String> seen = new HashSet<>();
    for (Row r :
        fromStream
            .join(ids, fromStream.col(EVENT_UUID).equalTo(ids.col("_candidate")), "left_semi")
            .collectAsList()) {
      seen.add(r.getString(0));
    }
    return seen;
  }

  /**
   * Writes the segment of {@code run}: the event_uuids it added to cleansed; then compacts the
   * segments if there are too many. {@code cleansed} is the table, for compaction.
   */
  public void write(long run, Dataset<Row> added, long count, Dataset<Row> cleansed) {
    if (count == 0) {
      return;
    }
    save(
        String.format("run-%012d.bloom", run),
        added.stat().bloomFilter(EVENT_UUID, count, FALSE_POSITIVE_RATE));
    compact(run, cleansed);
  }

  /** Replaces too many single-run segments, then too many compacted ones, by one. */
  void compact(long run, Dataset<Row> cleansed) {
    List<Segment> segments = load(run + 1);
    List<Segment> singles = segments.stream().filter(Segment::single).toList();
    if (singles.size() > MAX_RUN_SEGMENTS) {
      replace(singles, cleansed);
      segments = load(run + 1);
    }
    List<Segment> compacted = segments.stream().filter(s -> !s.single()).toList();
    if (compacted.size() > MAX_COMPACTED) {
      replace(compacted, cleansed);
    }
  }

  /** What {@link #mergeAll} found and left. */
  public record Merge(int segmentsBefore, int segmentsAfter, long bytesBefore, long bytesAfter) {}

  /**
   * Replaces every segment by one covering all their runs, built from the rows those runs left in
   * {@code cleansed} (the maintenance job; a probe then tests one filter). Crash-safe as {@link
   * #compact} is: the merged segment is written before the ones it replaces are deleted, and a
   * segment that a wider one covers is ignored, so a crash in between answers the same. Safe beside
   * an ingest run: a segment is written after its run's rows are committed, so the rows of every
   * run it covers are in {@code cleansed}; a segment written meanwhile is not deleted here; and a
   * filter covering more uuids than it must only makes a probe check more rows exactly.
   *
   * @param dryRun count the segments only
   */
  public Merge mergeAll(Dataset<Row> cleansed, boolean dryRun) {
    List<Segment> segments = load(Long.MAX_VALUE);
    long bytesBefore = bytes();
    if (segments.size() <= 1 || dryRun) {
      return new Merge(
          segments.size(), Math.min(1, segments.size()), bytesBefore, dryRun ? -1 : bytesBefore);
    }
    Range merged = replace(segments, cleansed);
    // Segments that a wider one covered (left by a crash between a compaction's write and its
    // deletes), which load() had already set aside, go too.
    for (String name : files.list(dir)) {
      Range range = Range.of(name);
      if (range != null
          && !range.equals(merged)
          && merged.first() <= range.first()
          && range.last() <= merged.last()) {
        files.delete(dir + "/" + name, false);
      }
    }
    return new Merge(segments.size(), load(Long.MAX_VALUE).size(), bytesBefore, bytes());
  }

  /** The bytes of the index's segment files. */
  private long bytes() {
    long total = 0;
    for (var status : files.listFilesRecursively(dir)) {
      if (Range.of(status.getPath().getName()) != null) {
        total += status.getLen();
      }
    }
    return total;
  }

  private Range replace(List<Segment> segments, Dataset<Row> cleansed) {
    long first = segments.stream().mapToLong(Segment::firstRun).min().orElseThrow();
    long last = segments.stream().mapToLong(Segment::lastRun).max().orElseThrow();
    Dataset<Row> uuids =
        cleansed.where(col(INGEST_RUN).between(first, last)).select(col(EVENT_UUID));
    long count = Math.max(1, uuids.count());
    String name = String.format("runs-%012d-%012d.bloom", first, last);
    save(name, uuids.stat().bloomFilter(EVENT_UUID, count, FALSE_POSITIVE_RATE));
    for (Segment s : segments) {
      if (!s.name().equals(name)) {
        files.delete(dir + "/" + s.name(), false);
      }
    }
    return new Range(first, last);
  }

  private void save(String name, BloomFilter filter) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      filter.writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.writeAtomically(dir + "/" + name, bytes.toByteArray());
  }

  /** Drops every segment: the history it described is being rebuilt. */
  public void clear() {
    files.delete(dir, true);
  }

  /**
   * The segments of runs before {@code beforeRun} (a segment of this run or later was left by an
   * earlier attempt of it), less those a compacted segment also covers.
   */
  List<Segment> load(long beforeRun) {
    List<Segment> all = new ArrayList<>();
    for (String name : files.list(dir)) {
      Range range = Range.of(name);
      if (range == null) {
        continue;
      }
      long first = range.first();
      long last = range.last();
      if (last >= beforeRun) {
        continue;
      }
      try {
        all.add(
            new Segment(
                first,
                last,
                name,
                BloomFilter.readFrom(new ByteArrayInputStream(files.read(dir + "/" + name)))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the uuid index segment " + name, e);
      }
    }
    all.sort(Comparator.comparingLong(Segment::firstRun).thenComparingLong(Segment::lastRun));
    List<Segment> kept = new ArrayList<>();
    for (Segment s : all) {
      boolean covered =
          all.stream()
              .anyMatch(
                  o ->
                      o != s
                          && o.firstRun() <= s.firstRun()
                          && s.lastRun() <= o.lastRun()
                          && (o.lastRun() - o.firstRun()) > (s.lastRun() - s.firstRun()));
      if (!covered) {
        kept.add(s);
      }
    }
    return kept;
  }
}
