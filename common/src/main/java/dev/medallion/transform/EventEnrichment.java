package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.Schemas;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code curated.events_enriched}: each cleansed event left-joined to its user and its
 * transaction. An event whose user or transaction is unknown is kept, with nulls.
 */
public final class EventEnrichment {
  private EventEnrichment() {}

  /**
   * Enriches {@code events} (cleansed rows). Users are broadcast: a reference table is small next
   * to the events. Transactions are joined as Spark sees fit (broadcast when small enough).
   */
  public static Dataset<Row> enrich(
      Dataset<Row> events, Dataset<Row> users, Dataset<Row> transactions, Instant curatedAt) {
    Dataset<Row> u =
        users.select(
            col(USER_ID).as("_u_user_id"),
            col(NAME).as(USER_NAME),
            col(EMAIL).as(USER_EMAIL),
            col(COUNTRY),
            col(SIGNUP_DATE),
            col(SEGMENT));
    Dataset<Row> t =
        transactions.select(
            col(TRANSACTION_ID).as("_t_transaction_id"),
            col(AMOUNT),
            col(CURRENCY),
            col(STATUS).as(TRANSACTION_STATUS),
            col(TRANSACTION_TS));
    Dataset<Row> joined =
        events
            .join(broadcast(u), events.col(USER_ID).equalTo(u.col("_u_user_id")), "left")
            .join(t, events.col(TRANSACTION_ID).equalTo(t.col("_t_transaction_id")), "left")
            .withColumn(CURATED_AT, lit(Timestamp.from(curatedAt)));
    return EventCleansing.select(joined, Schemas.EVENTS_ENRICHED);
  }
}
