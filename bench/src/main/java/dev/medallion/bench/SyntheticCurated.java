package dev.medallion.bench;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.contract.Schemas;
import dev.medallion.sample.Vocabulary;
import dev.medallion.transform.EventCleansing;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows of {@code curated.events_enriched} made up for benchmarks, as many as asked for, from {@code
 * spark.range}: every column of {@link Schemas#EVENTS_ENRICHED}, with the shapes of the sample data
 * (click, view, purchase and sensor events; unknown users and events without a user; a map of
 * attributes on one event in six; names with commas, quotes and non-ASCII letters; late events; a
 * transaction on purchases, most of them known). Nulls are where the real data has them.
 *
 * <p>Every value is a hash of the row number and a seed, never a random draw, so the same {@code
 * rows} and {@code seed} give the same rows however Spark partitions the work. {@code event_uuid}
 * is unique: its last 12 hex digits are a bijection of the row number (up to 2^48 rows).
 */
public final class SyntheticCurated {
  /** The first day of events (UTC), as in the sample data. */
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 2);

  /** Events spread over this many days (late ones lie 10 to 29 days before theirs). */
  static final int DAYS = 28;

  private static final String N = "_n";
  // Any 48-bit constant: the row number XOR it fills the UUID's last 12 hex digits.
  private static final long TAIL_MASK = 0x5DEECE66DA3BL;
  private static final long FIRST_SECOND = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  private static final long FIRST_UNIX_DAY = FIRST_DAY.toEpochDay();

  private static final String[] OTHER_STATUSES = {"pending", "failed", "refunded"};

  private SyntheticCurated() {}

  /**
   * {@code rows} enriched events, in the schema, column order and types of {@link
   * Schemas#EVENTS_ENRICHED}.
   *
   * @param partitions how many partitions to generate them in
   */
  public static Dataset<Row> eventsEnriched(
      SparkSession spark, long rows, long seed, int partitions) {
    long users = Math.max(150, rows / 200);
    long transactions = Math.max(300, rows / 20);
    Column kind = draw(seed, 1, 10);
    Column type =
        when(kind.lt(4), lit("click"))
            .when(kind.lt(7), lit("view"))
            .when(kind.lt(8), lit("purchase"))
            .otherwise(lit("sensor_reading"));
    Column late = draw(seed, 2, 50).equalTo(0);
    Column day = draw(seed, 4, DAYS);
    Column eventDay = when(late, day.minus(draw(seed, 3, 20)).minus(10)).otherwise(day);
    Column eventSecond = eventDay.multiply(86_400L).plus(draw(seed, 5, 86_400)).plus(FIRST_SECOND);
    Column who = draw(seed, 7, 20);
    Column sensor = col(EVENT_TYPE).equalTo("sensor_reading");
    Column purchase = col(EVENT_TYPE).equalTo("purchase");
    Column userNumber = draw(seed, 9, users).plus(1);
    Column transactionNumber = draw(seed, 10, transactions).plus(1);
    // One purchase in twenty names a transaction nobody knows: no amount, status, ...
    Column knownTransaction = draw(seed, 16, 20).notEqual(0);

    Dataset<Row> events =
        spark
            .range(0, rows, 1, partitions)
            .toDF(N)
            .select(
                col(N),
                uuid(seed).as(EVENT_UUID),
                type.as(EVENT_TYPE),
                late.as(IS_LATE),
                eventSecond.as("_second"),
                day.plus(1).as(INGEST_RUN),
                when(who.equalTo(0), lit("unknown"))
                    .when(who.equalTo(1), lit("none"))
                    .otherwise(lit("known"))
                    .as("_who"),
                userNumber.as("_user"),
                transactionNumber.as("_transaction"),
                knownTransaction.as("_known_transaction"))
            .select(
                col("*"),
                when(col(EVENT_TYPE).equalTo("click"), pick(draw(seed, 6, 2), "button", "link"))
                    .when(col(EVENT_TYPE).equalTo("view"), lit("page"))
                    .when(sensor, pick(draw(seed, 6, 2), "temperature", "humidity"))
                    .as(EVENT_SUBTYPE),
                timestamp_seconds(col("_second")).as(EVENT_TS),
                date_from_unix_date(floor(col("_second").divide(86_400)).cast("int"))
                    .as(EVENT_DATE),
                when(sensor, lit(null))
                    .when(
                        col("_who").equalTo("unknown"),
                        concat(lit("u99"), draw(seed, 8, 10), lit("x")))
                    .when(col("_who").equalTo("known"), format_string("u%05d", col("_user")))
                    .as(USER_ID),
                when(
                        purchase.and(col("_known_transaction")),
                        format_string("t%06d", col("_transaction")))
                    .when(purchase, format_string("t9%05d", draw(seed, 17, 100_000)))
                    .as(TRANSACTION_ID),
                when(sensor, format_string("dev-%03d", draw(seed, 11, 60))).as(DEVICE_ID),
                when(purchase, draw(seed, 12, 50_000).divide(100.0))
                    .when(
                        sensor, round(draw(seed, 13, 4_000).minus(2_000).divide(100.0).plus(20), 2))
                    .as(VALUE),
                when(
                        draw(seed, 14, 6).equalTo(0),
                        map(
                            lit("app_version"),
                            concat(lit("4."), draw(seed, 15, 9)),
                            lit("locale"),
                            pick(draw(seed, 18, 2), "pl-PL", "ja-JP")))
                    .as(ATTRIBUTES));

    // The user's columns: known users only (an unknown user_id joins to nothing).
    Column known = col("_who").equalTo("known").and(not(sensor));
    Column style = hashed(seed, 20, col("_user"), 10);
    Column name =
        concat(
            pick(
                hashed(seed, 21, col("_user"), Vocabulary.FIRST_NAMES.size()),
                Vocabulary.FIRST_NAMES),
            lit(" "),
            pick(
                hashed(seed, 22, col("_user"), Vocabulary.LAST_NAMES.size()),
                Vocabulary.LAST_NAMES));
    Column userName =
        when(style.equalTo(0), concat(name, lit(", Jr.")))
            .when(style.equalTo(1), concat(name, lit(" \"The Great\"")))
            .when(style.equalTo(2), lit("山田 太郎"))
            .otherwise(name);
    // The transaction's columns: purchases of a known transaction only.
    Column paid = purchase.and(col("_known_transaction"));
    Column t = col("_transaction");
    Column status =
        when(hashed(seed, 30, t, 10).lt(7), lit("completed"))
            .otherwise(pick(hashed(seed, 31, t, OTHER_STATUSES.length), OTHER_STATUSES));

    Dataset<Row> enriched =
        events.select(
            col("*"),
            when(known, userName).as(USER_NAME),
            when(
                    known.and(hashed(seed, 23, col("_user"), 12).notEqual(0)),
                    concat(col(USER_ID), lit("@example.com")))
                .as(USER_EMAIL),
            when(
                    known,
                    pick(
                        hashed(seed, 24, col("_user"), Vocabulary.COUNTRIES.size()),
                        Vocabulary.COUNTRIES))
                .as(COUNTRY),
            when(
                    known.and(hashed(seed, 25, col("_user"), 15).notEqual(0)),
                    date_from_unix_date(
                        lit(FIRST_UNIX_DAY)
                            .minus(hashed(seed, 26, col("_user"), 900))
                            .minus(30)
                            .cast("int")))
                .as(SIGNUP_DATE),
            when(
                    known,
                    when(
                            hashed(seed, 27, col("_user"), 25).equalTo(0),
                            lit("note:\nmulti-line segment"))
                        .otherwise(
                            pick(
                                hashed(seed, 28, col("_user"), Vocabulary.SEGMENTS.size()),
                                Vocabulary.SEGMENTS)))
                .as(SEGMENT),
            when(paid, hashed(seed, 32, t, 50_000).plus(100).divide(100).cast(Schemas.AMOUNT_TYPE))
                .as(AMOUNT),
            when(
                    paid,
                    pick(hashed(seed, 33, t, Vocabulary.CURRENCIES.size()), Vocabulary.CURRENCIES))
                .as(CURRENCY),
            when(paid, status).as(TRANSACTION_STATUS),
            when(paid, timestamp_seconds(col("_second").minus(hashed(seed, 34, t, 3_600))))
                .as(TRANSACTION_TS),
            timestamp_seconds(lit(FIRST_SECOND + (DAYS + 1) * 86_400L)).as(CURATED_AT));
    return EventCleansing.select(enriched, Schemas.EVENTS_ENRICHED);
  }

  /** A deterministic number in [0, bound) for this row and {@code stream}. */
  static Column draw(long seed, int stream, long bound) {
    return hashed(seed, stream, col(N), bound);
  }

  private static Column hashed(long seed, int stream, Column of, long bound) {
    return pmod(xxhash64(of, lit(seed), lit(stream)), lit(bound));
  }

  private static Column pick(Column index, String... values) {
    return pick(index, List.of(values));
  }

  private static Column pick(Column index, List<String> values) {
    Column[] literals = values.stream().map(v -> lit(v)).toArray(Column[]::new);
    return element_at(array(literals), index.cast("int").plus(1));
  }

  /**
   * A version-4-shaped UUID: 19 hex digits of hash (which alone order the keys, at random as real
   * UUIDs do), then 12 that are the row number XOR a constant, so that no two rows share one.
   */
  private static Column uuid(long seed) {
    Column a = lower(lpad(hex(xxhash64(col(N), lit(seed), lit(100))), 16, "0"));
    Column b = lower(lpad(hex(xxhash64(col(N), lit(seed), lit(101))), 16, "0"));
    Column tail = lower(lpad(hex(col(N).bitwiseXOR(lit(TAIL_MASK))), 12, "0"));
    return concat(
        substring(a, 1, 8),
        lit("-"),
        substring(a, 9, 4),
        lit("-4"),
        substring(a, 14, 3),
        lit("-"),
        pick(pmod(xxhash64(col(N), lit(seed), lit(102)), lit(4)), "8", "9", "a", "b"),
        substring(b, 2, 3),
        lit("-"),
        tail);
  }
}
