package dev.medallion.curate;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.col;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.transform.DailyMetrics;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.EventEnrichment;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of the curated zone, the same for the batch {@code curate} job and the stream:
 * cleansed events enriched with the users and transactions cleansed holds, appended to {@code
 * curated.events_enriched}, and {@code curated.daily_event_metrics} recomputed for the event dates
 * they touched.
 *
 * <p>Who curates what: the stream curates the events it cleansed itself ({@code _ingest_run} 0), in
 * the micro-batch that cleansed them; the batch job curates every other event. So an event is
 * curated once, whichever path brought it, also when both run at the same time, and their appends
 * never touch the same rows. Both recompute the metrics of a date from the whole of enriched after
 * their own append; two writers recomputing one date at once conflict in Delta, and the loser reads
 * enriched again and recomputes, so the last commit of a date counts every event appended before.
 */
public final class CuratedWrites {
  /** How many commits a metrics write may lose to other writers before it gives up. */
  static final int MAX_ATTEMPTS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(CuratedWrites.class);

  private final Lake lake;

  public CuratedWrites(Lake lake) {
    this.lake = lake;
  }

  /** Cleansed rows in the batch job's care: every run's but the stream's. */
  public static Dataset<Row> batchRows(Dataset<Row> cleansed) {
    return cleansed.where(col(INGEST_RUN).notEqual(STREAM_INGEST_RUN));
  }

  /** The predicate of the enriched rows in the batch job's care. */
  public static final String BATCH_ROWS = INGEST_RUN + " <> " + STREAM_INGEST_RUN;

  /** Cleansed events as enriched rows, with the users and transactions given. */
  public static Dataset<Row> enrich(
      Dataset<Row> events, Dataset<Row> users, Dataset<Row> transactions, Instant curatedAt) {
    return EventEnrichment.enrich(
        EventCleansing.select(events, Schemas.CLEANSED_EVENTS), users, transactions, curatedAt);
  }

  /**
   * Recomputes the metrics of {@code dates} (ISO dates; null: every date) from the whole of
   * enriched and replaces theirs, once the caller's own enriched rows are committed. Retries when
   * another writer committed metrics meanwhile.
   *
   * @return the metric rows written
   */
  public long recomputeMetrics(List<String> dates, Txn txn, long sinceMillis) {
    if (dates != null && dates.isEmpty()) {
      return 0;
    }
    for (int attempt = 1; ; attempt++) {
      Dataset<Row> enriched = lake.read(LakeTable.CURATED_EVENTS_ENRICHED);
      Dataset<Row> metrics =
          DailyMetrics.compute(
                  dates == null ? enriched : enriched.where(col(EVENT_DATE).isin(dates.toArray())))
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        if (dates == null) {
          lake.overwrite(LakeTable.CURATED_DAILY_EVENT_METRICS, metrics, txn);
        } else {
          lake.replaceWhere(LakeTable.CURATED_DAILY_EVENT_METRICS, metrics, inDates(dates), txn);
        }
        return lake.committedRows(LakeTable.CURATED_DAILY_EVENT_METRICS, txn, sinceMillis);
      } catch (ConcurrentModificationException conflict) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "curated.daily_event_metrics: gave up after "
                  + attempt
                  + " attempts, each refused because another writer committed the same dates first",
              conflict);
        }
        LOG.info(
            "curated.daily_event_metrics: commit {} refused ({}); recomputing {} date(s)",
            attempt,
            conflict.getClass().getSimpleName(),
            dates.size());
      } finally {
        metrics.unpersist();
      }
    }
  }

  /** The SQL condition of {@code dates} (ISO dates) on event_date. */
  static String inDates(List<String> dates) {
    return EVENT_DATE
        + " IN ("
        + dates.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
        + ")";
  }
}
