package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.transform.Landed.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.contract.Schemas;
import dev.medallion.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class DailyMetricsTest {

  private static final String DAY = "2024-03-01";

  /** Builds one {@code curated.events_enriched} row; only what the metrics read is settable. */
  private static final class Enriched {
    private final String uuid;
    private String date = DAY;
    private String type = "purchase";
    private String userId;
    private String country;
    private Double value;
    private String transactionId;
    private BigDecimal amount;
    private String status;

    private Enriched(String uuid) {
      this.uuid = uuid;
    }

    static Enriched event(String uuid) {
      return new Enriched(uuid);
    }

    Enriched on(String date) {
      this.date = date;
      return this;
    }

    Enriched type(String type) {
      this.type = type;
      return this;
    }

    /** A known user: the user's country comes with it. */
    Enriched user(String userId, String country) {
      this.userId = userId;
      this.country = country;
      return this;
    }

    /** A user id that matched nothing: no country. */
    Enriched unknownUser(String userId) {
      return user(userId, null);
    }

    Enriched value(Double value) {
      this.value = value;
      return this;
    }

    Enriched transaction(String transactionId, String amount, String status) {
      this.transactionId = transactionId;
      this.amount = new BigDecimal(amount);
      this.status = status;
      return this;
    }

    Row row() {
      Timestamp ts = Timestamp.from(Instant.parse(date + "T12:00:00Z"));
      return RowFactory.create(
          uuid,
          type,
          null,
          ts,
          userId,
          transactionId,
          null,
          value,
          null,
          false,
          userId == null || country == null ? null : "name-" + userId,
          null,
          country,
          null,
          null,
          amount,
          amount == null ? null : "EUR",
          status,
          amount == null ? null : ts,
          1L,
          Timestamp.from(Instant.parse("2024-03-06T00:00:00Z")),
          Date.valueOf(date));
    }
  }

  private static Enriched event(String uuid) {
    return Enriched.event(uuid);
  }

  private static Dataset<Row> metrics(Enriched... events) {
    List<Row> rows = Arrays.stream(events).map(Enriched::row).toList();
    return DailyMetrics.compute(TestSpark.get().createDataFrame(rows, Schemas.EVENTS_ENRICHED));
  }

  private static Row only(Dataset<Row> metrics) {
    List<Row> rows = metrics.collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  // ---------------------------------------------------------------------------------------------
  // events, distinct_users, value_sum

  @Test
  void countsEventsAndDistinctNonNullUsers() {
    Row row =
        only(
            metrics(
                event("e1").unknownUser("ghost-1"),
                event("e2").unknownUser("ghost-1"),
                event("e3").unknownUser("ghost-2"),
                event("e4"),
                event("e5")));

    assertThat(row.<Long>getAs(EVENTS)).isEqualTo(5L);
    assertThat(row.<Long>getAs(DISTINCT_USERS)).isEqualTo(2L);
    assertThat(row.<String>getAs(COUNTRY)).isNull();
  }

  @Test
  void aGroupWithOnlyAnonymousEventsHasZeroDistinctUsers() {
    Row row = only(metrics(event("e1"), event("e2")));

    assertThat(row.<Long>getAs(EVENTS)).isEqualTo(2L);
    assertThat(row.<Long>getAs(DISTINCT_USERS)).isZero();
  }

  @Test
  void valueSumCountsNullValuesAsZero() {
    Row row =
        only(
            metrics(
                event("e1").user("u1", "US").value(10.0),
                event("e2").user("u1", "US").value(null),
                event("e3").user("u2", "US").value(-2.5)));

    assertThat(row.<Double>getAs(VALUE_SUM)).isEqualTo(7.5);
  }

  @Test
  void valueSumIsZeroNotNullWhenEveryValueIsNull() {
    Row row = only(metrics(event("e1").user("u1", "US"), event("e2").user("u2", "US")));

    assertThat(row.isNullAt(row.fieldIndex(VALUE_SUM))).isFalse();
    assertThat(row.<Double>getAs(VALUE_SUM)).isEqualTo(0.0);
  }

  // ---------------------------------------------------------------------------------------------
  // revenue

  @Test
  void aCompletedTransactionReferencedTwiceCountsOnce() {
    Row row =
        only(
            metrics(
                event("e1").user("u1", "US").transaction("t1", "100.00", "completed"),
                event("e2").user("u1", "US").transaction("t1", "100.00", "completed"),
                event("e3").user("u2", "US").transaction("t2", "0.50", "completed")));

    assertThat(row.<Long>getAs(EVENTS)).isEqualTo(3L);
    assertThat(row.<BigDecimal>getAs(REVENUE)).isEqualTo(money("100.50"));
  }

  @Test
  void pendingFailedAndRefundedTransactionsAddNothing() {
    Row row =
        only(
            metrics(
                event("e1").user("u1", "US").transaction("t1", "10.00", "completed"),
                event("e2").user("u1", "US").transaction("t2", "20.00", "pending"),
                event("e3").user("u1", "US").transaction("t3", "30.00", "failed"),
                event("e4").user("u1", "US").transaction("t4", "40.00", "refunded")));

    assertThat(row.<BigDecimal>getAs(REVENUE)).isEqualTo(money("10.00"));
  }

  @Test
  void revenueIsZeroNotNullWithoutCompletedTransactions() {
    Dataset<Row> metrics =
        metrics(
            event("no-tx").user("u1", "US"),
            event("pending").type("click").user("u1", "US").transaction("t2", "20.00", "pending"));

    assertThat(metrics.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_TYPE), r -> r.<BigDecimal>getAs(REVENUE))
        .containsExactlyInAnyOrder(tuple("purchase", money("0.00")), tuple("click", money("0.00")));
  }

  @Test
  void theSameTransactionCountsInEachGroupThatReferencesIt() {
    Dataset<Row> metrics =
        metrics(
            event("purchase-us").user("u1", "US").transaction("t1", "100.00", "completed"),
            event("click-us")
                .type("click")
                .user("u1", "US")
                .transaction("t1", "100.00", "completed"),
            event("next-day")
                .on("2024-03-02")
                .user("u1", "US")
                .transaction("t1", "100.00", "completed"),
            event("unknown-user").unknownUser("ghost").transaction("t1", "100.00", "completed"));

    assertThat(metrics.collectAsList())
        .extracting(
            r -> date(r, EVENT_DATE).toString(),
            r -> r.<String>getAs(EVENT_TYPE),
            r -> r.<String>getAs(COUNTRY),
            r -> r.<BigDecimal>getAs(REVENUE))
        .containsExactlyInAnyOrder(
            tuple(DAY, "purchase", "US", money("100.00")),
            tuple(DAY, "click", "US", money("100.00")),
            tuple("2024-03-02", "purchase", "US", money("100.00")),
            tuple(DAY, "purchase", null, money("100.00")));
  }

  // ---------------------------------------------------------------------------------------------
  // Grouping

  @Test
  void aNullCountryIsAGroupOfItsOwnWithItsOwnFigures() {
    Dataset<Row> metrics =
        metrics(
            event("us-1").user("u1", "US").value(1.0).transaction("t1", "10.00", "completed"),
            event("us-2").user("u2", "US").value(2.0),
            event("de-1").user("u3", "DE").value(4.0).transaction("t2", "20.00", "completed"),
            event("anon-1").value(8.0).transaction("t3", "40.00", "completed"),
            event("anon-2")
                .unknownUser("ghost")
                .value(null)
                .transaction("t3", "40.00", "completed"),
            event("anon-3").unknownUser("ghost").value(16.0).transaction("t4", "80.00", "failed"));

    assertThat(metrics.collectAsList())
        .extracting(
            r -> r.<String>getAs(COUNTRY),
            r -> r.<Long>getAs(EVENTS),
            r -> r.<Long>getAs(DISTINCT_USERS),
            r -> r.<Double>getAs(VALUE_SUM),
            r -> r.<BigDecimal>getAs(REVENUE))
        .containsExactlyInAnyOrder(
            tuple("US", 2L, 2L, 3.0, money("10.00")),
            tuple("DE", 1L, 1L, 4.0, money("20.00")),
            tuple(null, 3L, 1L, 24.0, money("40.00")));
  }

  @Test
  void groupsByUtcEventDateAndEventType() {
    Dataset<Row> metrics =
        metrics(
            event("a").user("u1", "US"),
            event("b").user("u1", "US").type("click"),
            event("c").user("u1", "US").type("click"),
            event("d").user("u1", "US").on("2024-03-02"));

    assertThat(metrics.collectAsList())
        .extracting(
            r -> date(r, EVENT_DATE).toString(),
            r -> r.<String>getAs(EVENT_TYPE),
            r -> r.<Long>getAs(EVENTS))
        .containsExactlyInAnyOrder(
            tuple(DAY, "purchase", 1L),
            tuple(DAY, "click", 2L),
            tuple("2024-03-02", "purchase", 1L));
  }

  @Test
  void outputHasTheDailyEventMetricsSchema() {
    Dataset<Row> metrics =
        metrics(event("a").user("u1", "US").transaction("t1", "1.00", "completed"));

    assertThat(namesAndTypes(metrics.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.DAILY_EVENT_METRICS));
    assertThat(only(metrics).<BigDecimal>getAs(REVENUE)).isEqualTo(money("1.00"));
  }
}
