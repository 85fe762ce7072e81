package dev.medallion.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Rfc4180Test {

  private static List<Rfc4180.Record> records(String input) {
    List<Rfc4180.Record> out = new ArrayList<>();
    Rfc4180.records(new StringReader(input)).forEachRemaining(out::add);
    return out;
  }

  private static Rfc4180.Record rec(String text, long line) {
    return new Rfc4180.Record(text, line);
  }

  // ---------------------------------------------------------------------------------------------
  // records(Reader)

  @Test
  void splitsLfTerminatedLines() {
    assertThat(records("a,b\nc,d\ne,f\n"))
        .containsExactly(rec("a,b", 1), rec("c,d", 2), rec("e,f", 3));
  }

  @Test
  void splitsCrlfTerminatedLinesAndDropsTheCarriageReturn() {
    assertThat(records("a,b\r\nc,d\r\n")).containsExactly(rec("a,b", 1), rec("c,d", 2));
  }

  @Test
  void mixedLineEndingsAreBothAccepted() {
    assertThat(records("a\r\nb\nc\r\n")).containsExactly(rec("a", 1), rec("b", 2), rec("c", 3));
  }

  @Test
  void lastRecordWithoutTrailingNewlineIsReturned() {
    assertThat(records("h1,h2\nx,y")).containsExactly(rec("h1,h2", 1), rec("x,y", 2));
  }

  @Test
  void lastRecordWithoutTrailingNewlineLosesATrailingCarriageReturn() {
    assertThat(records("a\r\nb\r")).containsExactly(rec("a", 1), rec("b", 2));
  }

  @Test
  void quotedCommaDoesNotSplitTheRecord() {
    assertThat(records("1,\"Smith, Jane\",x\n2,y,z\n"))
        .containsExactly(rec("1,\"Smith, Jane\",x", 1), rec("2,y,z", 2));
  }

  @Test
  void escapedQuotesStayInTheRecordText() {
    assertThat(records("1,\"say \"\"hi\"\"\"\n2\n"))
        .containsExactly(rec("1,\"say \"\"hi\"\"\"", 1), rec("2", 2));
  }

  @Test
  void newlineInsideQuotesBelongsToTheFieldAndRecordStartsOnItsFirstLine() {
    List<Rfc4180.Record> records = records("id,note\n1,\"two\nlines\"\n2,plain\n");

    assertThat(records)
        .containsExactly(rec("id,note", 1), rec("1,\"two\nlines\"", 2), rec("2,plain", 4));
    assertThat(Rfc4180.parse(records.get(1).text()).values()).containsExactly("1", "two\nlines");
  }

  @Test
  void crlfInsideQuotesIsKeptAndLinesAreCountedAcrossIt() {
    List<Rfc4180.Record> records = records("1,\"a\r\nb\r\nc\"\r\n2,d\r\n");

    assertThat(records).containsExactly(rec("1,\"a\r\nb\r\nc\"", 1), rec("2,d", 4));
    assertThat(Rfc4180.parse(records.get(0).text()).values()).containsExactly("1", "a\r\nb\r\nc");
  }

  @Test
  void quotedFieldEndingAnEscapedQuoteBeforeTheNewlineStillEndsTheRecord() {
    // "a""" is a closed quoted field holding a" - the newline after it ends the record.
    assertThat(records("\"a\"\"\"\nnext\n")).containsExactly(rec("\"a\"\"\"", 1), rec("next", 2));
  }

  @Test
  void quoteInsideAnUnquotedFieldDoesNotOpenAQuotedSection() {
    assertThat(records("5\" screen,x\ny\n")).containsExactly(rec("5\" screen,x", 1), rec("y", 2));
  }

  @Test
  void blankLinesAreSkippedButStillCounted() {
    assertThat(records("a\n\n\r\n   \nb\n\n")).containsExactly(rec("a", 1), rec("b", 5));
  }

  @Test
  void leadingByteOrderMarkIsDropped() {
    assertThat(records("\uFEFFuser_id,name\nu1,Ann\n"))
        .containsExactly(rec("user_id,name", 1), rec("u1,Ann", 2));
  }

  @Test
  void byteOrderMarkIsOnlyDroppedAtTheStartOfTheInput() {
    assertThat(records("a\n\uFEFFb\n")).containsExactly(rec("a", 1), rec("\uFEFFb", 2));
  }

  @Test
  void unterminatedQuoteSwallowsTheRestOfTheInputIntoOneRecord() {
    List<Rfc4180.Record> records = records("h\n1,\"open\n2,x\n3,y\n");

    assertThat(records).containsExactly(rec("h", 1), rec("1,\"open\n2,x\n3,y\n", 2));
    assertThat(Rfc4180.parse(records.get(1).text()).ok()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Records over the size limit

  @Test
  void anUnclosedQuoteRunningPastTheLimitIsCutAndSplittingResumesAtTheNextLine() {
    // Line 2 opens a quote that is never closed and runs on, on the same line, past the limit.
    String open = "1,\"open " + "x".repeat(Rfc4180.MAX_RECORD_CHARS + 100);
    String input = "h\n" + open + "\n2,after\n3,y\n";

    List<Rfc4180.Record> records = records(input);

    assertThat(records).hasSize(4);
    assertThat(records.get(0)).isEqualTo(rec("h", 1));
    Rfc4180.Record cut = records.get(1);
    assertThat(cut.tooLarge()).isTrue();
    assertThat(cut.line()).isEqualTo(2);
    assertThat(cut.text())
        .hasSize(Rfc4180.KEPT_CHARS)
        .isEqualTo(open.substring(0, Rfc4180.KEPT_CHARS));
    assertThat(records.subList(2, 4)).containsExactly(rec("2,after", 3), rec("3,y", 4));
    assertThat(records.subList(2, 4)).noneMatch(Rfc4180.Record::tooLarge);
  }

  @Test
  void anUnclosedQuoteSwallowingManyLinesIsCutAtTheLimitAndTheLinesAfterTheCutComeBack() {
    // The usual case: a quote never closed makes every following line part of one record.
    StringBuilder input = new StringBuilder("h\n1,\"open\n");
    int recordStart = 2;
    List<String> lines = new ArrayList<>();
    int n = 0;
    while (input.length() - recordStart < Rfc4180.MAX_RECORD_CHARS + 10_000) {
      String line = String.format("r%07d,value", n++); // 14 characters and a line feed
      lines.add(line);
      input.append(line).append('\n');
    }
    int cutAt = recordStart + Rfc4180.MAX_RECORD_CHARS; // the first character over the limit
    assertThat(input.charAt(cutAt)).as("this case cuts inside a line").isNotEqualTo('\n');
    int resumeAt = input.indexOf("\n", cutAt) + 1;
    // The lines that start at or after resumeAt, with their 1-based line numbers.
    List<Rfc4180.Record> after = new ArrayList<>();
    int offset = recordStart + "1,\"open\n".length();
    for (int i = 0; i < lines.size(); i++) {
      if (offset >= resumeAt) {
        after.add(rec(lines.get(i), i + 3));
      }
      offset += lines.get(i).length() + 1;
    }
    assertThat(after).isNotEmpty();

    List<Rfc4180.Record> records = records(input.toString());

    assertThat(records.get(0)).isEqualTo(rec("h", 1));
    Rfc4180.Record cut = records.get(1);
    assertThat(cut.tooLarge()).isTrue();
    assertThat(cut.line()).isEqualTo(2);
    assertThat(cut.text())
        .isEqualTo(input.substring(recordStart, recordStart + Rfc4180.KEPT_CHARS));
    assertThat(records.subList(2, records.size())).containsExactlyElementsOf(after);
  }

  @Test
  void aCutThatFallsOnALineFeedLosesNoLine() {
    // Line 2 is an unclosed quote of exactly MAX_RECORD_CHARS characters, so that its line feed is
    // the character that goes over the limit.
    String open = "1,\"" + "x".repeat(Rfc4180.MAX_RECORD_CHARS - 3);
    assertThat(open).hasSize(Rfc4180.MAX_RECORD_CHARS);
    String input = "h\n" + open + "\n2,after\n3,y\n";

    List<Rfc4180.Record> records = records(input);

    assertThat(records.get(1).tooLarge()).isTrue();
    assertThat(records.get(1).line()).isEqualTo(2);
    assertThat(records.subList(2, records.size()))
        .containsExactly(rec("2,after", 3), rec("3,y", 4));
  }

  @Test
  void aRecordOfExactlyTheLimitIsNotCut() {
    String full = "1,\"" + "x".repeat(Rfc4180.MAX_RECORD_CHARS - 4) + "\"";
    assertThat(full).hasSize(Rfc4180.MAX_RECORD_CHARS);

    List<Rfc4180.Record> records = records(full + "\n2,y\n");

    assertThat(records).containsExactly(rec(full, 1), rec("2,y", 2));
  }

  @Test
  void emptyInputHasNoRecords() {
    assertThat(records("")).isEmpty();
    assertThat(records("\n\n")).isEmpty();
    assertThat(records("\uFEFF")).isEmpty();
  }

  @Test
  void iteratorHasNextIsIdempotentAndNextPastTheEndThrows() {
    Iterator<Rfc4180.Record> it = Rfc4180.records(new StringReader("a\nb"));

    assertThat(it.hasNext()).isTrue();
    assertThat(it.hasNext()).isTrue();
    assertThat(it.next()).isEqualTo(rec("a", 1));
    assertThat(it.next()).isEqualTo(rec("b", 2));
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // parse(String)

  static Stream<Arguments> wellFormedRecords() {
    return Stream.of(
        arguments("a,b,c", List.of("a", "b", "c")),
        arguments("single", List.of("single")),
        arguments("", List.of("")),
        arguments("a,,b", List.of("a", "", "b")),
        arguments("a,b,", List.of("a", "b", "")),
        arguments(",a", List.of("", "a")),
        arguments(",,", List.of("", "", "")),
        arguments("\"\"", List.of("")),
        arguments("a,\"\",b", List.of("a", "", "b")),
        arguments("\"a,b\",c", List.of("a,b", "c")),
        arguments("\"say \"\"hi\"\"\"", List.of("say \"hi\"")),
        arguments("\"\"\"\"", List.of("\"")),
        arguments("\"\"\"quoted\"\"\",x", List.of("\"quoted\"", "x")),
        arguments("\"line1\nline2\",x", List.of("line1\nline2", "x")),
        arguments(" a , b ", List.of(" a ", " b ")),
        arguments("Zoë,山田 太郎,Ñandú", List.of("Zoë", "山田 太郎", "Ñandú")),
        arguments("\"山田, 太郎\",🙂", List.of("山田, 太郎", "🙂")));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("wellFormedRecords")
  void parsesWellFormedRecords(String record, List<String> expected) {
    Rfc4180.Fields fields = Rfc4180.parse(record);

    assertThat(fields.ok()).isTrue();
    assertThat(fields.error()).isNull();
    assertThat(fields.values()).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> malformedRecords() {
    return Stream.of(
        arguments("ab\"c,d", List.of("ab\"c", "d"), "double quote inside an unquoted field 1"),
        arguments(
            "x,5\" screen", List.of("x", "5\" screen"), "double quote inside an unquoted field 2"),
        arguments(" \"a\",b", List.of(" \"a\"", "b"), "double quote inside an unquoted field 1"),
        arguments("\"ab\"c,d", List.of("abc", "d"), "text after the closing quote of field 1"),
        arguments("x,\"a\" ,y", List.of("x", "a ", "y"), "text after the closing quote of field 2"),
        arguments("\"abc", List.of("abc"), "quoted field 1 is never closed"),
        arguments("a,\"b,c", List.of("a", "b,c"), "quoted field 2 is never closed"),
        arguments("a,\"b\"\"", List.of("a", "b\""), "quoted field 2 is never closed"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("malformedRecords")
  void reportsAnErrorButStillReturnsTheValues(
      String record, List<String> expectedValues, String errorFragment) {
    Rfc4180.Fields fields = Rfc4180.parse(record);

    assertThat(fields.ok()).isFalse();
    assertThat(fields.error()).contains(errorFragment);
    assertThat(fields.values()).containsExactlyElementsOf(expectedValues);
  }

  @Test
  void onlyTheFirstErrorIsReported() {
    Rfc4180.Fields fields = Rfc4180.parse("a\"b,\"c\"d");

    assertThat(fields.error()).isEqualTo("a double quote inside an unquoted field 1");
    assertThat(fields.values()).containsExactly("a\"b", "cd");
  }

  // ---------------------------------------------------------------------------------------------
  // format(List) and appendField

  static Stream<List<String>> roundTripValues() {
    return Stream.of(
        List.of("plain", "values", "only"),
        List.of("Smith, Jane", "x"),
        List.of("say \"hi\"", "\""),
        List.of("line1\nline2", "cr\rhere", "crlf\r\nend"),
        List.of("", "", ""),
        List.of("", "a", ""),
        List.of(",", "\"\"", ",\","),
        List.of(" padded ", "Zoë", "山田, 太郎"),
        List.of("single"));
  }

  @ParameterizedTest
  @MethodSource("roundTripValues")
  void formatRoundTripsThroughParse(List<String> values) {
    Rfc4180.Fields fields = Rfc4180.parse(Rfc4180.format(values));

    assertThat(fields.ok()).isTrue();
    assertThat(fields.values()).containsExactlyElementsOf(values);
  }

  @ParameterizedTest
  @MethodSource("roundTripValues")
  void formattedRecordSurvivesSplittingIntoRecords(List<String> values) {
    String formatted = Rfc4180.format(values);
    List<Rfc4180.Record> split = records(formatted + "\r\n" + "next\r\n");

    assertThat(split).hasSize(2);
    assertThat(split.get(0).text()).isEqualTo(formatted);
    assertThat(split.get(1).text()).isEqualTo("next");
  }

  @Test
  void plainValuesAreNotQuoted() {
    assertThat(Rfc4180.format(List.of("a", "b c", "Zoë", "1.5", ""))).isEqualTo("a,b c,Zoë,1.5,");
  }

  @Test
  void onlyValuesThatNeedItAreQuotedAndQuotesAreDoubled() {
    assertThat(Rfc4180.format(List.of("a,b", "plain", "say \"hi\"", "x\ny", "r\rs")))
        .isEqualTo("\"a,b\",plain,\"say \"\"hi\"\"\",\"x\ny\",\"r\rs\"");
  }

  @Test
  void nullValueIsFormattedAsAnEmptyField() {
    assertThat(Rfc4180.format(Arrays.asList("a", null, "b"))).isEqualTo("a,,b");
  }

  @Test
  void emptyListFormatsAsEmptyText() {
    assertThat(Rfc4180.format(List.of())).isEmpty();
  }

  @Test
  void appendFieldAppendsToExistingText() {
    StringBuilder out = new StringBuilder("x=");
    Rfc4180.appendField(out, "a\"b");

    assertThat(out).hasToString("x=\"a\"\"b\"");
  }
}
