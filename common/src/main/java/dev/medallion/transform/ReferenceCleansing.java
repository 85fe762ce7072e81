package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.apache.spark.sql.types.DataTypes.*;

import dev.medallion.contract.Schemas;
import dev.medallion.validate.Iso8601;
import dev.medallion.validate.ReferenceKind;
import dev.medallion.validate.ReferenceValidator;
import dev.medallion.validate.ValidatedReference;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Cleansing of the reference files (users, transactions), each step a pure {@code Dataset ->
 * Dataset}: validate CSV records against their header, keep the latest row per key, shape rows for
 * {@code cleansed.users} and {@code cleansed.transactions}.
 */
public final class ReferenceCleansing {
  private ReferenceCleansing() {}

  private static final String PARSED = "_parsed";

  /** Adds the typed columns of {@code kind}, {@code reasons}, {@code reason_detail} and _valid. */
  public static Dataset<Row> withValidation(Dataset<Row> landed, ReferenceKind kind) {
    StructType parsedType = parsedType(kind);
    UserDefinedFunction validate =
        udf((UDF2<String, String, Row>) (header, record) -> toRow(kind, header, record), parsedType)
            .asNondeterministic();
    List<Column> columns = new ArrayList<>();
    columns.add(col("*"));
    for (String column : kind.columns()) {
      Column field = col(PARSED).getField(column);
      columns.add(
          switch (column) {
            case TRANSACTION_TS -> timestamp_micros(field).as(column);
            case SIGNUP_DATE -> date_from_unix_date(field).as(column);
            default -> field.as(column);
          });
    }
    if (kind == ReferenceKind.TRANSACTIONS) {
      Column micros = col(PARSED).getField(TRANSACTION_TS);
      // The UTC date, whatever the session time zone.
      columns.add(
          date_from_unix_date(floor(micros.divide(86_400_000_000L)).cast(IntegerType))
              .as(TRANSACTION_DATE));
    }
    columns.add(EventCleansing.withReadError(col(PARSED).getField(REASONS)).as(REASONS));
    Column detail = concat_ws("; ", col(READ_ERROR), col(PARSED).getField(REASON_DETAIL));
    columns.add(
        when(detail.equalTo(""), lit(null).cast(StringType)).otherwise(detail).as(REASON_DETAIL));
    return landed
        .withColumn(PARSED, validate.apply(col(HEADER), col(RECORD)))
        .select(columns.toArray(Column[]::new))
        .drop(PARSED)
        .withColumn(EventCleansing.VALID, size(col(REASONS)).equalTo(0));
  }

  /**
   * Keeps, for each key, the row ingested last (run, then file order, then line): DESIGN says a
   * later file's row for the same key replaces the earlier one.
   */
  public static Dataset<Row> filterLatestPerKey(Dataset<Row> valid, ReferenceKind kind) {
    String rank = "_rank_latest";
    return valid
        .withColumn(
            rank,
            row_number()
                .over(
                    Window.partitionBy(kind.key())
                        .orderBy(col(INGEST_RUN).desc(), col(FILE_INDEX).desc(), col(LINE).desc())))
        .where(col(rank).equalTo(1))
        .drop(rank);
  }

  /** Shapes valid rows as rows of the kind's cleansed table. */
  public static Dataset<Row> toCleansed(Dataset<Row> valid, ReferenceKind kind) {
    return EventCleansing.select(valid, cleansedSchema(kind));
  }

  public static StructType cleansedSchema(ReferenceKind kind) {
    return kind == ReferenceKind.USERS ? Schemas.CLEANSED_USERS : Schemas.CLEANSED_TRANSACTIONS;
  }

  private static StructType parsedType(ReferenceKind kind) {
    List<StructField> fields = new ArrayList<>();
    for (String column : kind.columns()) {
      DataType type =
          switch (column) {
            case SIGNUP_DATE -> IntegerType;
            case TRANSACTION_TS -> LongType;
            case AMOUNT -> Schemas.AMOUNT_TYPE;
            default -> StringType;
          };
      fields.add(Schemas.field(column, type));
    }
    fields.add(Schemas.field(REASONS, createArrayType(StringType, false)));
    fields.add(Schemas.field(REASON_DETAIL, StringType));
    return new StructType(fields.toArray(StructField[]::new));
  }

  private static Row toRow(ReferenceKind kind, String header, String record) {
    ValidatedReference v =
        ReferenceValidator.validate(
            kind, header == null ? "" : header, record == null ? "" : record);
    Object[] values = new Object[kind.columns().size() + 2];
    for (int i = 0; i < kind.columns().size(); i++) {
      Object value = v.values().get(i);
      if (value instanceof LocalDate date) {
        value = (int) date.toEpochDay();
      } else if (value instanceof Instant instant) {
        value = Iso8601.micros(instant);
      }
      values[i] = value;
    }
    values[values.length - 2] = v.reasons();
    values[values.length - 1] = v.reasonDetail();
    return RowFactory.create(values);
  }
}
