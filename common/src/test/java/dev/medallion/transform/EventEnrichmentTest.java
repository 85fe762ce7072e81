package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.transform.Landed.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.contract.Schemas;
import dev.medallion.testing.TestSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class EventEnrichmentTest {

  private static final Instant CURATION_TIME = Instant.parse("2024-03-06T02:00:00Z");
  private static final Timestamp INGESTED = Timestamp.from(RUN_INGESTED_AT);

  /** A cleansed event at {@code ts} referencing {@code userId} and {@code transactionId}. */
  private static Row event(String uuid, String ts, String userId, String transactionId) {
    Instant at = Instant.parse(ts);
    return RowFactory.create(
        uuid,
        "purchase",
        "web",
        Timestamp.from(at),
        userId,
        transactionId,
        "dev-1",
        3.5,
        Map.of("k", "v"),
        false,
        "landing/events.jsonl",
        1L,
        INGESTED,
        "run-1",
        7L,
        Date.valueOf(LocalDate.ofInstant(at, java.time.ZoneOffset.UTC)));
  }

  private static Row user(String userId, String name, String country, String segment) {
    return RowFactory.create(
        userId,
        name,
        name.toLowerCase() + "@example.com",
        country,
        Date.valueOf("2023-06-01"),
        segment,
        "landing/users.csv",
        2L,
        INGESTED,
        "run-1",
        1L);
  }

  private static Row transaction(String transactionId, String amount, String status) {
    return RowFactory.create(
        transactionId,
        "u1",
        new BigDecimal(amount),
        "EUR",
        status,
        Timestamp.from(Instant.parse("2024-03-01T09:00:00Z")),
        "landing/transactions.csv",
        3L,
        INGESTED,
        "run-1",
        1L,
        Date.valueOf("2024-03-01"));
  }

  private static Dataset<Row> frame(StructType schema, Row... rows) {
    return TestSpark.get().createDataFrame(List.of(rows), schema);
  }

  private static Dataset<Row> users() {
    return frame(
        Schemas.CLEANSED_USERS,
        user("u1", "Jane", "US", "gold"),
        user("u2", "Kai", "DE", "silver"));
  }

  private static Dataset<Row> transactions() {
    return frame(
        Schemas.CLEANSED_TRANSACTIONS,
        transaction("t1", "19.90", "completed"),
        transaction("t2", "5.00", "pending"));
  }

  private static Dataset<Row> enrich(Row... events) {
    return EventEnrichment.enrich(
        frame(Schemas.CLEANSED_EVENTS, events), users(), transactions(), CURATION_TIME);
  }

  @Test
  void anEventWithAKnownUserAndTransactionGetsTheirColumns() {
    Row row = enrich(event("e1", "2024-03-01T10:00:00Z", "u1", "t1")).collectAsList().get(0);

    assertThat(row.<String>getAs(EVENT_UUID)).isEqualTo("e1");
    assertThat(row.<String>getAs(USER_ID)).isEqualTo("u1");
    assertThat(row.<String>getAs(USER_NAME)).isEqualTo("Jane");
    assertThat(row.<String>getAs(USER_EMAIL)).isEqualTo("jane@example.com");
    assertThat(row.<String>getAs(COUNTRY)).isEqualTo("US");
    assertThat(date(row, SIGNUP_DATE)).isEqualTo(LocalDate.parse("2023-06-01"));
    assertThat(row.<String>getAs(SEGMENT)).isEqualTo("gold");
    assertThat(row.<String>getAs(TRANSACTION_ID)).isEqualTo("t1");
    assertThat(row.<BigDecimal>getAs(AMOUNT)).isEqualTo(new BigDecimal("19.90"));
    assertThat(row.<String>getAs(CURRENCY)).isEqualTo("EUR");
    assertThat(row.<String>getAs(TRANSACTION_STATUS)).isEqualTo("completed");
    assertThat(instant(row, TRANSACTION_TS)).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
    assertThat(instant(row, EVENT_TS)).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(date(row, EVENT_DATE)).isEqualTo(LocalDate.parse("2024-03-01"));
    assertThat(row.<Double>getAs(VALUE)).isEqualTo(3.5);
    assertThat(row.getJavaMap(row.fieldIndex(ATTRIBUTES))).isEqualTo(Map.of("k", "v"));
    assertThat(row.<Long>getAs(INGEST_RUN)).isEqualTo(7L);
    assertThat(instant(row, CURATED_AT)).isEqualTo(CURATION_TIME);
  }

  @Test
  void eventsWithAnUnknownOrNullUserAreKeptWithNullUserColumns() {
    Map<String, Row> byUuid =
        byKey(
            enrich(
                event("unknown-user", "2024-03-01T10:00:00Z", "ghost", "t1"),
                event("no-user", "2024-03-01T11:00:00Z", null, "t2")),
            EVENT_UUID);

    assertThat(byUuid).containsOnlyKeys("unknown-user", "no-user");
    for (Row row : byUuid.values()) {
      assertThat(row.<String>getAs(USER_NAME)).isNull();
      assertThat(row.<String>getAs(USER_EMAIL)).isNull();
      assertThat(row.<String>getAs(COUNTRY)).isNull();
      assertThat(date(row, SIGNUP_DATE)).isNull();
      assertThat(row.<String>getAs(SEGMENT)).isNull();
      assertThat(row.<String>getAs(TRANSACTION_ID)).isNotNull();
      assertThat(row.<BigDecimal>getAs(AMOUNT)).isNotNull();
    }
    assertThat(byUuid.get("unknown-user").<String>getAs(USER_ID)).isEqualTo("ghost");
    assertThat(byUuid.get("no-user").<String>getAs(USER_ID)).isNull();
    assertThat(byUuid.get("no-user").<String>getAs(TRANSACTION_STATUS)).isEqualTo("pending");
  }

  @Test
  void eventsWithAnUnknownOrNullTransactionAreKeptWithNullTransactionColumns() {
    Map<String, Row> byUuid =
        byKey(
            enrich(
                event("unknown-tx", "2024-03-01T10:00:00Z", "u2", "t-missing"),
                event("no-tx", "2024-03-01T11:00:00Z", "u2", null)),
            EVENT_UUID);

    assertThat(byUuid).containsOnlyKeys("unknown-tx", "no-tx");
    for (Row row : byUuid.values()) {
      assertThat(row.<String>getAs(COUNTRY)).isEqualTo("DE");
      assertThat(row.<BigDecimal>getAs(AMOUNT)).isNull();
      assertThat(row.<String>getAs(CURRENCY)).isNull();
      assertThat(row.<String>getAs(TRANSACTION_STATUS)).isNull();
      assertThat(instant(row, TRANSACTION_TS)).isNull();
    }
    assertThat(byUuid.get("unknown-tx").<String>getAs(TRANSACTION_ID)).isEqualTo("t-missing");
  }

  @Test
  void everyEventComesOutExactlyOnce() {
    Row[] events = {
      event("a", "2024-03-01T10:00:00Z", "u1", "t1"),
      event("b", "2024-03-01T10:00:00Z", "u1", "t1"),
      event("c", "2024-03-02T10:00:00Z", "u2", "t2"),
      event("d", "2024-03-02T10:00:00Z", "ghost", "t-missing"),
      event("e", "2024-03-03T10:00:00Z", null, null),
    };

    Dataset<Row> enriched = enrich(events);

    assertThat(enriched.count()).isEqualTo(events.length);
    assertThat(enriched.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }

  @Test
  void noReferenceDataAtAllStillKeepsEveryEvent() {
    Dataset<Row> enriched =
        EventEnrichment.enrich(
            frame(Schemas.CLEANSED_EVENTS, event("a", "2024-03-01T10:00:00Z", "u1", "t1")),
            frame(Schemas.CLEANSED_USERS),
            frame(Schemas.CLEANSED_TRANSACTIONS),
            CURATION_TIME);

    List<Row> rows = enriched.collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<String>getAs(COUNTRY)).isNull();
    assertThat(rows.get(0).<BigDecimal>getAs(AMOUNT)).isNull();
  }

  @Test
  void outputHasTheEventsEnrichedSchema() {
    Dataset<Row> enriched = enrich(event("a", "2024-03-01T10:00:00Z", "u1", "t1"));

    assertThat(namesAndTypes(enriched.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.EVENTS_ENRICHED));
  }
}
