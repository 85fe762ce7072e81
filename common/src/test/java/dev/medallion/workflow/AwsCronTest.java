package dev.medallion.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AWS cron expressions: the next fire time after an instant, and the expressions AWS refuses. The
 * days of the week used below: 2026-11-21 is a Saturday, 2026-02-15 a Sunday, 2026-08-01 and
 * 2026-08-15 Saturdays, 2026-05-31 a Sunday, 2026-12-31 a Thursday.
 */
class AwsCronTest {

  private static Optional<Instant> next(String expression, String after) {
    return AwsCron.parse("schedule", expression).next(Instant.parse(after));
  }

  private static List<String> fires(String expression, String after, int count) {
    AwsCron cron = AwsCron.parse("schedule", expression);
    List<String> times = new ArrayList<>();
    Instant t = Instant.parse(after);
    for (int i = 0; i < count; i++) {
      t = cron.next(t).orElseThrow();
      times.add(t.toString());
    }
    return times;
  }

  @ParameterizedTest(name = "{0} after {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // every minute; strictly after, seconds dropped
        "cron(* * * * ? *)        | 2026-11-21T10:00:00Z     | 2026-11-21T10:01:00Z",
        "cron(* * * * ? *)        | 2026-11-21T10:00:30Z     | 2026-11-21T10:01:00Z",
        "cron(* * * * ? *)        | 2026-11-21T10:59:59.999Z | 2026-11-21T11:00:00Z",
        // increments
        "cron(0/15 * * * ? *)     | 2026-11-21T10:00:00Z     | 2026-11-21T10:15:00Z",
        "cron(0/15 * * * ? *)     | 2026-11-21T10:14:59Z     | 2026-11-21T10:15:00Z",
        "cron(0/15 * * * ? *)     | 2026-11-21T10:45:00Z     | 2026-11-21T11:00:00Z",
        "cron(*/20 * * * ? *)     | 2026-11-21T10:41:00Z     | 2026-11-21T11:00:00Z",
        "cron(1/10 * * * ? *)     | 2026-11-21T10:51:00Z     | 2026-11-21T11:01:00Z",
        "cron(10-30/10 * * * ? *) | 2026-11-21T10:30:00Z     | 2026-11-21T11:10:00Z",
        "cron(0 0/6 * * ? *)      | 2026-11-21T18:00:00Z     | 2026-11-22T00:00:00Z",
        // ranges and names: weekdays from a Saturday
        "cron(0 9-17 ? * MON-FRI *)   | 2026-11-21T10:00:00Z | 2026-11-23T09:00:00Z",
        "cron(0 9-17 ? * 2-6 *)       | 2026-11-23T17:00:00Z | 2026-11-24T09:00:00Z",
        "cron(0 9-17 ? * mon-fri *)   | 2026-11-23T12:30:00Z | 2026-11-23T13:00:00Z",
        // lists
        "cron(5,35 1,13 * * ? *)      | 2026-11-21T10:00:00Z | 2026-11-21T13:05:00Z",
        "cron(5,35 1,13 * * ? *)      | 2026-11-21T13:35:00Z | 2026-11-22T01:05:00Z",
        "cron(0 0 1 JAN,JUL ? *)      | 2026-11-21T10:00:00Z | 2027-01-01T00:00:00Z",
        "cron(0 0 1 jan,jul ? *)      | 2027-01-01T00:00:00Z | 2027-07-01T00:00:00Z",
        "cron(0 12 ? * SUN,SAT *)     | 2026-11-21T12:00:00Z | 2026-11-22T12:00:00Z",
        // day-of-week numbers: 1 is Sunday, 7 Saturday; L alone is Saturday
        "cron(0 0 ? * 1 *)            | 2026-11-21T10:00:00Z | 2026-11-22T00:00:00Z",
        "cron(0 0 ? * 7 *)            | 2026-11-20T10:00:00Z | 2026-11-21T00:00:00Z",
        "cron(0 0 ? * L *)            | 2026-11-20T10:00:00Z | 2026-11-21T00:00:00Z",
        // a day that not every month has
        "cron(0 0 31 * ? *)           | 2026-02-01T00:00:00Z | 2026-03-31T00:00:00Z",
        "cron(0 0 31 * ? *)           | 2026-03-31T00:00:00Z | 2026-05-31T00:00:00Z",
        "cron(0 0 29 2 ? *)           | 2026-01-01T00:00:00Z | 2028-02-29T00:00:00Z",
        // L: the last day of the month, February in leap and common years
        "cron(0 0 L * ? *)            | 2026-02-01T00:00:00Z | 2026-02-28T00:00:00Z",
        "cron(0 0 L * ? *)            | 2028-02-01T00:00:00Z | 2028-02-29T00:00:00Z",
        "cron(0 0 L * ? *)            | 2100-02-01T00:00:00Z | 2100-02-28T00:00:00Z",
        "cron(0 0 L * ? *)            | 2000-02-01T00:00:00Z | 2000-02-29T00:00:00Z",
        "cron(0 0 L 2 ? *)            | 2026-03-01T00:00:00Z | 2027-02-28T00:00:00Z",
        "cron(0 0 L 2 ? *)            | 2027-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
        "cron(0 0 L * ? *)            | 2026-04-30T00:00:00Z | 2026-05-31T00:00:00Z",
        // LW: the last weekday (Jan 31 2026 is a Saturday, May 31 a Sunday)
        "cron(0 0 LW * ? *)           | 2026-01-01T00:00:00Z | 2026-01-30T00:00:00Z",
        "cron(0 0 LW * ? *)           | 2026-05-01T00:00:00Z | 2026-05-29T00:00:00Z",
        "cron(0 0 LW * ? *)           | 2026-06-01T00:00:00Z | 2026-06-30T00:00:00Z",
        // nW: the weekday nearest the day, inside the month
        "cron(0 0 15W * ? *)          | 2026-02-01T00:00:00Z | 2026-02-16T00:00:00Z",
        "cron(0 0 15W * ? *)          | 2026-08-01T00:00:00Z | 2026-08-14T00:00:00Z",
        "cron(0 0 15W * ? *)          | 2026-09-01T00:00:00Z | 2026-09-15T00:00:00Z",
        "cron(0 0 1W * ? *)           | 2026-07-31T00:00:00Z | 2026-08-03T00:00:00Z",
        "cron(0 0 1W * ? *)           | 2026-01-31T00:00:00Z | 2026-02-02T00:00:00Z",
        "cron(0 0 31W * ? *)          | 2026-01-01T00:00:00Z | 2026-01-30T00:00:00Z",
        "cron(0 0 31W * ? *)          | 2026-05-01T00:00:00Z | 2026-05-29T00:00:00Z",
        "cron(0 0 30W * ? *)          | 2025-11-01T00:00:00Z | 2025-11-28T00:00:00Z",
        "cron(0 0 31W * ? *)          | 2026-06-01T00:00:00Z | 2026-07-31T00:00:00Z",
        // nL: the last such weekday (5L: the last Thursday)
        "cron(0 0 ? * 5L *)           | 2026-12-01T00:00:00Z | 2026-12-31T00:00:00Z",
        "cron(0 0 ? * 5L *)           | 2026-04-01T00:00:00Z | 2026-04-30T00:00:00Z",
        "cron(0 0 ? * THUL *)         | 2026-11-01T00:00:00Z | 2026-11-26T00:00:00Z",
        // n#k: the kth such weekday (3#2: the second Tuesday)
        "cron(0 10 ? * 3#2 *)         | 2026-11-01T00:00:00Z | 2026-11-10T10:00:00Z",
        "cron(0 10 ? * 3#2 *)         | 2026-11-10T10:00:00Z | 2026-12-08T10:00:00Z",
        "cron(0 10 ? * TUE#2 *)       | 2026-11-10T09:59:00Z | 2026-11-10T10:00:00Z",
        // 6#5: a fifth Friday; February to April 2026 have four
        "cron(0 0 ? * 6#5 *)          | 2026-02-01T00:00:00Z | 2026-05-29T00:00:00Z",
        "cron(0 0 ? * 6#5 *)          | 2026-05-30T00:00:00Z | 2026-07-31T00:00:00Z",
        // Dec 31 -> Jan 1
        "cron(* * * * ? *)            | 2026-12-31T23:59:00Z | 2027-01-01T00:00:00Z",
        "cron(0 0 * * ? *)            | 2026-12-31T12:00:00Z | 2027-01-01T00:00:00Z",
        "cron(59 23 31 12 ? *)        | 2026-12-31T23:59:00Z | 2027-12-31T23:59:00Z",
        "cron(0 0 1 1 ? *)            | 2026-12-31T23:59:59Z | 2027-01-01T00:00:00Z",
        // years
        "cron(0 0 1 1 ? 2199)         | 2198-06-01T00:00:00Z | 2199-01-01T00:00:00Z",
        "cron(0 0 1 1 ? 2030-2032)    | 2030-01-01T00:00:00Z | 2031-01-01T00:00:00Z",
        "cron(0 0 1 1 ? 2026/2)       | 2026-06-01T00:00:00Z | 2028-01-01T00:00:00Z",
        "cron(30 6 * * ? 1970)        | 1969-12-31T23:00:00Z | 1970-01-01T06:30:00Z",
        // the fields alone, without cron(...)
        "15 * * * ? *                 | 2026-11-21T10:15:00Z | 2026-11-21T11:15:00Z",
      })
  void nextFireTime(String expression, String after, String expected) {
    assertThat(next(expression, after)).contains(Instant.parse(expected));
  }

  @Test
  void firesInASequence() {
    assertThat(fires("cron(0/15 * * * ? *)", "2026-11-21T10:50:00Z", 3))
        .containsExactly("2026-11-21T11:00:00Z", "2026-11-21T11:15:00Z", "2026-11-21T11:30:00Z");
    assertThat(fires("cron(0 0 L * ? *)", "2027-12-15T00:00:00Z", 3))
        .containsExactly("2027-12-31T00:00:00Z", "2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z");
    assertThat(fires("cron(0 0 ? * 6#5 *)", "2026-01-01T00:00:00Z", 4))
        .containsExactly(
            "2026-01-30T00:00:00Z",
            "2026-05-29T00:00:00Z",
            "2026-07-31T00:00:00Z",
            "2026-10-30T00:00:00Z");
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cron(0 0 1 1 ? 2199)   | 2199-01-01T00:00:00Z",
        "cron(* * * * ? *)      | 2199-12-31T23:59:00Z",
        "cron(* * * * ? 2020)   | 2026-11-21T10:00:00Z",
        "cron(0 0 30 2 ? *)     | 1970-01-01T00:00:00Z",
        "cron(0 0 31 4,6,9 ? *) | 1970-01-01T00:00:00Z",
        "cron(0 0 ? 2 6#5 2027) | 2026-01-01T00:00:00Z",
      })
  void noFireTimeLeft(String expression, String after) {
    assertThat(next(expression, after)).isEmpty();
  }

  @Test
  void expressionIsNormalized() {
    assertThat(AwsCron.parse("k", "  cron( 15  *  * * ?   * ) ").expression())
        .isEqualTo("cron(15 * * * ? *)");
    assertThat(AwsCron.parse("k", "15 * * * ? *"))
        .isEqualTo(AwsCron.parse("k", "cron(15 * * * ? *)"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cron(0/5 * * * ? *)     | 5",
        "cron(0,2 * * * ? *)     | 2",
        "cron(2,58 * * * ? *)    | 4",
        "cron(2,58 1,3 * * ? *)  | 56",
        "cron(2,58 0,23 * * ? *) | 4",
        "cron(15 * * * ? *)      | 60",
        "cron(* * * * ? *)       | 1",
      })
  void shortestInterval(String expression, int minutes) {
    assertThat(AwsCron.parse("k", expression).shortestIntervalMinutes()).isEqualTo(minutes);
  }

  @Test
  void onceADayHasNoShortInterval() {
    assertThat(AwsCron.parse("k", "cron(0 10 * * ? *)").shortestIntervalMinutes())
        .isGreaterThan(24 * 60 - 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the two day fields
        "cron(0 0 1 * MON *)      | are both set; AWS needs ? in one of them",
        "cron(0 0 * * * *)        | are both set; AWS needs ? in one of them",
        "cron(0 0 ? * ? *)        | both day-of-month and day-of-week are ?",
        // field counts
        "cron(0 * * * ?)          | has 5 field(s)",
        "0 0 12 * * ? *           | has 7 field(s)",
        "cron()                   | has 0 field(s)",
        // values out of range
        "cron(60 * * * ? *)       | the minutes field '60' has 60, outside 0-59",
        "cron(0 24 * * ? *)       | the hours field '24' has 24, outside 0-23",
        "cron(0 0 0 * ? *)        | the day-of-month field '0' has 0, outside 1-31",
        "cron(0 0 32 * ? *)       | the day-of-month field '32' has 32, outside 1-31",
        "cron(0 0 1 13 ? *)       | the month field '13' has 13, outside 1-12",
        "cron(0 0 ? * 0 *)        | the day-of-week field '0' has 0, outside 1-7 (1 is Sunday",
        "cron(0 0 ? * 8 *)        | the day-of-week field '8' has 8, outside 1-7",
        "cron(0 0 1 1 ? 1969)     | the year field '1969' has 1969, outside 1970-2199",
        "cron(0 0 1 1 ? 2200)     | the year field '2200' has 2200, outside 1970-2199",
        "cron(0 0 ? * 3#6 *)      | the day-of-week field '3#6' has 6, outside 1-5",
        "cron(0 0 ? * 8#1 *)      | the day-of-week field '8#1' has 8, outside 1-7",
        "cron(0 0 32W * ? *)      | the day-of-month field '32W' has 32, outside 1-31",
        "cron(0 0 ? * 0L *)       | the day-of-week field '0L' has 0, outside 1-7",
        "cron(0/0 * * * ? *)      | the minutes field '0/0' has 0, outside 1-60",
        // syntax
        "cron(? * * * ? *)        | is ?, which only the two day fields take",
        "cron(0 0 ? * FRI-MON *)  | has the range FRI-MON, which runs backwards",
        "cron(0 22-2 * * ? *)     | has the range 22-2, which runs backwards",
        "cron(0 0 ? * 3#1,6#3 *)  | combines # with a list",
        "cron(0 0 L,15 * ? *)     | combines L with a list",
        "cron(0 0 ? * 15W *)      | uses W, which only day-of-month takes",
        "cron(0 0 3#2 * ? *)      | has '3#2', which is not a number or name",
        "cron(0 0 L-3 * ? *)      | counts back from the last day",
        "cron(abc * * * ? *)      | has 'abc', which is not a number or name",
        "cron(0 0 1 FOO ? *)      | has 'FOO', which is not a number or name",
        "cron(1, * * * ? *)       | has an empty list item",
        "cron(/5 * * * ? *)       | has no start before /",
        "rate(5 minutes)          | is a rate expression",
        "cron(0 0 W * ? *)        | is not a day with W or L",
      })
  void refusesInvalidExpressionsNamingTheKey(String expression, String problem) {
    assertThatThrownBy(() -> AwsCron.parse("triggers[1].schedule", expression))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("triggers[1].schedule: ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("triggers[1].schedule"));
  }

  @Test
  void messagesSayHowToFixIt() {
    assertThatThrownBy(() -> AwsCron.parse("k", "cron(0 12 * * MON *)"))
        .hasMessageContaining("cron(0 12 * * ? *) or cron(0 12 ? * MON *)");
    assertThatThrownBy(() -> AwsCron.parse("k", "0 * * * *")).hasMessageContaining("append ' *'");
    assertThatThrownBy(() -> AwsCron.parse("k", "cron(0 0 12 * * ? *)"))
        .hasMessageContaining("drop the first field");
    assertThatThrownBy(() -> AwsCron.parse("k", "cron(0 0 ? * FRI-MON *)"))
        .hasMessageContaining("FRI-SAT,SUN-MON");
    assertThatThrownBy(() -> AwsCron.parse("k", " ")).hasMessageContaining("empty");
  }
}
