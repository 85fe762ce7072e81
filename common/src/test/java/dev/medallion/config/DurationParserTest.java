package dev.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "90s    | PT1M30S",
        "15m    | PT15M",
        "6h     | PT6H",
        "3d     | PT72H",
        "250ms  | PT0.25S",
        "0s     | PT0S",
        "1d     | PT24H",
        "1000ms | PT1S",
        "45 m   | PT45M",
        "'  15m '  | PT15M",
        "' 2 h '   | PT2H",
        "15M    | PT15M",
        "6H     | PT6H",
        "3D     | PT72H",
        "90S    | PT1M30S",
        "250MS  | PT0.25S",
        "250Ms  | PT0.25S",
        "007s   | PT7S",
      })
  void parsesNumberAndUnit(String text, String expected) {
    assertThat(DurationParser.parse("some.key", text)).isEqualTo(Duration.parse(expected));
  }

  @Test
  void unitMIsMinutesNotMonthsOrMillis() {
    assertThat(DurationParser.parse("k", "1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(DurationParser.parse("k", "1ms")).isEqualTo(Duration.ofMillis(1));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "", "   ", "5", "s", "1.5h", "-5s", "+5s", "5w", "5 x", "3 days", "PT5M", "5s5", "1h30m",
        "five s"
      })
  void rejectsTextThatIsNotADurationAndNamesTheKey(String text) {
    assertThatThrownBy(() -> DurationParser.parse("late.tolerance", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("late.tolerance: ")
        .hasMessageContaining("'" + text + "' is not a duration")
        .hasMessageContaining("ms, s, m, h or d")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("late.tolerance"));
  }

  @Test
  void errorIsAnIllegalArgumentException() {
    assertThatThrownBy(() -> DurationParser.parse("k", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "k: 'soon' is not a duration. Write a number of at most 9 digits and a unit: ms, s, m, h"
                + " or d (e.g. 3d).");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807d", "106751991167301d"})
  void tooLargeANumberIsAConfigErrorNamingTheKey(String text) {
    assertThatThrownBy(() -> DurationParser.parse("retention", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("retention: ");
  }
}
