package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.sample.SyntheticEvents;
import dev.medallion.validate.EventValidator;
import dev.medallion.validate.Iso8601;
import dev.medallion.validate.ValidatedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB peer's validation ({@code duckdb/events-validate.sql}) gives every line the reasons
 * {@link EventValidator} gives it, in the same order, and the same typed fields to a valid one: on
 * lines made to be tricky, on every kind of malformed record the generator makes, and on every line
 * of a generated sample. EventValidator is the oracle; no expectation is written by hand. DuckDB
 * runs in this JVM; no Spark.
 */
class DuckDbEventValidationTest {
  private static final String OK = "\"event_uuid\":\"e-1\",\"event_type\":\"click\"";

  /** An event with uuid and type, the timestamp given, and more members (or ""). */
  private static String at(String ts, String more) {
    return "{" + OK + ",\"event_ts\":\"" + ts + "\"" + (more.isEmpty() ? "" : "," + more) + "}";
  }

  private static String with(String more) {
    return at("2024-01-05T10:00:00Z", more);
  }

  /** Lines where JSON readers or timestamp parsers often disagree. */
  static final List<String> TRICKY =
      List.of(
          // JSON that yyjson reads and Jackson does not, or the other way round
          with("\"value\":NaN"),
          with("\"value\":Infinity"),
          with("\"value\":-Infinity"),
          with("\"value\":inf"),
          with("\"attributes\":{\"a\":\"b\",}"),
          "{" + OK + ",\"event_ts\":\"2024-01-05T10:00:00Z\",}",
          with("\"tags\":[1,2,]"),
          with("\"user_id\":\"nan-inf, ]\""),
          with("\"info\":\"a,}\""),
          with("\"user_id\":\"\\ud800\""),
          with("\"user_id\":\"\\ud83d\\ude00\""),
          with("\"user_id\":\"x\ty\""),
          with("\"user_id\":\"\\u0001\""),
          with("\"value\":1e999"),
          with("\"value\":-1e999"),
          with("\"value\":1" + "0".repeat(400)),
          with("\"value\":123456789012345678901234567890"),
          with("\"value\":-0"),
          with("\"value\":01"),
          with("\"value\":1."),
          with("\"value\":.5"),
          with("\"value\":+1"),
          with("\"value\":0x10"),
          with("\"value\":\"1\""),
          with("\"value\":true"),
          with("\"value\":null"),
          with("\"value\":[1]"),
          "{'event_uuid':'a'}",
          "/* c */ " + with(""),
          with("") + " // c",
          with("") + " x",
          with("") + "{}",
          "  " + with("") + "  ",
          "{" + OK + ",\"event_type\":\"view\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          with("\"attributes\":{\"a\":\"1\",\"a\":\"2\"}"),
          with("\"extra\":{\"deep\":{\"x\":1,\"x\":2}}"),
          with("\"extra\":[{\"x\":1},{\"x\":2,\"x\":3}]"),
          with("\"extra\":{\"x\":1},\"more\":{\"x\":1}"),
          with("\"extra\":\"{{{\""),
          // Not objects
          "[1,2]",
          "\"event\"",
          "42",
          "null",
          "true",
          "{",
          "hello",
          // Required fields
          "{}",
          "{\"event_uuid\":null,\"event_type\":null,\"event_ts\":null}",
          "{\"event_uuid\":\"\",\"event_type\":\"  \",\"event_ts\":\"\\t\"}",
          "{\"event_uuid\":\"\\u2003\",\"event_type\":\"click\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"\\u00a0\",\"event_type\":\"click\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"\\u001c\",\"event_type\":\"click\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":1,\"event_type\":[],\"event_ts\":{}}",
          "{\"event_uuid\":\"a\",\"event_type\":\"Click\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"a\",\"event_type\":\"_x\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"a\",\"event_type\":\"a_1\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"a\",\"event_type\":\"clické\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          "{\"event_uuid\":\"a\",\"event_type\":\" click\",\"event_ts\":\"2024-01-05T10:00:00Z\"}",
          // Optional fields
          with(
              "\"event_subtype\":\"\",\"user_id\":\"\",\"transaction_id\":\"\",\"device_id\":\"\""),
          with("\"event_subtype\":1,\"user_id\":true,\"transaction_id\":[],\"device_id\":{}"),
          with("\"event_subtype\":\" \",\"user_id\":\"u1\""),
          with("\"attributes\":{}"),
          with("\"attributes\":{\"a\":null,\"b\":\"c\"}"),
          with("\"attributes\":{\"a\":1}"),
          with("\"attributes\":{\"a\":{\"b\":\"c\"}}"),
          with("\"attributes\":[]"),
          with("\"attributes\":\"a=b\""),
          with("\"attributes\":null"),
          with("\"attributes\":{\"a.b\":\"1\",\"c\\\"d\":\"2\"}"),
          "{\"event_uuid\":\"\",\"event_type\":7,\"event_ts\":\"2024-01-05\",\"event_subtype\":1,"
              + "\"user_id\":2,\"transaction_id\":3,\"device_id\":4,\"value\":1e999,"
              + "\"attributes\":[]}",
          // Timestamps
          at("2026-11-02t10:00:00z", ""),
          at("2026-11-02T10:00Z", ""),
          at("2026-11-02T10:00:00+05", ""),
          at("2026-11-02T10:00:00+0530", ""),
          at("2026-11-02T10:00:00+05:30:15", ""),
          at("2026-11-02T10:00:00+5:30", ""),
          at("2026-11-02T10:00:00-00:00", ""),
          at("2026-11-02T10:00:00+18:00", ""),
          at("2026-11-02T10:00:00-18:00", ""),
          at("2026-11-02T10:00:00+18:01", ""),
          at("2026-11-02T10:00:00+19", ""),
          at("2026-11-02T10:00:00+05:60", ""),
          at("2026-11-02T10:00:00+05:30:60", ""),
          at("2026-11-02T10:00:00.Z", ""),
          at("2026-11-02T10:00:00.5Z", ""),
          at("2026-11-02T10:00:00.123456789Z", ""),
          at("2026-11-02T10:00:00.1234567891Z", ""),
          at("2026-11-02T10:00:00,5Z", ""),
          at("2026-11-02T10:00.5Z", ""),
          at("2026-11-02T24:00:00Z", ""),
          at("2026-11-02T23:59:60Z", ""),
          at("2026-11-02T10:60:00Z", ""),
          at("2026-11-02T1:00:00Z", ""),
          at("2026-1-02T10:00:00Z", ""),
          at("2026-13-02T10:00:00Z", ""),
          at("2026-00-02T10:00:00Z", ""),
          at("2026-11-00T10:00:00Z", ""),
          at("2026-11-31T10:00:00Z", ""),
          at("2024-02-29T00:00:00Z", ""),
          at("2023-02-29T00:00:00Z", ""),
          at("1900-02-29T00:00:00Z", ""),
          at("2000-02-29T00:00:00Z", ""),
          at("+2026-11-02T10:00:00Z", ""),
          at("02026-11-02T10:00:00Z", ""),
          at("+02026-11-02T10:00:00Z", ""),
          at("-0001-11-02T10:00:00Z", ""),
          at("0000-12-31T23:00:00-02:00", ""),
          at("0000-12-31T23:00:00Z", ""),
          at("0001-01-01T00:00:00Z", ""),
          at("0001-01-01T00:30:00+01:00", ""),
          at("1000-01-01T00:00:00Z", ""),
          at("1969-12-31T23:59:59.999999Z", ""),
          at("9999-12-31T23:59:59.999999Z", ""),
          at("9999-12-31T23:59:59Z", ""),
          at("9999-12-31T23:00:00-02:00", ""),
          at("+10000-01-01T00:00:00Z", ""),
          at("+10000-01-01T01:00:00+02:00", ""),
          at("-10000-01-01T00:00:00Z", ""),
          at("+0010000-01-01T00:00:00Z", ""),
          at("+999999999-12-31T00:00:00Z", ""),
          at("+1000000000-01-01T00:00:00Z", ""),
          at("2026-11-02T10:00:00+05:30[Europe/Paris]", ""),
          at("2026-11-02T10:00:00 Z", ""),
          at("2026-11-02 10:00:00Z", ""),
          at(" 2026-11-02T10:00:00Z ", ""),
          at("\\t2026-11-02T10:00:00Z\\n", ""),
          at("\\u00a02026-11-02T10:00:00Z", ""),
          at("2026-11-02T10:00:00UTC", ""),
          at("2026-11-02T10:00:00", ""),
          at("2026-11-02", ""),
          at("yesterday", ""),
          at("1704448800", ""),
          at("２０２６-11-02T10:00:00Z", ""));

  @TempDir static Path tmp;
  static Connection duckdb;

  @BeforeAll
  static void openDuckDb() throws SQLException {
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    DuckDbScripts.run(duckdb, DuckDbScripts.MACROS, Map.of());
  }

  @AfterAll
  static void closeDuckDb() throws SQLException {
    duckdb.close();
  }

  @Test
  void trickyLinesGetTheReasonsAndValuesOfTheEventValidator() throws SQLException {
    assertSameAsTheValidator(TRICKY.stream().map(Landed::line).toList());
  }

  @Test
  void everyKindOfMalformedRecordTheGeneratorMakesGetsTheSameReasons() throws SQLException {
    Random random = new Random(7);
    List<Landed> lines = new ArrayList<>();
    for (int i = 0; i < SyntheticEvents.MALFORMED_KINDS * 20; i++) {
      SyntheticEvents.Malformed bad =
          SyntheticEvents.malformed(random, SyntheticEvents.uuid(random), "2026-11-02T10:00:00Z");
      lines.add(Landed.line(bad.text()));
    }
    assertThat(lines.stream().map(Landed::record).distinct().count())
        .as("every kind drawn")
        .isGreaterThanOrEqualTo(SyntheticEvents.MALFORMED_KINDS);
    assertSameAsTheValidator(lines);
  }

  @Test
  void everyLineOfAGeneratedSampleGetsTheSameReasonsAndValues() throws IOException, SQLException {
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(31L, 400, 2).writeTo(sample);
    List<Landed> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sample)) {
      for (Path file : files.filter(f -> f.toString().contains("/events/")).sorted().toList()) {
        if (Files.isRegularFile(file)) {
          lines.addAll(linesOf(file));
        }
      }
    }
    assertThat(lines).hasSizeGreaterThan(800);
    assertThat(lines).anyMatch(l -> "invalid_utf8".equals(l.readError()));
    assertSameAsTheValidator(lines);
  }

  @Test
  void aRecordTooLargeHasThatReasonAlone() throws SQLException {
    List<String> reasons =
        validate(List.of(new Landed("{\"event_uuid\":", "record_too_large"))).get(0).reasons();
    assertThat(reasons).containsExactly("record_too_large");
  }

  /** A landed line: its text and how reading it went ({@code invalid_utf8} or null). */
  record Landed(String record, String readError) {
    static Landed line(String record) {
      return new Landed(record, null);
    }
  }

  /** What the SQL made of one line. */
  record Verdict(
      List<String> reasons,
      String uuid,
      String type,
      String subtype,
      Long tsMicros,
      String date,
      String userId,
      String transactionId,
      String deviceId,
      Double value,
      String attributes) {}

  private static void assertSameAsTheValidator(List<Landed> lines) throws SQLException {
    List<Verdict> verdicts = validate(lines);
    for (int i = 0; i < lines.size(); i++) {
      Landed line = lines.get(i);
      ValidatedEvent expected = EventValidator.validate(line.record());
      List<String> reasons = new ArrayList<>();
      if (line.readError() != null) {
        reasons.add(line.readError());
      }
      reasons.addAll(expected.reasons());
      Verdict got = verdicts.get(i);
      String what = "line " + line.record();
      assertThat(got.reasons()).as(what).containsExactlyElementsOf(reasons);
      if (!reasons.isEmpty()) {
        continue;
      }
      assertThat(got.uuid()).as(what).isEqualTo(expected.eventUuid());
      assertThat(got.type()).as(what).isEqualTo(expected.eventType());
      assertThat(got.subtype()).as(what).isEqualTo(expected.eventSubtype());
      assertThat(got.tsMicros()).as(what).isEqualTo(Iso8601.micros(expected.eventTs()));
      assertThat(got.date())
          .as(what)
          .isEqualTo(expected.eventTs().atOffset(ZoneOffset.UTC).toLocalDate().toString());
      assertThat(got.userId()).as(what).isEqualTo(utf8(expected.userId()));
      assertThat(got.transactionId()).as(what).isEqualTo(expected.transactionId());
      assertThat(got.deviceId()).as(what).isEqualTo(expected.deviceId());
      assertThat(got.value()).as(what).isEqualTo(expected.value());
      assertThat(got.attributes())
          .as(what)
          .isEqualTo(expected.attributes() == null ? null : expected.attributes().toString());
    }
  }

  private static List<Verdict> validate(List<Landed> lines) throws SQLException {
    try (Statement s = duckdb.createStatement()) {
      s.execute(
          "CREATE OR REPLACE TEMP TABLE test_lines"
              + " (_order BIGINT, record VARCHAR, _read_error VARCHAR)");
    }
    try (PreparedStatement insert =
        duckdb.prepareStatement("INSERT INTO test_lines VALUES (?, ?, ?)")) {
      for (int i = 0; i < lines.size(); i++) {
        insert.setLong(1, i);
        insert.setString(2, lines.get(i).record());
        insert.setString(3, lines.get(i).readError());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    DuckDbScripts.run(
        duckdb,
        DuckDbScripts.EVENTS_VALIDATE,
        Map.of("input", "test_lines", "output", "test_validated"));
    List<Verdict> verdicts = new ArrayList<>();
    try (Statement s = duckdb.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT array_to_string(reasons, '|'), event_uuid, event_type, event_subtype,"
                    + " epoch_us(event_ts), CAST(event_date AS VARCHAR), user_id, transaction_id,"
                    + " device_id, value,"
                    + " CASE WHEN attributes IS NOT NULL THEN '{' || array_to_string("
                    + "list_transform(map_entries(attributes), e -> e.key || '=' ||"
                    + " coalesce(e.value, 'null')), ', ') || '}' END"
                    + " FROM test_validated ORDER BY _order")) {
      while (r.next()) {
        String reasons = r.getString(1);
        verdicts.add(
            new Verdict(
                reasons.isEmpty() ? List.of() : Arrays.asList(reasons.split("\\|")),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                (Long) r.getObject(5),
                r.getString(6),
                r.getString(7),
                r.getString(8),
                r.getString(9),
                (Double) r.getObject(10),
                r.getString(11)));
      }
    }
    assertThat(verdicts).hasSameSizeAs(lines);
    return verdicts;
  }

  /**
   * {@code text} as UTF-8 can hold it: a lone surrogate (JSON lets one be escaped, Jackson reads
   * it, DuckDB's strings are UTF-8) becomes U+FFFD, as the peer reads it.
   */
  private static String utf8(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < text.length()
                  && Character.isLowSurrogate(text.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(text.charAt(i - 1));
      out.append(Character.isSurrogate(c) && !paired ? '\uFFFD' : c);
    }
    return out.toString();
  }

  /** The non-blank lines of a landing file, decoded as the landing reader decodes them. */
  private static List<Landed> linesOf(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in =
        file.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(file))
            : Files.newInputStream(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      bytes = out.toByteArray();
    }
    List<Landed> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        byte[] line = Arrays.copyOfRange(bytes, start, end);
        start = i + 1;
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.isBlank()) {
          continue;
        }
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line));
          lines.add(Landed.line(text));
        } catch (CharacterCodingException e) {
          lines.add(new Landed(text, "invalid_utf8"));
        }
      }
    }
    return lines;
  }
}
