package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.validate.ReferenceKind;
import dev.medallion.validate.ReferenceValidator;
import dev.medallion.validate.Rfc4180;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB peer reads users.csv and transactions.csv with DuckDB's CSV reader and gives each
 * record the reasons {@link ReferenceValidator} gives it (the oracle: nothing expected is written
 * by hand), including records the reader refuses (too many or too few fields, bad quoting) and
 * files whose header lacks a column, has them in another order or in capitals. Compared per file as
 * the lists of reasons of its records, since DuckDB returns refused records after the others. No
 * Spark.
 */
class DuckDbReferenceValidationTest {
  private static final String USERS = "user_id,name,email,country,signup_date,segment";
  private static final String TRANSACTIONS =
      "transaction_id,user_id,amount,currency,status,transaction_ts";

  @TempDir Path tmp;

  @Test
  void usersRowsGetTheReasonsOfTheReferenceValidator() throws Exception {
    assertSameAsTheValidator(
        ReferenceKind.USERS,
        USERS,
        "u1,\"Smith, Jr.\",u1@example.com,DE,2024-01-05,pro",
        "u2,\"Ann \"\"The Great\"\"\",,PL,,free",
        "u3,山田 太郎,,JP,2024-02-29,\"note:\nmulti-line\"",
        ",Nameless,,US,2025-01-01,free",
        "  ,Blank Id,,US,2025-01-01,free",
        "u4,Bad Date,,US,2025-02-30,free",
        "u5,Year Zero,,US,0000-01-01,free",
        "u6,Far Future,,US,+10000-01-01,free",
        "u7,Padded,,US, 2024-01-05 ,free",
        "u8,Short Date,,US,2024-1-5,free",
        "u9,Blank Date,,US,  ,free",
        "u10,Old,,GB,1500-01-01,pro",
        "u11,Too,Many,Columns,2025-01-01,free,extra",
        "u12,Too Few,,US",
        "u13,\"Quoted\"after,,US,2025-01-01,free");
  }

  /**
   * The one difference known: DuckDB's reader takes a quote inside an unquoted field as data, where
   * Medallion's RFC 4180 parser refuses the record. Such a row is valid for the peer.
   */
  @Test
  void aQuoteInsideAnUnquotedFieldIsValidForDuckDbOnly() throws Exception {
    String row = "u14,Jo\"hn,,US,2025-01-01,free";
    assertThat(ReferenceValidator.validate(ReferenceKind.USERS, USERS, row).reasons())
        .containsExactly("invalid_quoting");
    assertThat(peerReasons(ReferenceKind.USERS, USERS, row)).containsExactly("");
  }

  @Test
  void anUnclosedQuoteRunsToTheEndOfTheFile() throws Exception {
    assertSameAsTheValidator(
        ReferenceKind.USERS,
        USERS,
        "u1,Ann,,DE,2024-01-05,pro",
        "u2,\"Unclosed quote, still,x,US,2025-01-01,free");
  }

  @Test
  void transactionsRowsGetTheReasonsOfTheReferenceValidator() throws Exception {
    String ts = "2026-11-02T10:00:00+05:30";
    assertSameAsTheValidator(
        ReferenceKind.TRANSACTIONS,
        TRANSACTIONS,
        "t1,u1,12.50,USD,completed," + ts,
        "t2,u1,12.345,USD,completed," + ts,
        "t3,u1,1e3,USD,completed," + ts,
        "t4,u1, 12.5 ,EUR,pending," + ts,
        "t5,u1,+5,EUR,failed," + ts,
        "t6,u1,-0.1,EUR,refunded," + ts,
        "t7,u1,,EUR,completed," + ts,
        "t8,u1,abc,EUR,completed," + ts,
        "t9,u1,12345678901234567,EUR,completed," + ts,
        "t10,u1,1234567890123456.99,EUR,completed," + ts,
        "t11,u1,10.00,usd,completed," + ts,
        "t12,u1,10.00,USD ,completed," + ts,
        "t13,u1,10.00,XXX,completed," + ts,
        "t14,u1,10.00,ABC,completed," + ts,
        "t15,u1,10.00,DOLLARS,shipped," + ts,
        "t16,u1,10.00,EUR,Completed," + ts,
        "t17,u1,10.00,EUR, completed," + ts,
        "t18,u1,10.00,EUR,completed,2026-11-02T10:00:00",
        "t19,u1,10.00,EUR,completed,+10000-01-01T00:00:00Z",
        "t20,u1,10.00,EUR,completed, 2026-11-02T10:00:00Z ",
        "t21,,10.00,EUR,completed," + ts,
        ",u1,,,,",
        "t22,u1,  ,  ,  ,  ");
  }

  @Test
  void columnsAreFoundByTheirHeaderNameAndAMissingOneIsAReasonOnEveryRow() throws Exception {
    assertSameAsTheValidator(
        ReferenceKind.TRANSACTIONS,
        "Amount,TRANSACTION_ID, currency ,status,transaction_ts,user_id,note",
        "10.00,t1,EUR,completed,2026-11-02T10:00:00Z,u1,a note",
        "bad,t2,EUR,completed,2026-11-02T10:00:00Z,u1,");
    assertSameAsTheValidator(
        ReferenceKind.TRANSACTIONS,
        "transaction_id,user_id,amount,currency,transaction_ts",
        "t1,u1,10.00,EUR,2026-11-02T10:00:00Z");
  }

  private void assertSameAsTheValidator(ReferenceKind kind, String header, String... rows)
      throws SQLException, IOException {
    String text = header + "\r\n" + String.join("\r\n", rows) + "\r\n";
    List<String> expected = new ArrayList<>();
    Iterator<Rfc4180.Record> records = Rfc4180.records(new StringReader(text));
    String headerRecord = records.next().text();
    while (records.hasNext()) {
      expected.add(
          String.join(
              "|",
              ReferenceValidator.validate(kind, headerRecord, records.next().text()).reasons()));
    }

    assertThat(peerReasons(kind, header, rows))
        .as(text)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The reasons the peer gives each record of a file of {@code rows}, joined with '|'. */
  private List<String> peerReasons(ReferenceKind kind, String header, String... rows)
      throws SQLException, IOException {
    String text = header + "\r\n" + String.join("\r\n", rows) + "\r\n";
    Path file = Files.createDirectories(tmp.resolve("landing")).resolve(kind.directory() + ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    List<String> got = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      DuckDbScripts.run(c, DuckDbScripts.MACROS, Map.of());
      DuckDbReferences.ingest(
          c,
          kind,
          List.of(file),
          tmp.resolve("out-" + System.nanoTime()),
          new DuckDbRun(1, Instant.now()));
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT array_to_string(reasons, '|') FROM "
                      + kind.directory()
                      + "_validated ORDER BY _order")) {
        while (r.next()) {
          got.add(r.getString(1));
        }
      }
    }
    return got;
  }
}
