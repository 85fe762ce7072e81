package dev.medallion.bench;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The naive peer's curate step: the run's cleansed events left-joined to users and transactions (no
 * broadcast: sort-merge joins over 200 partitions) and appended; {@code daily_event_metrics}
 * computed again from every curated event and overwritten.
 */
final class NaiveSparkCurate {
  private final NaiveLake lake;

  NaiveSparkCurate(NaiveLake lake) {
    this.lake = lake;
  }

  /** Left joins of the run's events to users and transactions; the metrics computed again. */
  void run(Dataset<Row> cleansed) {
    if (cleansed.isEmpty()) {
      return;
    }
    Dataset<Row> users =
        lake.exists("cleansed/users")
            ? lake.read("cleansed/users")
            : lake.spark()
                .createDataFrame(
                    List.of(),
                    new StructType()
                        .add("user_id", DataTypes.StringType)
                        .add("name", DataTypes.StringType)
                        .add("email", DataTypes.StringType)
                        .add("country", DataTypes.StringType)
                        .add("signup_date", DataTypes.DateType)
                        .add("segment", DataTypes.StringType));
    Dataset<Row> transactions =
        lake.exists("cleansed/transactions")
            ? lake.read("cleansed/transactions")
            : lake.spark()
                .createDataFrame(
                    List.of(),
                    new StructType()
                        .add("transaction_id", DataTypes.StringType)
                        .add("amount", DataTypes.createDecimalType(18, 2))
                        .add("currency", DataTypes.StringType)
                        .add("status", DataTypes.StringType)
                        .add("transaction_ts", DataTypes.TimestampType));
    Dataset<Row> u =
        users.select(
            col("user_id").as("_u"),
            col("name").as("user_name"),
            col("email").as("user_email"),
            col("country"),
            col("signup_date"),
            col("segment"));
    Dataset<Row> t =
        transactions.select(
            col("transaction_id").as("_t"),
            col("amount"),
            col("currency"),
            col("status").as("transaction_status"),
            col("transaction_ts"));
    Dataset<Row> enriched =
        cleansed
            .drop("_source", "_ingested_at")
            .join(u, cleansed.col("user_id").equalTo(u.col("_u")), "left")
            .join(t, cleansed.col("transaction_id").equalTo(t.col("_t")), "left")
            .drop("_u", "_t")
            .withColumn("_curated_at", current_timestamp());
    enriched
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("event_date", "event_type")
        .save(lake.path("curated/events_enriched"));

    Dataset<Row> all = lake.read("curated/events_enriched");
    Dataset<Row> counts =
        all.groupBy("event_date", "event_type", "country")
            .agg(
                count(lit(1)).as("events"),
                countDistinct(col("user_id")).as("distinct_users"),
                sum(coalesce(col("value"), lit(0.0))).as("value_sum"));
    Dataset<Row> revenue =
        all.where(col("transaction_status").equalTo("completed"))
            .dropDuplicates("event_date", "event_type", "country", "transaction_id")
            .groupBy(
                col("event_date").as("_d"), col("event_type").as("_e"), col("country").as("_c"))
            .agg(sum("amount").as("revenue"));
    counts
        .join(
            revenue,
            counts
                .col("event_date")
                .equalTo(revenue.col("_d"))
                .and(counts.col("event_type").equalTo(revenue.col("_e")))
                .and(counts.col("country").eqNullSafe(revenue.col("_c"))),
            "left")
        .select(
            col("event_type"),
            col("country"),
            col("events"),
            col("distinct_users"),
            col("value_sum"),
            coalesce(col("revenue"), lit(0)).cast(DataTypes.createDecimalType(38, 2)).as("revenue"),
            col("event_date"))
        .write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .partitionBy("event_date")
        .save(lake.path("curated/daily_event_metrics"));
  }
}
