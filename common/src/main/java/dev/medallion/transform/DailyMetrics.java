package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code curated.daily_event_metrics} from enriched events, one row per ({@code event_date},
 * {@code event_type}, {@code country}); a null country (unknown user) is a group of its own.
 *
 * <ul>
 *   <li>{@code events}: the number of events;
 *   <li>{@code distinct_users}: distinct non-null {@code user_id};
 *   <li>{@code value_sum}: the sum of {@code value}, a null counting as 0;
 *   <li>{@code revenue}: the sum of {@code amount} over the distinct completed transactions the
 *       row's events reference; a transaction counts once per row however many events point to it.
 * </ul>
 */
public final class DailyMetrics {
  private DailyMetrics() {}

  public static Dataset<Row> compute(Dataset<Row> enriched) {
    Dataset<Row> counts =
        enriched
            .groupBy(EVENT_DATE, EVENT_TYPE, COUNTRY)
            .agg(
                count(lit(1)).as(EVENTS),
                countDistinct(col(USER_ID)).as(DISTINCT_USERS),
                sum(coalesce(col(VALUE), lit(0.0))).as(VALUE_SUM));
    Dataset<Row> revenue =
        enriched
            .where(col(TRANSACTION_STATUS).equalTo("completed"))
            .select(
                col(EVENT_DATE).as("_r_date"),
                col(EVENT_TYPE).as("_r_type"),
                col(COUNTRY).as("_r_country"),
                col(TRANSACTION_ID),
                col(AMOUNT))
            .dropDuplicates("_r_date", "_r_type", "_r_country", TRANSACTION_ID)
            .groupBy("_r_date", "_r_type", "_r_country")
            .agg(sum(col(AMOUNT)).as(REVENUE));
    Column sameGroup =
        counts
            .col(EVENT_DATE)
            .equalTo(revenue.col("_r_date"))
            .and(counts.col(EVENT_TYPE).equalTo(revenue.col("_r_type")))
            .and(counts.col(COUNTRY).eqNullSafe(revenue.col("_r_country")));
    Dataset<Row> joined =
        counts
            .join(revenue, sameGroup, "left")
            .withColumn(REVENUE, coalesce(col(REVENUE), lit(0)).cast(Schemas.REVENUE_TYPE));
    return EventCleansing.select(joined, Schemas.DAILY_EVENT_METRICS);
  }
}
