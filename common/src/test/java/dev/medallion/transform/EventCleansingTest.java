package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.transform.Landed.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class EventCleansingTest {

  private static final String FULL_EVENT =
      """
      {"event_uuid":"e-valid","event_type":"sensor_reading","event_subtype":"temperature",\
      "event_ts":"2024-03-01T10:15:30.250Z","user_id":"u1","transaction_id":"t1",\
      "device_id":"dev-9","value":21.75,"attributes":{"unit":"celsius"},"unknown_field":1}""";

  /** A valid event with only the required fields. */
  private static String event(String uuid, String ts) {
    return "{\"event_uuid\":\"" + uuid + "\",\"event_type\":\"click\",\"event_ts\":\"" + ts + "\"}";
  }

  /** Validated lines of one file, line numbers in the given order. */
  private static Dataset<Row> validated(String... records) {
    Row[] lines = new Row[records.length];
    for (int i = 0; i < records.length; i++) {
      lines[i] = line(0, i + 1, records[i]);
    }
    return lines(lines).transform(EventCleansing::withValidation);
  }

  /** Valid events at the given times (uuid = the time), flagged against {@code watermark}. */
  private static Dataset<Row> flagged(Instant watermark, String... timestamps) {
    String[] records = new String[timestamps.length];
    for (int i = 0; i < timestamps.length; i++) {
      records[i] = event(timestamps[i], timestamps[i]);
    }
    return validated(records)
        .transform(EventCleansing::filterValid)
        .transform(events -> EventCleansing.withLateFlag(events, watermark));
  }

  // ---------------------------------------------------------------------------------------------
  // withValidation

  @Test
  void validLineGetsTypedColumnsNoReasonsAndKeepsItsLineage() {
    Row row = validated(FULL_EVENT).collectAsList().get(0);

    assertThat(row.<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(strings(row, REASONS)).isEmpty();
    assertThat(row.<String>getAs(REASON_DETAIL)).isNull();
    assertThat(row.<String>getAs(EVENT_UUID)).isEqualTo("e-valid");
    assertThat(row.<String>getAs(EVENT_TYPE)).isEqualTo("sensor_reading");
    assertThat(row.<String>getAs(EVENT_SUBTYPE)).isEqualTo("temperature");
    assertThat(instant(row, EVENT_TS)).isEqualTo(Instant.parse("2024-03-01T10:15:30.250Z"));
    assertThat(date(row, EVENT_DATE)).isEqualTo(LocalDate.parse("2024-03-01"));
    assertThat(row.<String>getAs(USER_ID)).isEqualTo("u1");
    assertThat(row.<String>getAs(TRANSACTION_ID)).isEqualTo("t1");
    assertThat(row.<String>getAs(DEVICE_ID)).isEqualTo("dev-9");
    assertThat(row.<Double>getAs(VALUE)).isEqualTo(21.75);
    assertThat(row.getJavaMap(row.fieldIndex(ATTRIBUTES))).isEqualTo(Map.of("unit", "celsius"));
    assertThat(row.<String>getAs(RECORD)).isEqualTo(FULL_EVENT);
    assertThat(row.<String>getAs(SOURCE)).isEqualTo(source(0));
    assertThat(row.<Long>getAs(LINE)).isEqualTo(1L);
    assertThat(row.<String>getAs(RUN_ID)).isEqualTo("run-1");
    assertThat(date(row, INGEST_DATE)).isEqualTo(RUN_INGEST_DATE);
  }

  @Test
  void schemaTypesTheEventColumns() {
    Dataset<Row> validated = validated(FULL_EVENT);

    assertThat(validated.schema().apply(EVENT_TS).dataType().simpleString()).isEqualTo("timestamp");
    assertThat(validated.schema().apply(EVENT_DATE).dataType().simpleString()).isEqualTo("date");
    assertThat(validated.schema().apply(VALUE).dataType().simpleString()).isEqualTo("double");
    assertThat(validated.schema().apply(ATTRIBUTES).dataType()).isEqualTo(Schemas.ATTRIBUTES_TYPE);
    assertThat(validated.schema().apply(EventCleansing.VALID).dataType().simpleString())
        .isEqualTo("boolean");
  }

  @Test
  void invalidLinesAreFlaggedWithEveryReasonAndADetail() {
    Dataset<Row> validated =
        validated(
            event("ok", "2024-03-01T00:00:00Z"),
            "{\"event_uuid\":\"broken\",",
            "[1,2]",
            "{\"event_type\":\"Click\",\"event_ts\":\"yesterday\",\"value\":\"high\"}");
    Map<Long, Row> byLine = byLine(validated);

    assertThat(byLine.get(1L).<Boolean>getAs(EventCleansing.VALID)).isTrue();

    Row malformed = byLine.get(2L);
    assertThat(malformed.<Boolean>getAs(EventCleansing.VALID)).isFalse();
    assertThat(strings(malformed, REASONS)).containsExactly(Reasons.MALFORMED_JSON);
    assertThat(malformed.<String>getAs(REASON_DETAIL)).isNotBlank();
    assertThat(malformed.<String>getAs(EVENT_UUID)).isNull();
    assertThat(instant(malformed, EVENT_TS)).isNull();
    assertThat(date(malformed, EVENT_DATE)).isNull();

    assertThat(strings(byLine.get(3L), REASONS)).containsExactly(Reasons.NOT_AN_OBJECT);

    Row several = byLine.get(4L);
    assertThat(several.<Boolean>getAs(EventCleansing.VALID)).isFalse();
    assertThat(strings(several, REASONS))
        .containsExactlyInAnyOrder(
            Reasons.of(Reasons.MISSING_FIELD, EVENT_UUID),
            Reasons.of(Reasons.INVALID_VALUE, EVENT_TYPE),
            Reasons.of(Reasons.INVALID_FORMAT, EVENT_TS),
            Reasons.of(Reasons.WRONG_TYPE, VALUE));
    assertThat(several.<String>getAs(REASON_DETAIL))
        .contains("event_uuid")
        .contains("yesterday")
        .contains("Click");
  }

  @Test
  void aLineWithAReadErrorIsRejectedWithInvalidUtf8First() {
    // The reader's read error is "<reason code>: <detail>".
    String utf8Error1 = Reasons.INVALID_UTF8 + ": line 1 is not valid UTF-8";
    String utf8Error2 = Reasons.INVALID_UTF8 + ": line 2 is not valid UTF-8";
    Dataset<Row> validated =
        lines(
                unreadableLine(0, 1, event("bad-bytes", "2024-03-01T00:00:00Z"), utf8Error1),
                unreadableLine(0, 2, "{\"event_uuid\":\uFFFD", utf8Error2),
                unreadableLine(0, 3, "{\"event_uuid\":\"u3\",\"event_ts\":\"\uFFFD\"}", utf8Error1))
            .transform(EventCleansing::withValidation);
    Map<Long, Row> byLine = byLine(validated);

    Row otherwiseValid = byLine.get(1L);
    assertThat(otherwiseValid.<Boolean>getAs(EventCleansing.VALID)).isFalse();
    assertThat(strings(otherwiseValid, REASONS)).containsExactly(Reasons.INVALID_UTF8);
    assertThat(otherwiseValid.<String>getAs(REASON_DETAIL)).isEqualTo(utf8Error1);

    Row alsoMalformed = byLine.get(2L);
    assertThat(alsoMalformed.<Boolean>getAs(EventCleansing.VALID)).isFalse();
    assertThat(strings(alsoMalformed, REASONS))
        .containsExactly(Reasons.INVALID_UTF8, Reasons.MALFORMED_JSON);
    assertThat(alsoMalformed.<String>getAs(REASON_DETAIL)).startsWith(utf8Error2 + "; ");

    // invalid_utf8 first, then every validation reason.
    Row alsoInvalid = byLine.get(3L);
    assertThat(strings(alsoInvalid, REASONS)).first().isEqualTo(Reasons.INVALID_UTF8);
    assertThat(strings(alsoInvalid, REASONS))
        .containsExactlyInAnyOrder(
            Reasons.INVALID_UTF8,
            Reasons.of(Reasons.MISSING_FIELD, EVENT_TYPE),
            Reasons.of(Reasons.INVALID_FORMAT, EVENT_TS));
  }

  @Test
  void aRecordTooLargeGetsThatReasonAlone() {
    String tooLarge = Reasons.RECORD_TOO_LARGE + ": the record at line 1 is larger than 16 MiB";
    // The text is cut, so it is never valid JSON: yet malformed_json must not be added.
    String cut = "{\"event_uuid\":\"big\",\"event_type\":\"click\",\"pad\":\"xxxxxxxx";
    String cutButParseable = event("cut-but-parseable", "2024-03-01T00:00:00Z");
    Dataset<Row> validated =
        lines(unreadableLine(0, 1, cut, tooLarge), unreadableLine(0, 2, cutButParseable, tooLarge))
            .transform(EventCleansing::withValidation);
    Map<Long, Row> byLine = byLine(validated);

    for (Row row : byLine.values()) {
      assertThat(row.<Boolean>getAs(EventCleansing.VALID)).isFalse();
      assertThat(strings(row, REASONS)).containsExactly(Reasons.RECORD_TOO_LARGE);
      assertThat(row.<String>getAs(REASON_DETAIL)).startsWith(tooLarge);
    }
    assertThat(EventCleansing.filterValid(validated).count()).isZero();
  }

  @Test
  void rejectedLinesWithAndWithoutAReadErrorShapeAsQuarantineRecords() {
    Dataset<Row> quarantine =
        lines(
                line(0, 1, "{\"event_uuid\":\"x\""),
                unreadableLine(
                    0,
                    2,
                    event("bad-bytes", "2024-03-01T00:00:00Z"),
                    Reasons.INVALID_UTF8 + ": line 2 is not valid UTF-8"),
                unreadableLine(
                    0, 3, "{\"cut", Reasons.RECORD_TOO_LARGE + ": the record at line 3 is large"))
            .transform(EventCleansing::withValidation)
            .transform(EventCleansing::filterRejected)
            .transform(rejected -> EventCleansing.toQuarantine(rejected, RecordType.EVENT));

    assertThat(namesAndTypes(quarantine.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.QUARANTINE_RECORDS));
    Map<Long, Row> byLine = byLine(quarantine);
    assertThat(strings(byLine.get(1L), REASONS)).containsExactly(Reasons.MALFORMED_JSON);
    assertThat(strings(byLine.get(2L), REASONS)).containsExactly(Reasons.INVALID_UTF8);
    assertThat(strings(byLine.get(3L), REASONS)).containsExactly(Reasons.RECORD_TOO_LARGE);
  }

  // ---------------------------------------------------------------------------------------------
  // The years the lake stores: 0001 to 9999, UTC

  @Test
  void anEventTsOutsideTheYears0001To9999IsAnInvalidValue() {
    Dataset<Row> validated =
        validated(
            event("year-10000", "+10000-01-01T00:00:00Z"),
            // 9999-12-31T23:00-05:00 is 10000-01-01T04:00Z
            event("past-9999-in-utc", "9999-12-31T23:00:00-05:00"),
            // 0001-01-01T00:30+01:00 is 0000-12-31T23:30Z
            event("before-0001-in-utc", "0001-01-01T00:30:00+01:00"),
            event("year-0", "0000-06-01T00:00:00Z"));
    Map<String, Row> byUuid = byKey(validated, EVENT_UUID);

    assertThat(byUuid).hasSize(4);
    byUuid.forEach(
        (uuid, row) -> {
          assertThat(row.<Boolean>getAs(EventCleansing.VALID)).as(uuid).isFalse();
          assertThat(strings(row, REASONS))
              .as(uuid)
              .containsExactly(Reasons.of(Reasons.INVALID_VALUE, EVENT_TS));
          assertThat(instant(row, EVENT_TS)).as(uuid).isNull();
          assertThat(date(row, EVENT_DATE)).as(uuid).isNull();
          assertThat(row.<String>getAs(REASON_DETAIL)).as(uuid).contains("0001 to 9999");
        });
  }

  @Test
  void theFirstAndLastInstantsOfTheYears0001To9999AreValidAndKeepTheirDates() {
    Dataset<Row> validated =
        validated(
            event("first", "0001-01-01T00:00:00Z"),
            event("first-with-offset", "0001-01-01T01:00:00+01:00"),
            event("last", "9999-12-31T23:59:59.999999Z"));
    // As text, so that no calendar conversion of java.sql.Date/Timestamp gets in the way.
    Map<String, Row> byUuid =
        byKey(
            validated.select(
                functions.col(EVENT_UUID),
                functions.col(EventCleansing.VALID),
                functions.col(REASONS),
                functions.col(EVENT_DATE).cast("string").as("d"),
                functions.col(EVENT_TS).cast("string").as("ts")),
            EVENT_UUID);

    assertThat(byUuid.values())
        .allSatisfy(
            r -> {
              assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isTrue();
              assertThat(strings(r, REASONS)).isEmpty();
            });
    assertThat(byUuid.get("first").<String>getAs("d")).isEqualTo("0001-01-01");
    assertThat(byUuid.get("first").<String>getAs("ts")).isEqualTo("0001-01-01 00:00:00");
    assertThat(byUuid.get("first-with-offset").<String>getAs("d")).isEqualTo("0001-01-01");
    assertThat(byUuid.get("last").<String>getAs("d")).isEqualTo("9999-12-31");
    assertThat(byUuid.get("last").<String>getAs("ts")).isEqualTo("9999-12-31 23:59:59.999999");
  }

  @Test
  void eventDateIsTheUtcDateOfEventTsWhateverTheOffset() {
    Dataset<Row> validated =
        validated(
            event("west-late-evening", "2024-03-01T23:30:00-05:00"),
            event("east-early-morning", "2024-03-02T01:00:00+09:00"),
            event("utc-midnight", "2024-03-02T00:00:00Z"),
            event("before-epoch", "1969-12-31T23:59:59.999999Z"),
            event("leap-day", "2024-02-29T23:59:59+00:00"));
    Map<String, Row> byUuid = byKey(validated, EVENT_UUID);

    assertThat(date(byUuid.get("west-late-evening"), EVENT_DATE))
        .isEqualTo(LocalDate.parse("2024-03-02"));
    assertThat(instant(byUuid.get("west-late-evening"), EVENT_TS))
        .isEqualTo(Instant.parse("2024-03-02T04:30:00Z"));
    assertThat(date(byUuid.get("east-early-morning"), EVENT_DATE))
        .isEqualTo(LocalDate.parse("2024-03-01"));
    assertThat(instant(byUuid.get("east-early-morning"), EVENT_TS))
        .isEqualTo(Instant.parse("2024-03-01T16:00:00Z"));
    assertThat(date(byUuid.get("utc-midnight"), EVENT_DATE))
        .isEqualTo(LocalDate.parse("2024-03-02"));
    assertThat(date(byUuid.get("before-epoch"), EVENT_DATE))
        .isEqualTo(LocalDate.parse("1969-12-31"));
    assertThat(date(byUuid.get("leap-day"), EVENT_DATE)).isEqualTo(LocalDate.parse("2024-02-29"));
  }

  // ---------------------------------------------------------------------------------------------
  // Lateness

  private static final Instant WATERMARK = Instant.parse("2024-03-01T12:00:00Z");

  @Test
  void eventsStrictlyBehindTheWatermarkAreLate() {
    Dataset<Row> flagged =
        flagged(
            WATERMARK,
            "2024-03-01T11:59:59.999Z",
            "2024-03-01T12:00:00Z",
            "2024-03-01T13:00:00Z",
            "2024-02-20T00:00:00Z");

    assertThat(flagged.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Boolean>getAs(IS_LATE))
        .containsExactlyInAnyOrder(
            tuple("2024-03-01T11:59:59.999Z", true),
            tuple("2024-03-01T12:00:00Z", false),
            tuple("2024-03-01T13:00:00Z", false),
            tuple("2024-02-20T00:00:00Z", true));
  }

  @Test
  void withoutAWatermarkNothingIsLate() {
    Dataset<Row> flagged = flagged(null, "1999-01-01T00:00:00Z", "2024-03-01T13:00:00Z");

    assertThat(flagged.collectAsList())
        .extracting(r -> r.<Boolean>getAs(IS_LATE))
        .containsExactly(false, false);
    assertThat(flagged.schema().apply(IS_LATE).dataType().simpleString()).isEqualTo("boolean");
  }

  @Test
  void keepPolicyKeepsLateEventsFlaggedAndQuarantinesNothing() {
    Dataset<Row> flagged = flagged(WATERMARK, "2024-03-01T10:00:00Z", "2024-03-01T13:00:00Z");

    Dataset<Row> quarantined = EventCleansing.filterLateToQuarantine(flagged, LatePolicy.KEEP);
    Dataset<Row> kept = EventCleansing.filterLateKept(flagged, LatePolicy.KEEP);

    assertThat(quarantined.count()).isZero();
    assertThat(kept.collectAsList())
        .extracting(r -> r.<String>getAs(EVENT_UUID), r -> r.<Boolean>getAs(IS_LATE))
        .containsExactlyInAnyOrder(
            tuple("2024-03-01T10:00:00Z", true), tuple("2024-03-01T13:00:00Z", false));
  }

  @Test
  void quarantinePolicySendsOnlyLateEventsToQuarantineWithReasonLate() {
    Dataset<Row> flagged =
        flagged(WATERMARK, "2024-03-01T10:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T13:00:00Z");

    List<Row> quarantined =
        EventCleansing.filterLateToQuarantine(flagged, LatePolicy.QUARANTINE).collectAsList();
    List<Row> kept = EventCleansing.filterLateKept(flagged, LatePolicy.QUARANTINE).collectAsList();

    assertThat(quarantined)
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactlyInAnyOrder("2024-03-01T10:00:00Z", "2024-02-01T00:00:00Z");
    assertThat(quarantined)
        .allSatisfy(
            r -> {
              assertThat(strings(r, REASONS)).containsExactly(Reasons.LATE);
              assertThat(r.<String>getAs(REASON_DETAIL)).contains("watermark");
            });
    assertThat(kept)
        .extracting(r -> r.<String>getAs(EVENT_UUID))
        .containsExactly("2024-03-01T13:00:00Z");
  }

  @Test
  void lateEventsGoSomewhereUnderEitherPolicy() {
    Dataset<Row> flagged =
        flagged(WATERMARK, "2024-03-01T10:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T13:00:00Z");

    for (LatePolicy policy : LatePolicy.values()) {
      long quarantined = EventCleansing.filterLateToQuarantine(flagged, policy).count();
      long kept = EventCleansing.filterLateKept(flagged, policy).count();
      assertThat(quarantined + kept).as(policy.toString()).isEqualTo(3);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shaping for the tables

  @Test
  void toCleansedHasExactlyTheCleansedEventsColumnsInOrder() {
    Dataset<Row> cleansed =
        validated(FULL_EVENT)
            .transform(EventCleansing::filterValid)
            .transform(events -> EventCleansing.withLateFlag(events, WATERMARK))
            .transform(EventCleansing::toCleansed);

    assertThat(namesAndTypes(cleansed.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.CLEANSED_EVENTS));
    Row row = cleansed.collectAsList().get(0);
    assertThat(row.<String>getAs(EVENT_UUID)).isEqualTo("e-valid");
    assertThat(row.<Boolean>getAs(IS_LATE)).isTrue();
    assertThat(row.<Long>getAs(INGEST_RUN)).isEqualTo(1L);
    assertThat(instant(row, INGESTED_AT)).isEqualTo(RUN_INGESTED_AT);
    assertThat(date(row, EVENT_DATE)).isEqualTo(LocalDate.parse("2024-03-01"));
  }

  @Test
  void toQuarantineKeepsTheOriginalTextAndReasonsWithTheRecordType() {
    String broken = "{\"event_uuid\":\"x\"";
    Dataset<Row> quarantine =
        validated(event("fine", "2024-03-01T00:00:00Z"), broken)
            .transform(EventCleansing::filterRejected)
            .transform(rejected -> EventCleansing.toQuarantine(rejected, RecordType.EVENT));

    assertThat(namesAndTypes(quarantine.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.QUARANTINE_RECORDS));
    List<Row> rows = quarantine.collectAsList();
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.<String>getAs(RECORD_TYPE)).isEqualTo("event");
    assertThat(row.<String>getAs(RECORD)).isEqualTo(broken);
    assertThat(strings(row, REASONS)).containsExactly(Reasons.MALFORMED_JSON);
    assertThat(row.<String>getAs(SOURCE)).isEqualTo(source(0));
    assertThat(row.<Long>getAs(LINE)).isEqualTo(2L);
    assertThat(date(row, INGEST_DATE)).isEqualTo(RUN_INGEST_DATE);
  }

  @Test
  void lateQuarantinedEventsShapeAsQuarantineRecords() {
    Dataset<Row> quarantine =
        flagged(WATERMARK, "2024-03-01T10:00:00Z")
            .transform(f -> EventCleansing.filterLateToQuarantine(f, LatePolicy.QUARANTINE))
            .transform(late -> EventCleansing.toQuarantine(late, RecordType.EVENT));

    Row row = quarantine.collectAsList().get(0);
    assertThat(strings(row, REASONS)).containsExactly(Reasons.LATE);
    assertThat(row.<String>getAs(RECORD)).contains("2024-03-01T10:00:00Z");
    assertThat(row.<String>getAs(RECORD_TYPE)).isEqualTo("event");
  }
}
