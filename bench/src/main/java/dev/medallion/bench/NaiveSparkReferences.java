package dev.medallion.bench;

import static org.apache.spark.sql.functions.*;

import dev.medallion.run.RecordCounts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The naive peer's reference data: users or transactions files read with Spark's CSV reader
 * (header, multi-line records; a record it cannot parse is invalid), checked the obvious way (one
 * reason, {@code invalid}), the latest row per key (file, then position) merged over the earlier
 * runs' Delta table, which is overwritten.
 */
final class NaiveSparkReferences {
  private final NaiveLake lake;

  NaiveSparkReferences(NaiveLake lake) {
    this.lake = lake;
  }

  /** A reference kind: read, checked, the latest row per key merged over the earlier table. */
  RecordCounts ingest(
      List<Path> files,
      String name,
      String key,
      Map<String, Column> checks,
      long run,
      Column ingestedAt) {
    if (files.isEmpty()) {
      return new RecordCounts(0, 0, 0, 0, 0, Map.of());
    }
    StructType schema = new StructType();
    for (String column : checks.keySet()) {
      schema = schema.add(column, DataTypes.StringType);
    }
    schema = schema.add("_corrupt", DataTypes.StringType);
    Dataset<Row> rows =
        lake.spark()
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt")
            .schema(schema)
            .csv(files.stream().map(Path::toString).toArray(String[]::new))
            .withColumn("_source", input_file_name())
            .withColumn("_position", monotonically_increasing_id());
    Column valid = col("_corrupt").isNull();
    for (Column check : checks.values()) {
      valid = valid.and(coalesce(check, lit(false)));
    }
    Dataset<Row> checked =
        rows.withColumn("_file", NaiveSparkPipeline.fileIndex(files))
            .withColumn("_valid", valid)
            .cache();
    Dataset<Row> latest =
        checked
            .where(col("_valid"))
            .withColumn(
                "_rank",
                row_number()
                    .over(
                        Window.partitionBy(key)
                            .orderBy(col("_file").desc(), col("_position").desc())))
            .where(col("_rank").equalTo(1))
            .select(typed(name))
            .withColumn("_ingested_at", ingestedAt)
            .withColumn("_ingest_run", lit(run));
    Dataset<Row> merged = latest;
    if (lake.exists("cleansed/" + name)) {
      Dataset<Row> earlier = lake.read("cleansed/" + name);
      merged =
          latest.unionByName(
              earlier.join(
                  latest.select(key), earlier.col(key).equalTo(latest.col(key)), "left_anti"));
    }
    merged = merged.localCheckpoint();
    merged.write().format("delta").mode(SaveMode.Overwrite).save(lake.path("cleansed/" + name));

    long read = checked.count();
    long validCount = checked.where(col("_valid")).count();
    long latestCount = latest.count();
    checked.unpersist();
    return new RecordCounts(
        read,
        latestCount,
        validCount - latestCount,
        read - validCount,
        0,
        read > validCount ? Map.of("invalid", read - validCount) : Map.of());
  }

  static Map<String, Column> userChecks() {
    Map<String, Column> checks = new LinkedHashMap<>();
    checks.put("user_id", col("user_id").isNotNull().and(trim(col("user_id")).notEqual("")));
    checks.put("name", lit(true));
    checks.put("email", lit(true));
    checks.put("country", lit(true));
    checks.put(
        "signup_date",
        col("signup_date").isNull().or(to_date(col("signup_date"), "yyyy-MM-dd").isNotNull()));
    checks.put("segment", lit(true));
    return checks;
  }

  static Map<String, Column> transactionChecks() {
    Map<String, Column> checks = new LinkedHashMap<>();
    checks.put(
        "transaction_id",
        col("transaction_id").isNotNull().and(trim(col("transaction_id")).notEqual("")));
    checks.put("user_id", lit(true));
    checks.put("amount", col("amount").rlike("^[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?$"));
    checks.put("currency", col("currency").rlike("^[A-Z]{3}$"));
    checks.put("status", col("status").isin("completed", "pending", "failed", "refunded"));
    checks.put("transaction_ts", to_timestamp(col("transaction_ts")).isNotNull());
    return checks;
  }

  private static Column[] typed(String name) {
    if (name.equals("users")) {
      return new Column[] {
        col("user_id"),
        col("name"),
        col("email"),
        col("country"),
        to_date(col("signup_date"), "yyyy-MM-dd").as("signup_date"),
        col("segment"),
        col("_source")
      };
    }
    return new Column[] {
      col("transaction_id"),
      col("user_id"),
      col("amount").cast(DataTypes.createDecimalType(18, 2)).as("amount"),
      col("currency"),
      col("status"),
      to_timestamp(col("transaction_ts")).as("transaction_ts"),
      col("_source")
    };
  }
}
