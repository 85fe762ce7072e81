package dev.medallion.warehouse;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.ByteType;
import static org.apache.spark.sql.types.DataTypes.CalendarIntervalType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.NullType;
import static org.apache.spark.sql.types.DataTypes.ShortType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampNTZType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.contract.Schemas;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The type mapping of docs/warehouse.md, one row per Spark type per dialect. */
class TypeMappingTest {
  private static final DataType STRUCT =
      createStructType(List.of(createStructField("a", StringType, true)));

  static Stream<Arguments> mapping() {
    return Stream.of(
        Arguments.of(Dialect.POSTGRES, StringType, "text"),
        Arguments.of(Dialect.POSTGRES, LongType, "bigint"),
        Arguments.of(Dialect.POSTGRES, IntegerType, "integer"),
        Arguments.of(Dialect.POSTGRES, ShortType, "smallint"),
        Arguments.of(Dialect.POSTGRES, ByteType, "smallint"),
        Arguments.of(Dialect.POSTGRES, DoubleType, "double precision"),
        Arguments.of(Dialect.POSTGRES, FloatType, "real"),
        Arguments.of(Dialect.POSTGRES, BooleanType, "boolean"),
        Arguments.of(Dialect.POSTGRES, TimestampType, "timestamp with time zone"),
        Arguments.of(Dialect.POSTGRES, DateType, "date"),
        Arguments.of(Dialect.POSTGRES, createDecimalType(18, 2), "numeric(18,2)"),
        Arguments.of(Dialect.POSTGRES, createDecimalType(38, 38), "numeric(38,38)"),
        Arguments.of(Dialect.POSTGRES, Schemas.ATTRIBUTES_TYPE, "jsonb"),
        Arguments.of(Dialect.POSTGRES, createArrayType(StringType), "jsonb"),
        Arguments.of(Dialect.POSTGRES, STRUCT, "jsonb"),
        Arguments.of(Dialect.REDSHIFT, StringType, "VARCHAR(65535)"),
        Arguments.of(Dialect.REDSHIFT, LongType, "BIGINT"),
        Arguments.of(Dialect.REDSHIFT, IntegerType, "INTEGER"),
        Arguments.of(Dialect.REDSHIFT, ShortType, "SMALLINT"),
        Arguments.of(Dialect.REDSHIFT, ByteType, "SMALLINT"),
        Arguments.of(Dialect.REDSHIFT, DoubleType, "DOUBLE PRECISION"),
        Arguments.of(Dialect.REDSHIFT, FloatType, "REAL"),
        Arguments.of(Dialect.REDSHIFT, BooleanType, "BOOLEAN"),
        Arguments.of(Dialect.REDSHIFT, TimestampType, "TIMESTAMPTZ"),
        Arguments.of(Dialect.REDSHIFT, DateType, "DATE"),
        Arguments.of(Dialect.REDSHIFT, createDecimalType(18, 2), "DECIMAL(18,2)"),
        Arguments.of(Dialect.REDSHIFT, createDecimalType(38, 37), "DECIMAL(38,37)"),
        Arguments.of(Dialect.REDSHIFT, Schemas.ATTRIBUTES_TYPE, "SUPER"),
        Arguments.of(Dialect.REDSHIFT, createArrayType(StringType), "SUPER"),
        Arguments.of(Dialect.REDSHIFT, STRUCT, "SUPER"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("mapping")
  void mapsEachSparkType(Dialect dialect, DataType spark, String warehouse) {
    assertThat(new LoadSql(dialect).mapType(spark)).isEqualTo(warehouse);
  }

  static Stream<Arguments> unmapped() {
    return Stream.of(Dialect.values())
        .flatMap(
            d ->
                Stream.of(
                    Arguments.of(d, BinaryType, "binary"),
                    Arguments.of(d, TimestampNTZType, "timestamp_ntz"),
                    Arguments.of(d, NullType, "void"),
                    Arguments.of(d, CalendarIntervalType, "interval")));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("unmapped")
  void refusesATypeWithNoMapping(Dialect dialect, DataType spark, String name) {
    assertThatThrownBy(() -> new LoadSql(dialect).mapType(spark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Spark type " + name + " has no ")
        .hasMessageContaining("\"Type mapping\"");
  }

  @Test
  void namesTheColumnWhoseTypeHasNoMapping() {
    StructType schema =
        createStructType(
            List.of(
                createStructField("id", StringType, false),
                createStructField("payload", BinaryType, true)));
    assertThatThrownBy(
            () -> WarehouseTable.of(Dialect.POSTGRES, "analytics", "t", schema, List.of("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Column analytics.t.payload: Spark type binary has no PostgreSQL type");
  }

  @Test
  void refusesOnRedshiftADecimalWithMoreThan37Places() {
    StructType schema =
        createStructType(
            List.of(
                createStructField("id", StringType, false),
                createStructField("ratio", createDecimalType(38, 38), true)));
    assertThatThrownBy(
            () -> WarehouseTable.of(Dialect.REDSHIFT, "analytics", "t", schema, List.of("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Column analytics.t.ratio: Spark type decimal(38,38)")
        .hasMessageContaining("at most 38 digits with at most 37 after the point");
    assertThat(
            WarehouseTable.of(Dialect.POSTGRES, "analytics", "t", schema, List.of("id")).columns())
        .extracting(WarehouseColumn::type)
        .containsExactly("text", "numeric(38,38)");
  }

  @Test
  void cannotBeGivenADecimalOfMoreThan38DigitsBecauseSparkHasNone() {
    // Redshift's limit of 38 digits is also Spark's, so only the 37 places can be exceeded.
    assertThatThrownBy(() -> createDecimalType(39, 2)).isInstanceOf(Throwable.class);
  }

  @Test
  void givesPostgresTypesInFormatTypeSpelling() {
    // What format_type() reports for each mapped type, so that evolve() compares exactly.
    LoadSql pg = new LoadSql(Dialect.POSTGRES);
    for (Arguments row : mapping().filter(a -> a.get()[0] == Dialect.POSTGRES).toList()) {
      String type = pg.mapType((DataType) row.get()[1]);
      assertThat(TypeSpelling.canonical(type)).as(type).isEqualTo(type);
    }
  }
}
