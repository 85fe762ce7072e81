package dev.medallion.transform;

import static dev.medallion.contract.Columns.*;
import static dev.medallion.transform.Landed.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.contract.Reasons;
import dev.medallion.contract.Schemas;
import dev.medallion.testing.TestSpark;
import dev.medallion.validate.ReferenceKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReferenceCleansingTest {

  private static final String USERS_HEADER = "user_id,name,email,country,signup_date,segment";
  private static final String TRANSACTIONS_HEADER =
      "transaction_id,user_id,amount,currency,status,transaction_ts";

  private static Row user(int fileIndex, long line, String record) {
    return csv(fileIndex, line, USERS_HEADER, record);
  }

  private static Row transaction(int fileIndex, long line, String record) {
    return csv(fileIndex, line, TRANSACTIONS_HEADER, record);
  }

  private static Dataset<Row> validatedUsers(long run, Row... records) {
    return csvRecords(run, records)
        .transform(l -> ReferenceCleansing.withValidation(l, ReferenceKind.USERS));
  }

  private static Dataset<Row> validatedTransactions(Row... records) {
    return csvRecords(1, records)
        .transform(l -> ReferenceCleansing.withValidation(l, ReferenceKind.TRANSACTIONS));
  }

  // ---------------------------------------------------------------------------------------------
  // Users

  @Test
  void validUsersAreTypedAndQuotedFieldsUnquoted() {
    Dataset<Row> validated =
        validatedUsers(
            1,
            user(0, 1, "u1,\"Doe, Jane\",jane@example.com,US,2024-01-15,gold"),
            user(0, 2, "u2,Bob,,,,"));
    Map<String, Row> byId = byKey(validated, USER_ID);

    assertThat(validated.schema().apply(SIGNUP_DATE).dataType()).isEqualTo(DataTypes.DateType);
    Row jane = byId.get("u1");
    assertThat(jane.<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(strings(jane, REASONS)).isEmpty();
    assertThat(jane.<String>getAs(REASON_DETAIL)).isNull();
    assertThat(jane.<String>getAs(NAME)).isEqualTo("Doe, Jane");
    assertThat(jane.<String>getAs(EMAIL)).isEqualTo("jane@example.com");
    assertThat(jane.<String>getAs(COUNTRY)).isEqualTo("US");
    assertThat(date(jane, SIGNUP_DATE)).isEqualTo(LocalDate.parse("2024-01-15"));
    assertThat(jane.<String>getAs(SEGMENT)).isEqualTo("gold");

    Row bob = byId.get("u2");
    assertThat(bob.<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(bob.<String>getAs(COUNTRY)).isNull();
    assertThat(date(bob, SIGNUP_DATE)).isNull();
  }

  @Test
  void columnsAreFoundByHeaderNameNotPosition() {
    String reordered = "segment,country,user_id,signup_date,email,name,extra";
    Dataset<Row> validated =
        csvRecords(1, csv(0, 1, reordered, "gold,FR,u9,2023-12-31,a@b.fr,Ann,ignored"))
            .transform(l -> ReferenceCleansing.withValidation(l, ReferenceKind.USERS));

    Row row = validated.collectAsList().get(0);
    assertThat(row.<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(row.<String>getAs(USER_ID)).isEqualTo("u9");
    assertThat(row.<String>getAs(NAME)).isEqualTo("Ann");
    assertThat(row.<String>getAs(COUNTRY)).isEqualTo("FR");
    assertThat(date(row, SIGNUP_DATE)).isEqualTo(LocalDate.parse("2023-12-31"));
  }

  @Test
  void invalidUsersCarryTheirReasons() {
    Dataset<Row> validated =
        validatedUsers(
            1,
            user(0, 1, "u2,Bob,bob@example.com,DE,15/01/2024,silver"),
            user(0, 2, "u3,only,three"),
            user(0, 3, ",Nobody,n@example.com,US,2024-01-01,gold"),
            user(0, 4, "u4,\"unclosed,x@example.com,US,2024-01-01,gold"));
    Map<Long, Row> byLine = byLine(validated);

    assertThat(byLine.values())
        .allSatisfy(r -> assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isFalse());
    assertThat(byLine.values())
        .allSatisfy(r -> assertThat(r.<String>getAs(REASON_DETAIL)).isNotBlank());
    assertThat(strings(byLine.get(1L), REASONS))
        .containsExactly(Reasons.of(Reasons.INVALID_FORMAT, SIGNUP_DATE));
    assertThat(date(byLine.get(1L), SIGNUP_DATE)).isNull();
    assertThat(strings(byLine.get(2L), REASONS)).containsExactly(Reasons.WRONG_COLUMN_COUNT);
    assertThat(strings(byLine.get(3L), REASONS))
        .containsExactly(Reasons.of(Reasons.MISSING_FIELD, USER_ID));
    assertThat(strings(byLine.get(4L), REASONS)).contains(Reasons.INVALID_QUOTING);
  }

  @Test
  void aUserSignedUpBeforeTheGregorianReformIsValidAndKeepsItsDate() {
    Dataset<Row> validated =
        validatedUsers(
            1,
            user(0, 1, "u1,Ada,,GB,1500-01-01,pro"),
            user(0, 2, "u2,First,,GB,0001-01-01,pro"),
            user(0, 3, "u3,Last,,GB,9999-12-31,pro"));
    // As text, so that no calendar conversion of java.sql.Date gets in the way.
    Map<String, Row> byId =
        byKey(
            validated.select(
                functions.col(USER_ID),
                functions.col(EventCleansing.VALID),
                functions.col(REASONS),
                functions.col(SIGNUP_DATE).cast("string").as("d")),
            USER_ID);

    assertThat(byId.values())
        .allSatisfy(
            r -> {
              assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isTrue();
              assertThat(strings(r, REASONS)).isEmpty();
            });
    assertThat(byId.get("u1").<String>getAs("d")).isEqualTo("1500-01-01");
    assertThat(byId.get("u2").<String>getAs("d")).isEqualTo("0001-01-01");
    assertThat(byId.get("u3").<String>getAs("d")).isEqualTo("9999-12-31");
  }

  @Test
  void aUserSignupDatePastTheYear9999IsAnInvalidValue() {
    Row row = validatedUsers(1, user(0, 1, "u1,Far,,GB,+10000-01-01,pro")).collectAsList().get(0);

    assertThat(row.<Boolean>getAs(EventCleansing.VALID)).isFalse();
    assertThat(strings(row, REASONS))
        .containsExactly(Reasons.of(Reasons.INVALID_VALUE, SIGNUP_DATE));
    assertThat(date(row, SIGNUP_DATE)).isNull();
  }

  @Test
  void aCsvRecordTooLargeGetsThatReasonAlone() {
    String tooLarge =
        Reasons.RECORD_TOO_LARGE + ": the record at line 2 is larger than 4194304 characters";
    // A cut record: an unclosed quote and too few columns, yet only record_too_large counts.
    String cut = "u1,\"Ann, who wrote a very long";
    Dataset<Row> validated =
        csvRecords(
                1,
                csvWithReadError(0, 2, USERS_HEADER, cut, tooLarge),
                csvWithReadError(
                    0, 9, USERS_HEADER, "u2,Bob,b@example.com,US,2024-01-01,gold", tooLarge))
            .transform(l -> ReferenceCleansing.withValidation(l, ReferenceKind.USERS));

    assertThat(validated.collectAsList())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isFalse();
              assertThat(strings(r, REASONS)).containsExactly(Reasons.RECORD_TOO_LARGE);
              assertThat(r.<String>getAs(REASON_DETAIL)).startsWith(tooLarge);
            });
  }

  @Test
  void aCsvRecordWithInvalidUtf8GetsThatReasonFirstThenItsOthers() {
    String invalid = Reasons.INVALID_UTF8 + ": line 3 is not valid UTF-8";
    Dataset<Row> validated =
        csvRecords(
                1,
                csvWithReadError(0, 3, USERS_HEADER, "u1,An\uFFFD,,GB,2024-01-01,pro", invalid),
                csvWithReadError(0, 4, USERS_HEADER, "u2,Bo\uFFFD,,GB,2024-13-01,pro", invalid))
            .transform(l -> ReferenceCleansing.withValidation(l, ReferenceKind.USERS));
    Map<String, Row> byId = byKey(validated, USER_ID);

    assertThat(strings(byId.get("u1"), REASONS)).containsExactly(Reasons.INVALID_UTF8);
    assertThat(strings(byId.get("u2"), REASONS))
        .containsExactly(Reasons.INVALID_UTF8, Reasons.of(Reasons.INVALID_FORMAT, SIGNUP_DATE));
    assertThat(byId.values())
        .allSatisfy(r -> assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isFalse());
  }

  @Test
  void rejectedUsersShapeAsQuarantineRecords() {
    Dataset<Row> quarantine =
        validatedUsers(1, user(0, 1, "u1,only,three"), user(0, 2, "u2,Bob,,,,"))
            .transform(EventCleansing::filterRejected)
            .transform(r -> EventCleansing.toQuarantine(r, ReferenceKind.USERS.recordType()));

    assertThat(namesAndTypes(quarantine.schema()))
        .containsExactlyElementsOf(namesAndTypes(Schemas.QUARANTINE_RECORDS));
    Row row = quarantine.collectAsList().get(0);
    assertThat(strings(row, REASONS)).containsExactly(Reasons.WRONG_COLUMN_COUNT);
    assertThat(row.<String>getAs(RECORD)).isEqualTo("u1,only,three");
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions

  @Test
  void validTransactionsAreTypedWithTheUtcTransactionDate() {
    Dataset<Row> validated =
        validatedTransactions(
            transaction(0, 1, "t1,u1,19.9,EUR,completed,2024-03-01T23:30:00-05:00"),
            transaction(0, 2, "t2,u1,5,USD,pending,2024-03-02T01:00:00+09:00"),
            transaction(0, 3, "t3,,-0.5,JPY,refunded,1969-12-31T23:00:00Z"),
            transaction(0, 4, "t4,u2,1,EUR,failed,2024-03-01T23:59:59.999999Z"),
            transaction(0, 5, "t5,u2,1,EUR,failed,2024-03-02T00:00:00Z"));
    Map<String, Row> byId = byKey(validated, TRANSACTION_ID);

    StructType schema = validated.schema();
    assertThat(schema.apply(AMOUNT).dataType()).isEqualTo(Schemas.AMOUNT_TYPE);
    assertThat(schema.apply(AMOUNT).dataType().simpleString()).isEqualTo("decimal(18,2)");
    assertThat(schema.apply(TRANSACTION_TS).dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(schema.apply(TRANSACTION_DATE).dataType()).isEqualTo(DataTypes.DateType);

    Row t1 = byId.get("t1");
    assertThat(t1.<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(t1.<String>getAs(USER_ID)).isEqualTo("u1");
    assertThat(t1.<BigDecimal>getAs(AMOUNT)).isEqualTo(new BigDecimal("19.90"));
    assertThat(t1.<String>getAs(CURRENCY)).isEqualTo("EUR");
    assertThat(t1.<String>getAs(STATUS)).isEqualTo("completed");
    assertThat(instant(t1, TRANSACTION_TS)).isEqualTo(Instant.parse("2024-03-02T04:30:00Z"));
    assertThat(date(t1, TRANSACTION_DATE)).isEqualTo(LocalDate.parse("2024-03-02"));

    Row t2 = byId.get("t2");
    assertThat(t2.<BigDecimal>getAs(AMOUNT)).isEqualTo(new BigDecimal("5.00"));
    assertThat(instant(t2, TRANSACTION_TS)).isEqualTo(Instant.parse("2024-03-01T16:00:00Z"));
    assertThat(date(t2, TRANSACTION_DATE)).isEqualTo(LocalDate.parse("2024-03-01"));

    Row t3 = byId.get("t3");
    assertThat(t3.<String>getAs(USER_ID)).isNull();
    assertThat(t3.<BigDecimal>getAs(AMOUNT)).isEqualTo(new BigDecimal("-0.50"));
    assertThat(date(t3, TRANSACTION_DATE)).isEqualTo(LocalDate.parse("1969-12-31"));
    assertThat(date(byId.get("t4"), TRANSACTION_DATE)).isEqualTo(LocalDate.parse("2024-03-01"));
    assertThat(date(byId.get("t5"), TRANSACTION_DATE)).isEqualTo(LocalDate.parse("2024-03-02"));
  }

  @Test
  void transactionDateIsUtcEvenWhenTheSessionTimeZoneIsNot() {
    String zone = TestSpark.get().conf().get("spark.sql.session.timeZone");
    try {
      TestSpark.get().conf().set("spark.sql.session.timeZone", "America/New_York");
      Dataset<Row> validated =
          validatedTransactions(transaction(0, 1, "t1,u1,1.00,EUR,completed,2024-03-02T03:00:00Z"));
      Row row =
          validated
              .select(functions.col(TRANSACTION_DATE).cast("string").as("d"))
              .collectAsList()
              .get(0);
      assertThat(row.<String>getAs("d")).isEqualTo("2024-03-02");
    } finally {
      TestSpark.get().conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void aTransactionTsOutsideTheYears0001To9999IsAnInvalidValue() {
    Dataset<Row> validated =
        validatedTransactions(
            transaction(0, 1, "t1,u1,1.00,EUR,completed,+10000-01-01T00:00:00Z"),
            transaction(0, 2, "t2,u1,1.00,EUR,completed,0001-01-01T00:00:00Z"));
    Map<String, Row> byId = byKey(validated, TRANSACTION_ID);

    assertThat(strings(byId.get("t1"), REASONS))
        .containsExactly(Reasons.of(Reasons.INVALID_VALUE, TRANSACTION_TS));
    assertThat(instant(byId.get("t1"), TRANSACTION_TS)).isNull();
    assertThat(date(byId.get("t1"), TRANSACTION_DATE)).isNull();
    assertThat(byId.get("t2").<Boolean>getAs(EventCleansing.VALID)).isTrue();
    assertThat(
            validated
                .where(functions.col(TRANSACTION_ID).equalTo("t2"))
                .select(functions.col(TRANSACTION_DATE).cast("string"))
                .head()
                .getString(0))
        .isEqualTo("0001-01-01");
  }

  @Test
  void invalidTransactionsCarryEveryReason() {
    Dataset<Row> validated =
        validatedTransactions(
            transaction(0, 1, "t4,u1,1.234,ZZZ,shipped,not-a-time"),
            transaction(0, 2, "t5,u1,,EUR,completed,2024-03-01T00:00:00Z"),
            transaction(0, 3, "t6,u1,10.00,EUR,completed,2024-03-01T00:00:00"));
    Map<String, Row> byId = byKey(validated, TRANSACTION_ID);

    assertThat(byId.values())
        .allSatisfy(r -> assertThat(r.<Boolean>getAs(EventCleansing.VALID)).isFalse());
    assertThat(strings(byId.get("t4"), REASONS))
        .containsExactlyInAnyOrder(
            Reasons.of(Reasons.INVALID_FORMAT, AMOUNT),
            Reasons.of(Reasons.INVALID_VALUE, CURRENCY),
            Reasons.of(Reasons.INVALID_VALUE, STATUS),
            Reasons.of(Reasons.INVALID_FORMAT, TRANSACTION_TS));
    assertThat(byId.get("t4").<BigDecimal>getAs(AMOUNT)).isNull();
    assertThat(instant(byId.get("t4"), TRANSACTION_TS)).isNull();
    assertThat(date(byId.get("t4"), TRANSACTION_DATE)).isNull();
    assertThat(strings(byId.get("t5"), REASONS))
        .containsExactly(Reasons.of(Reasons.MISSING_FIELD, AMOUNT));
    assertThat(strings(byId.get("t6"), REASONS))
        .containsExactly(Reasons.of(Reasons.INVALID_FORMAT, TRANSACTION_TS));
  }

  // ---------------------------------------------------------------------------------------------
  // filterLatestPerKey

  @Test
  void theLatestRowPerKeyWinsByRunThenFileThenLine() {
    Dataset<Row> valid =
        validatedUsers(
                1,
                // u1: a later run beats an earlier one, whatever the file and line
                user(3, 50, "u1,run1-late-file,,,,"),
                // u2: within a run and a file, the later line wins
                user(0, 7, "u2,line7,,,,"),
                user(0, 2, "u2,line2,,,,"),
                // u3: within a run, the later file wins over a higher line number
                user(0, 9, "u3,file0-line9,,,,"),
                user(1, 1, "u3,file1-line1,,,,"),
                // u4: only one row
                user(0, 4, "u4,only,,,,"))
            .unionByName(
                validatedUsers(
                    2,
                    user(0, 1, "u1,run2-file0-line1,,,,"),
                    user(0, 0, "u1,run2-file0-line0,,,,")))
            .transform(EventCleansing::filterValid)
            .repartition(3);

    Dataset<Row> latest = ReferenceCleansing.filterLatestPerKey(valid, ReferenceKind.USERS);

    assertThat(latest.collectAsList())
        .extracting(r -> r.<String>getAs(USER_ID), r -> r.<String>getAs(NAME))
        .containsExactlyInAnyOrder(
            tuple("u1", "run2-file0-line1"),
            tuple("u2", "line7"),
            tuple("u3", "file1-line1"),
            tuple("u4", "only"));
  }

  @Test
  void theLatestTransactionReplacesAnEarlierOneOfTheSameKey() {
    Dataset<Row> valid =
        validatedTransactions(
                transaction(0, 1, "t1,u1,10.00,EUR,pending,2024-03-01T00:00:00Z"),
                transaction(1, 1, "t1,u1,10.00,EUR,completed,2024-03-01T00:00:00Z"))
            .transform(EventCleansing::filterValid);

    Dataset<Row> latest = ReferenceCleansing.filterLatestPerKey(valid, ReferenceKind.TRANSACTIONS);

    assertThat(latest.collectAsList())
        .extracting(r -> r.<String>getAs(TRANSACTION_ID), r -> r.<String>getAs(STATUS))
        .containsExactly(tuple("t1", "completed"));
  }

  // ---------------------------------------------------------------------------------------------
  // toCleansed

  @Test
  void toCleansedUsersHasTheCleansedUsersSchema() {
    Dataset<Row> cleansed =
        validatedUsers(1, user(0, 1, "u1,Jane,jane@example.com,US,2024-01-15,gold"))
            .transform(EventCleansing::filterValid)
            .transform(v -> ReferenceCleansing.toCleansed(v, ReferenceKind.USERS));

    assertThat(namesAndTypes(cleansed.schema()))
        .containsExactlyElementsOf(
            namesAndTypes(ReferenceCleansing.cleansedSchema(ReferenceKind.USERS)));
    assertThat(ReferenceCleansing.cleansedSchema(ReferenceKind.USERS))
        .isSameAs(Schemas.CLEANSED_USERS);
    Row row = cleansed.collectAsList().get(0);
    assertThat(row.<String>getAs(USER_ID)).isEqualTo("u1");
    assertThat(row.<String>getAs(SOURCE)).isEqualTo(source(0));
    assertThat(row.<Long>getAs(INGEST_RUN)).isEqualTo(1L);
  }

  @Test
  void toCleansedTransactionsHasTheCleansedTransactionsSchema() {
    Dataset<Row> cleansed =
        validatedTransactions(
                transaction(0, 1, "t1,u1,19.90,EUR,completed,2024-03-01T23:30:00-05:00"))
            .transform(EventCleansing::filterValid)
            .transform(v -> ReferenceCleansing.toCleansed(v, ReferenceKind.TRANSACTIONS));

    assertThat(namesAndTypes(cleansed.schema()))
        .containsExactlyElementsOf(
            namesAndTypes(ReferenceCleansing.cleansedSchema(ReferenceKind.TRANSACTIONS)));
    assertThat(ReferenceCleansing.cleansedSchema(ReferenceKind.TRANSACTIONS))
        .isSameAs(Schemas.CLEANSED_TRANSACTIONS);
    Row row = cleansed.collectAsList().get(0);
    assertThat(row.<BigDecimal>getAs(AMOUNT)).isEqualTo(new BigDecimal("19.90"));
    assertThat(date(row, TRANSACTION_DATE)).isEqualTo(LocalDate.parse("2024-03-02"));
  }
}
