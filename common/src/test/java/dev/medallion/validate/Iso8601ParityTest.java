package dev.medallion.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The digit-by-digit reading of the common timestamp form accepts only what Java's ISO formatter
 * accepts, as the same instant; everything else is left to the formatter.
 */
class Iso8601ParityTest {

  @Test
  void agreesWithTheFormatterOnEdgeCases() {
    for (String text :
        List.of(
            "2024-01-05T10:00:00Z",
            "2024-01-05T10:00:00.1Z",
            "2024-01-05T10:00:00.123456789Z",
            "2024-01-05T10:00:00.1234567891Z",
            "2024-01-05T10:00:00.Z",
            "2024-01-05T10:00:00+02:00",
            "2024-01-05T10:00:00-00:00",
            "2024-01-05T10:00:00+18:00",
            "2024-01-05T10:00:00+17:59",
            "2024-01-05T10:00:00+19:00",
            "2024-01-05T10:00:00+02:00:30",
            "2024-01-05T10:00:00+0200",
            "2024-01-05T10:00:00z",
            "2024-01-05t10:00:00Z",
            "2024-01-05T10:00Z",
            "2024-01-05T24:00:00Z",
            "2024-01-05T23:59:60Z",
            "2024-02-29T10:00:00Z",
            "2023-02-29T10:00:00Z",
            "2024-04-31T10:00:00Z",
            "2024-13-01T10:00:00Z",
            "2024-00-01T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "+2024-01-05T10:00:00Z",
            "2024-01-05T10:00:00",
            " 2024-01-05T10:00:00Z ",
            "2024-01-05 10:00:00Z",
            "2024-1-05T10:00:00Z",
            "2024-01-05T10:00:00.1\u0663Z",
            "\u0662024-01-05T10:00:00Z")) {
      assertSame(text);
    }
  }

  @Test
  void agreesWithTheFormatterOnRandomTexts() {
    Random random = new Random(3);
    String digitsAndMore = "0123456789TZ+-:. z";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  random.nextInt(10_000),
                  random.nextInt(14),
                  random.nextInt(33),
                  random.nextInt(26),
                  random.nextInt(62),
                  random.nextInt(62)));
      if (random.nextBoolean()) {
        text.append('.').append(random.nextInt(1_000_000_000));
      }
      switch (random.nextInt(4)) {
        case 0 -> text.append('Z');
        case 1 ->
            text.append(random.nextBoolean() ? '+' : '-')
                .append(String.format("%02d:%02d", random.nextInt(20), random.nextInt(61)));
        case 2 ->
            text.setCharAt(
                random.nextInt(text.length()),
                digitsAndMore.charAt(random.nextInt(digitsAndMore.length())));
        default -> {}
      }
      assertSame(text.toString());
    }
  }

  private static void assertSame(String text) {
    Instant fast = Iso8601.parseCanonical(text);
    if (fast != null) {
      assertThat(fast).as(text).isEqualTo(Iso8601.parseWithFormatter(text));
    }
    assertThat(Iso8601.parseWithOffset(text)).as(text).isEqualTo(Iso8601.parseWithFormatter(text));
  }
}
