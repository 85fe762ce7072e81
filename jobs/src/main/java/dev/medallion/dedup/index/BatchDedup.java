package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.validate.Iso8601;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The dedup rule of DESIGN section 3 for one batch run, computed on the valid rows' uuids and
 * positions only, never on whole rows: one aggregation by uuid gives, for each, how often the batch
 * holds it, its first position in ingest order (file, then line) and whether the uuid index says an
 * earlier run might hold it. Only the few notable uuids (more than once in the batch, or possibly
 * seen) reach the driver, where the possibly-seen ones are checked exactly. What remains is a small
 * drop rule: a valid row is kept when its uuid is not seen and it is its uuid's first row.
 */
public final class BatchDedup {
  private static final String N = "_n";
  private static final String FIRST = "_first";
  private static final String RUNS = "_runs";
  private static final String UUIDS = "_uuids";
  private static final String MAX_TS = "_max_ts";

  /** A run number in {@code _runs} that stands for "the streaming job holds it". */
  private static final long STREAMED = -1;

  /** What the executors need to tell a kept row from a duplicate. */
  record Drops(Map<String, Long> firstOf, Set<String> seen) implements Serializable {
    boolean keep(String uuid, int fileIndex, long line) {
      if (uuid == null || seen.contains(uuid)) {
        return false;
      }
      Long first = firstOf.get(uuid);
      return first == null || first == position(fileIndex, line);
    }
  }

  private final Column keep;
  private final Long maxEventTsMicros;

  private BatchDedup(Column keep, Long maxEventTsMicros) {
    this.keep = keep;
    this.maxEventTsMicros = maxEventTsMicros;
  }

  /** True for the valid rows that are the first of their uuid and not seen before. */
  public Column keep() {
    return keep;
  }

  /** The newest event time of the kept rows, or null when none is kept. */
  public Long maxEventTsMicros() {
    return maxEventTsMicros;
  }

  /**
   * @param valid the batch's valid rows
   * @param index the uuid index, or null when history does not count (reprocessing everything)
   * @param cleansed cleansed.events, for the exact check of the uuids the index might hold
   * @param run this run's number
   */
  public static BatchDedup of(
      Dataset<Row> valid, UuidIndex index, Dataset<Row> cleansed, long run) {
    SparkSession spark = valid.sparkSession();
    Set<String> streamed = new HashSet<>();
    if (index != null && index.hasStreamRows()) {
      streamed.addAll(UuidIndex.seenInStream(cleansed, valid));
    }
    Column runs =
        index == null
            ? array().cast(DataTypes.createArrayType(DataTypes.LongType))
            : index.candidateRuns(spark, col(EVENT_UUID), run);
    if (!streamed.isEmpty()) {
      runs =
          when(col(EVENT_UUID).isin(streamed.toArray()), array_union(runs, array(lit(STREAMED))))
              .otherwise(runs);
    }
    Dataset<Row> perUuid =
        valid
            .select(col(EVENT_UUID), col(FILE_INDEX), col(LINE), col(EVENT_TS), runs.as(RUNS))
            .groupBy(col(EVENT_UUID))
            .agg(
                count(lit(1)).as(N),
                min(struct(col(FILE_INDEX), col(LINE), col(EVENT_TS))).as(FIRST),
                first(col(RUNS)).as(RUNS));
    Column notable = col(N).gt(1).or(size(col(RUNS)).gt(0));
    Dataset<Row> notables =
        perUuid
            .where(notable)
            .select(
                col(EVENT_UUID),
                col(N),
                col(FIRST + "." + FILE_INDEX).as(FILE_INDEX),
                col(FIRST + "." + LINE).as(LINE),
                col(FIRST + "." + EVENT_TS).as(EVENT_TS),
                col(RUNS),
                lit(null).cast("long").as(UUIDS),
                lit(null).cast("timestamp").as(MAX_TS));
    Dataset<Row> summary =
        perUuid
            .agg(
                count(lit(1)).as(UUIDS),
                max(when(not(notable), col(FIRST + "." + EVENT_TS))).as(MAX_TS))
            .select(
                lit(null).cast("string").as(EVENT_UUID),
                lit(null).cast("long").as(N),
                lit(null).cast("int").as(FILE_INDEX),
                lit(null).cast("long").as(LINE),
                lit(null).cast("timestamp").as(EVENT_TS),
                lit(null).cast(DataTypes.createArrayType(DataTypes.LongType)).as(RUNS),
                col(UUIDS),
                col(MAX_TS));
    // The aggregation by uuid is kept while both parts are read from it, so its shuffle runs once.
    perUuid.persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> rows;
    try {
      rows = notables.unionByName(summary).collectAsList();
    } finally {
      perUuid.unpersist();
    }

    Map<String, Long> firstOf = new HashMap<>();
    Map<String, Long> tsOf = new HashMap<>();
    Set<String> candidates = new HashSet<>();
    Set<Long> candidateRuns = new HashSet<>();
    Long max = null;
    for (Row r : rows) {
      if (r.isNullAt(0)) {
        max = r.isNullAt(7) ? null : micros(r.getTimestamp(7));
        continue;
      }
      String uuid = r.getString(0);
      if (r.getLong(1) > 1) {
        firstOf.put(uuid, position(r.getInt(2), r.getLong(3)));
      }
      tsOf.put(uuid, micros(r.getTimestamp(4)));
      for (Object o : r.getList(5)) {
        long n = (Long) o;
        if (n != STREAMED) {
          candidates.add(uuid);
          candidateRuns.add(n);
        }
      }
    }
    Set<String> seen = new HashSet<>(streamed);
    seen.addAll(UuidIndex.seenInRuns(cleansed, candidates, candidateRuns));
    for (Map.Entry<String, Long> e : tsOf.entrySet()) {
      if (!seen.contains(e.getKey())) {
        max = max == null ? e.getValue() : Math.max(max, e.getValue());
      }
    }
    if (firstOf.isEmpty() && seen.isEmpty()) {
      return new BatchDedup(lit(true), max);
    }
    Broadcast<Drops> drops =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Drops(firstOf, seen));
    UserDefinedFunction keep =
        udf(
            (UDF3<String, Integer, Long, Boolean>)
                (uuid, fileIndex, line) -> drops.value().keep(uuid, fileIndex, line),
            DataTypes.BooleanType);
    return new BatchDedup(keep.apply(col(EVENT_UUID), col(FILE_INDEX), col(LINE)), max);
  }

  private static long position(int fileIndex, long line) {
    return ((long) fileIndex << 40) | line;
  }

  private static long micros(Timestamp ts) {
    return Iso8601.micros(ts.toInstant());
  }
}
