package dev.medallion.validate;

import static dev.medallion.validate.ReferenceKind.TRANSACTIONS;
import static dev.medallion.validate.ReferenceKind.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceValidatorTest {

  private static final String USERS_HEADER = "user_id,name,email,country,signup_date,segment";
  private static final String TX_HEADER =
      "transaction_id,user_id,amount,currency,status,transaction_ts";

  /** A transactions row in contract order with the given amount, currency, status and ts. */
  private static String tx(String amount, String currency, String status, String ts) {
    return String.join(",", "t1", "u1", amount, currency, status, ts);
  }

  private static ValidatedReference users(String row) {
    return ReferenceValidator.validate(USERS, USERS_HEADER, row);
  }

  private static ValidatedReference transactions(String row) {
    return ReferenceValidator.validate(TRANSACTIONS, TX_HEADER, row);
  }

  private static List<Object> allNull(ReferenceKind kind) {
    return Collections.nCopies(kind.columns().size(), null);
  }

  // ---------------------------------------------------------------------------------------------
  // Kinds

  @Test
  void kindsHaveTheContractsColumnsAndKeys() {
    assertThat(USERS.columns())
        .containsExactly("user_id", "name", "email", "country", "signup_date", "segment");
    assertThat(USERS.key()).isEqualTo("user_id");
    assertThat(TRANSACTIONS.columns())
        .containsExactly(
            "transaction_id", "user_id", "amount", "currency", "status", "transaction_ts");
    assertThat(TRANSACTIONS.key()).isEqualTo("transaction_id");
    assertThat(String.join(",", USERS.columns())).isEqualTo(USERS_HEADER);
    assertThat(String.join(",", TRANSACTIONS.columns())).isEqualTo(TX_HEADER);
  }

  // ---------------------------------------------------------------------------------------------
  // Valid rows and typed values

  @Test
  void validUserRowHasTypedValuesInContractOrder() {
    ValidatedReference row = users("u1,\"Zoë Smith, Jr.\",zoe@example.com,DE,2024-01-05,gold");

    assertThat(row.isValid()).isTrue();
    assertThat(row.reasons()).isEmpty();
    assertThat(row.reasonDetail()).isNull();
    assertThat(row.values())
        .containsExactly(
            "u1", "Zoë Smith, Jr.", "zoe@example.com", "DE", LocalDate.of(2024, 1, 5), "gold");
  }

  @Test
  void validTransactionRowHasTypedValuesInContractOrder() {
    ValidatedReference row = transactions("t1,u1,12.5,USD,completed,2024-01-05T10:00:00+05:30");

    assertThat(row.isValid()).isTrue();
    assertThat(row.reasonDetail()).isNull();
    assertThat(row.values())
        .containsExactly(
            "t1",
            "u1",
            new BigDecimal("12.50"),
            "USD",
            "completed",
            Instant.parse("2024-01-05T04:30:00Z"));
    BigDecimal amount = (BigDecimal) row.values().get(2);
    assertThat(amount.scale()).isEqualTo(2);
    assertThat(amount.toPlainString()).isEqualTo("12.50");
  }

  @ParameterizedTest(name = "amount {0} -> {1}")
  @CsvSource({
    "12.5, 12.50",
    "12, 12.00",
    "12.34, 12.34",
    "0, 0.00",
    "-5.00, -5.00",
    "-0.5, -0.50",
    "+7.1, 7.10",
    "1234567890123456.99, 1234567890123456.99",
  })
  void validAmountsAreReadWithScaleTwo(String amount, String expected) {
    ValidatedReference row = transactions(tx(amount, "EUR", "pending", "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).isEmpty();
    BigDecimal value = (BigDecimal) row.values().get(2);
    assertThat(value.toPlainString()).isEqualTo(expected);
    assertThat(value.scale()).isEqualTo(2);
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(strings = {"completed", "pending", "failed", "refunded"})
  void everyContractStatusIsValid(String status) {
    ValidatedReference row = transactions(tx("1.00", "USD", status, "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values().get(4)).isEqualTo(status);
  }

  @ParameterizedTest(name = "currency {0}")
  @ValueSource(strings = {"USD", "EUR", "JPY", "GBP", "INR", "CHF"})
  void iso4217CurrenciesAreValid(String currency) {
    ValidatedReference row = transactions(tx("1.00", currency, "failed", "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values().get(3)).isEqualTo(currency);
  }

  @ParameterizedTest(name = "transaction_ts {0}")
  @CsvSource({
    "2024-01-05T10:00:00Z, 2024-01-05T10:00:00Z",
    "2024-01-05T10:00:00-08:00, 2024-01-05T18:00:00Z",
    "2024-01-05T10:00:00.5+01:00, 2024-01-05T09:00:00.5Z",
  })
  void transactionTsWithAnOffsetIsAnInstant(String ts, String expected) {
    ValidatedReference row = transactions(tx("1.00", "USD", "completed", ts));

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values().get(5)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void userWithOnlyTheKeyIsValidAndEmptyOptionalFieldsAreNull() {
    ValidatedReference row = users("u1,,,,,");

    assertThat(row.isValid()).isTrue();
    assertThat(row.values()).containsExactly("u1", null, null, null, null, null);
  }

  @Test
  void transactionWithoutUserIdIsValid() {
    ValidatedReference row = transactions("t1,,9.99,USD,refunded,2024-01-05T10:00:00Z");

    assertThat(row.isValid()).isTrue();
    assertThat(row.values().get(1)).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Header mapping

  @Test
  void usersColumnsInADifferentOrderAreMappedByName() {
    ValidatedReference row =
        ReferenceValidator.validate(
            USERS,
            "segment,signup_date,email,user_id,country,name",
            "gold,2024-01-05,ann@example.com,u9,FR,Ann");

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values())
        .containsExactly("u9", "Ann", "ann@example.com", "FR", LocalDate.of(2024, 1, 5), "gold");
  }

  @Test
  void transactionsColumnsInADifferentOrderAreMappedByName() {
    ValidatedReference row =
        ReferenceValidator.validate(
            TRANSACTIONS,
            "status,amount,transaction_ts,currency,user_id,transaction_id",
            "pending,3.1,2024-01-05T10:00:00Z,GBP,u2,t2");

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values())
        .containsExactly(
            "t2",
            "u2",
            new BigDecimal("3.10"),
            "GBP",
            "pending",
            Instant.parse("2024-01-05T10:00:00Z"));
  }

  @Test
  void headerWithByteOrderMarkSpacesAndUppercaseStillMatches() {
    ValidatedReference row =
        ReferenceValidator.validate(
            USERS,
            "\uFEFF USER_ID , Name,EMAIL ,  Country,Signup_Date,SEGMENT",
            "u1,Ann,a@x.io,US,2023-12-31,basic");

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values())
        .containsExactly("u1", "Ann", "a@x.io", "US", LocalDate.of(2023, 12, 31), "basic");
  }

  @Test
  void quotedHeaderNamesMatch() {
    ValidatedReference row =
        ReferenceValidator.validate(
            USERS,
            "\"user_id\",\"name\",\"email\",\"country\",\"signup_date\",\"segment\"",
            "u1,Ann,,,,");

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values().get(1)).isEqualTo("Ann");
  }

  @Test
  void extraColumnsAreIgnored() {
    ValidatedReference row =
        ReferenceValidator.validate(
            USERS,
            "loaded_at,user_id,name,email,phone,country,signup_date,segment,notes",
            "2024-06-01,u1,Ann,a@x.io,+1 555,US,2024-01-05,gold,\"likes \"\"cats\"\", dogs\"");

    assertThat(row.reasons()).isEmpty();
    assertThat(row.values())
        .containsExactly("u1", "Ann", "a@x.io", "US", LocalDate.of(2024, 1, 5), "gold");
  }

  @Test
  void eachMissingHeaderColumnIsReported() {
    ValidatedReference row = ReferenceValidator.validate(USERS, "user_id,name", "u1,Ann");

    assertThat(row.isValid()).isFalse();
    assertThat(row.reasons())
        .containsExactly(
            "missing_column:email",
            "missing_column:country",
            "missing_column:signup_date",
            "missing_column:segment");
    assertThat(row.reasonDetail()).contains("'email'").contains("'segment'");
    assertThat(row.values()).isEqualTo(allNull(USERS));
  }

  @Test
  void misspelledHeaderColumnIsMissing() {
    ValidatedReference row =
        ReferenceValidator.validate(
            TRANSACTIONS,
            "transaction_id,user_id,amt,currency,status,transaction_ts",
            tx("1.00", "USD", "completed", "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).containsExactly("missing_column:amount");
    assertThat(row.values()).isEqualTo(allNull(TRANSACTIONS));
  }

  @Test
  void missingColumnAndWrongColumnCountAreReportedTogether() {
    ValidatedReference row = ReferenceValidator.validate(USERS, "user_id,name", "u1,Ann,extra");

    assertThat(row.reasons())
        .containsExactly(
            "missing_column:email",
            "missing_column:country",
            "missing_column:signup_date",
            "missing_column:segment",
            "wrong_column_count");
  }

  // ---------------------------------------------------------------------------------------------
  // Row structure

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "u1,Ann,a@x.io,US,2024-01-05",
        "u1,Ann,a@x.io,US,2024-01-05,gold,extra",
        "u1",
        "u1,Ann,a@x.io,US,2024-01-05,gold,",
      })
  void wrongColumnCountIsRejectedWithNoValues(String row) {
    ValidatedReference result = users(row);

    assertThat(result.reasons()).containsExactly("wrong_column_count");
    assertThat(result.reasonDetail()).contains("6 columns");
    assertThat(result.values()).isEqualTo(allNull(USERS));
  }

  @Test
  void quoteInsideUnquotedFieldIsInvalidQuoting() {
    ValidatedReference row = users("u1,An\"n,a@x.io,US,2024-01-05,gold");

    assertThat(row.reasons()).containsExactly("invalid_quoting");
    assertThat(row.reasonDetail()).startsWith("not valid CSV");
    assertThat(row.values()).isEqualTo(allNull(USERS));
  }

  @Test
  void textAfterClosingQuoteIsInvalidQuoting() {
    ValidatedReference row = users("u1,\"Ann\"x,a@x.io,US,2024-01-05,gold");

    assertThat(row.reasons()).containsExactly("invalid_quoting");
  }

  @Test
  void unclosedQuoteIsInvalidQuotingAndUsuallyAWrongColumnCount() {
    ValidatedReference row = users("u1,\"Ann,a@x.io,US,2024-01-05,gold");

    assertThat(row.reasons()).containsExactly("invalid_quoting", "wrong_column_count");
  }

  // ---------------------------------------------------------------------------------------------
  // Users: field rules

  @Test
  void emptyUserIdIsMissingField() {
    ValidatedReference row = users(",Ann,a@x.io,US,2024-01-05,gold");

    assertThat(row.reasons()).containsExactly("missing_field:user_id");
    assertThat(row.values())
        .containsExactly(null, "Ann", "a@x.io", "US", LocalDate.of(2024, 1, 5), "gold");
  }

  @Test
  void quotedEmptyUserIdIsMissingField() {
    assertThat(users("\"\",Ann,,,,").reasons()).containsExactly("missing_field:user_id");
  }

  @Test
  void blankUserIdIsEmptyField() {
    assertThat(users("   ,Ann,,,,").reasons()).containsExactly("empty_field:user_id");
  }

  @ParameterizedTest(name = "signup_date {0}")
  @ValueSource(
      strings = {
        "2024-02-30",
        "2024/01/05",
        "2023-02-29",
        "05-01-2024",
        "2024-1-5",
        "2024-13-01",
        "yesterday",
        "2024-01-05T00:00:00Z"
      })
  void badSignupDateIsInvalidFormat(String date) {
    ValidatedReference row = users("u1,Ann,a@x.io,US," + date + ",gold");

    assertThat(row.reasons()).containsExactly("invalid_format:signup_date");
    assertThat(row.reasonDetail()).contains("'" + date + "'").contains("yyyy-MM-dd");
    assertThat(row.values().get(4)).isNull();
    // The rest of the row is still read.
    assertThat(row.values().get(0)).isEqualTo("u1");
  }

  @Test
  void leapDaySignupDateIsValid() {
    assertThat(users("u1,,,,2024-02-29,").values().get(4)).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions: field rules

  @ParameterizedTest(name = "amount {0}")
  @ValueSource(
      strings = {"12.345", "abc", "1,000", "1e3", "12.", "$5", "5 USD", "--5", "12345678901234567"})
  void badAmountIsInvalidFormat(String amount) {
    ValidatedReference row =
        transactions(
            tx(Rfc4180.format(List.of(amount)), "USD", "completed", "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).containsExactly("invalid_format:amount");
    assertThat(row.values().get(2)).isNull();
  }

  @ParameterizedTest(name = "currency {0}")
  @ValueSource(strings = {"usd", "Usd", "ABC", "DOLLARS", "US", "$"})
  void badCurrencyIsInvalidValue(String currency) {
    ValidatedReference row =
        transactions(tx("1.00", currency, "completed", "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).containsExactly("invalid_value:currency");
    assertThat(row.values().get(3)).isNull();
  }

  @ParameterizedTest(name = "status {0}")
  @ValueSource(strings = {"shipped", "Completed", "COMPLETED", "complete", "refund"})
  void badStatusIsInvalidValue(String status) {
    ValidatedReference row = transactions(tx("1.00", "USD", status, "2024-01-05T10:00:00Z"));

    assertThat(row.reasons()).containsExactly("invalid_value:status");
    assertThat(row.reasonDetail()).contains("'" + status + "'");
  }

  @ParameterizedTest(name = "transaction_ts {0}")
  @ValueSource(
      strings = {"2024-01-05T10:00:00", "2024-01-05", "2024-01-05 10:00:00Z", "1704448800", "soon"})
  void transactionTsWithoutAnOffsetIsInvalidFormat(String ts) {
    ValidatedReference row = transactions(tx("1.00", "USD", "completed", ts));

    assertThat(row.reasons()).containsExactly("invalid_format:transaction_ts");
    assertThat(row.values().get(5)).isNull();
  }

  static Stream<Arguments> emptyRequiredTransactionFields() {
    return Stream.of(
        arguments(",u1,1.00,USD,completed,2024-01-05T10:00:00Z", "missing_field:transaction_id"),
        arguments("t1,u1,,USD,completed,2024-01-05T10:00:00Z", "missing_field:amount"),
        arguments("t1,u1,1.00,,completed,2024-01-05T10:00:00Z", "missing_field:currency"),
        arguments("t1,u1,1.00,USD,,2024-01-05T10:00:00Z", "missing_field:status"),
        arguments("t1,u1,1.00,USD,completed,", "missing_field:transaction_ts"),
        arguments("t1,u1, ,USD,completed,2024-01-05T10:00:00Z", "empty_field:amount"),
        arguments("t1,u1,1.00,USD,\"  \",2024-01-05T10:00:00Z", "empty_field:status"));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("emptyRequiredTransactionFields")
  void emptyRequiredTransactionFieldIsRejected(String row, String reason) {
    ValidatedReference result = transactions(row);

    assertThat(result.reasons()).containsExactly(reason);
    assertThat(result.reasonDetail()).contains("is required");
  }

  @Test
  void everyProblemOfATransactionIsReportedInColumnOrder() {
    ValidatedReference row = transactions(",u1,12.345,usd,shipped,2024-01-05T10:00:00");

    assertThat(row.isValid()).isFalse();
    assertThat(row.reasons())
        .containsExactly(
            "missing_field:transaction_id",
            "invalid_format:amount",
            "invalid_value:currency",
            "invalid_value:status",
            "invalid_format:transaction_ts");
    assertThat(row.reasonDetail().split("; ")).hasSize(5);
    assertThat(row.values()).isEqualTo(Arrays.asList(null, "u1", null, null, null, null));
  }

  @Test
  void everyProblemOfAUserIsReported() {
    ValidatedReference row = users(" ,Ann,,,2024/01/05,");

    assertThat(row.reasons()).containsExactly("empty_field:user_id", "invalid_format:signup_date");
  }

  @Test
  void validRowsAfterAnInvalidOneAreUnaffected() {
    // The header is cached; an invalid row must not change how the next row is read.
    assertThat(transactions(tx("x", "usd", "no", "no")).isValid()).isFalse();
    assertThat(transactions(tx("2", "USD", "completed", "2024-01-05T10:00:00Z")).isValid())
        .isTrue();
  }
}
