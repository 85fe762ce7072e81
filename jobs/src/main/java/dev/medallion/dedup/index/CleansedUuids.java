package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static dev.medallion.contract.Columns.RUN_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.sketch.BloomFilter;
import org.apache.spark.util.sketch.IncompatibleMergeException;

/**
 * Which event_uuids {@code cleansed.events} already holds, whoever wrote them and however long ago:
 * the global half of the dedup rule, which the streaming state (bounded by the watermark) cannot
 * give.
 *
 * <p>A Bloom filter in the driver covers every row of the table up to a known version. It is built
 * by one scan when the query starts and then kept current: the rows a micro-batch adds are put in
 * as it commits them, and commits by others (a batch ingest run) are read from the table's change
 * feed. A uuid the filter has never seen is certainly new, which is almost every uuid; the few it
 * might have seen (duplicates behind the watermark, and about 1 in 100,000 by chance) are checked
 * exactly against the table. So a micro-batch reads the history only when a duplicate is likely.
 *
 * <p>Most of those few are retries of events the stream itself committed a moment before, in an
 * earlier micro-batch. The uuids the last micro-batches committed are therefore also kept exactly,
 * in a set bounded to {@value #RECENT_CAPACITY} uuids (oldest out first): a hit found there is a
 * duplicate without reading the table, and only the rest are checked against it.
 */
public final class CleansedUuids {
  static final double FALSE_POSITIVE_RATE = 1e-5;
  private static final long MIN_CAPACITY = 1_000_000L;
  private static final int MAX_LITERALS = 1000;
  private static final String PROBE = "_probe_value";
  static final int RECENT_CAPACITY = 1_000_000;

  private final Lake lake;
  private BloomFilter filter;
  private long capacity;
  private long items;
  private long version = -1;
  private final java.util.LinkedHashSet<String> recent = new java.util.LinkedHashSet<>();

  public CleansedUuids(Lake lake) {
    this.lake = lake;
  }

  /** The version of cleansed the filter covers. */
  long version() {
    return version;
  }

  /** Brings the filter up to the table's current version. */
  public void refresh() {
    refresh(lake.version(LakeTable.CLEANSED_EVENTS));
  }

  /**
   * Brings the filter to version {@code current} of the table: the version a write checks its uuids
   * against ({@link UniqueAppend.Pending#checkedVersion()}).
   */
  public void refresh(long current) {
    if (filter == null || current < version) {
      rebuild(current);
      return;
    }
    if (current > version) {
      Dataset<Row> added =
          lake.readChanges(LakeTable.CLEANSED_EVENTS, version, current)
              .where(col("_change_type").isin("insert", "update_postimage"))
              .select(EVENT_UUID);
      long count = added.count();
      if (items + count > capacity) {
        rebuild(current);
        return;
      }
      try {
        filter.mergeInPlace(filterOf(added));
      } catch (IncompatibleMergeException e) {
        throw new IllegalStateException("the uuid filters differ in size", e); // same capacity
      }
      items += count;
      version = current;
    }
  }

  private void rebuild(long current) {
    Dataset<Row> all = lake.readAt(LakeTable.CLEANSED_EVENTS, current).select(EVENT_UUID);
    long count = all.count();
    capacity = Math.max(MIN_CAPACITY, count * 2);
    filter = filterOf(all);
    items = count;
    version = current;
  }

  /** A filter of the rows' uuids at the current capacity (Spark gives none for no rows). */
  private BloomFilter filterOf(Dataset<Row> uuids) {
    BloomFilter built = uuids.stat().bloomFilter(EVENT_UUID, capacity, FALSE_POSITIVE_RATE);
    return built != null ? built : BloomFilter.create(capacity, FALSE_POSITIVE_RATE);
  }

  /**
   * The uuids of {@code candidates} that cleansed holds (at the covered version), in rows of other
   * runs than {@code runId}: the filter's hits, checked exactly.
   */
  public Set<String> seen(Collection<String> candidates, String runId) {
    List<String> hits = new ArrayList<>();
    for (String uuid : candidates) {
      if (filter.mightContain(uuid)) {
        hits.add(uuid);
      }
    }
    Set<String> seen = new HashSet<>();
    List<String> unsure = new ArrayList<>();
    for (String uuid : hits) {
      (recent.contains(uuid) ? seen : unsure).add(uuid);
    }
    if (unsure.isEmpty()) {
      return seen;
    }
    hits = unsure;
    Dataset<Row> history =
        lake.readAt(LakeTable.CLEANSED_EVENTS, version)
            .where(col(RUN_ID).notEqual(runId))
            .select(EVENT_UUID);
    Dataset<Row> matches = withUuids(history, hits, "left_semi");
    for (Row row : matches.collectAsList()) {
      seen.add(row.getString(0));
    }
    return seen;
  }

  /**
   * The rows whose {@code event_uuid} is ({@code left_semi}) or is not ({@code left_anti}) one of
   * {@code uuids}: {@link #withValues} on that column.
   */
  public static Dataset<Row> withUuids(
      Dataset<Row> rows, Collection<String> uuids, String joinType) {
    return withValues(rows, rows.col(EVENT_UUID), uuids, joinType);
  }

  /**
   * The rows whose {@code key} (a string column of {@code rows}, or an expression of them) is
   * ({@code left_semi}) or is not ({@code left_anti}) one of {@code values}: a filter on literals
   * for a few, a join with them as a dataset for many.
   */
  public static Dataset<Row> withValues(
      Dataset<Row> rows, Column key, Collection<String> values, String joinType) {
    if (values.size() <= MAX_LITERALS) {
      Column in = key.isin(values.toArray());
      return rows.where(joinType.equals("left_anti") ? not(in) : in);
    }
    Dataset<Row> probe =
        rows.sparkSession().createDataset(List.copyOf(values), Encoders.STRING()).toDF(PROBE);
    return rows.join(probe, key.equalTo(probe.col(PROBE)), joinType);
  }

  /**
   * Records the uuids a micro-batch committed as version {@code committed}. When another writer
   * committed in between, the next {@link #refresh()} reads those commits instead.
   */
  public void added(Collection<String> uuids, long committed) {
    for (String uuid : uuids) {
      recent.add(uuid);
    }
    var oldest = recent.iterator();
    for (int over = recent.size() - RECENT_CAPACITY; over > 0; over--) {
      oldest.next();
      oldest.remove();
    }
    if (committed != version + 1) {
      return; // not the next version: refresh() catches up from the change feed
    }
    if (items + uuids.size() > capacity) {
      rebuild(committed);
      return;
    }
    uuids.forEach(filter::putString);
    items += uuids.size();
    version = committed;
  }
}
