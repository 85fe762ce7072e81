package dev.medallion.workflow;

import dev.medallion.config.ConfigException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS cron expression, the six-field form AWS Glue schedules (and EventBridge) use, evaluated in
 * UTC: {@code cron(minutes hours day-of-month month day-of-week year)}.
 *
 * <p>Fields: minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or
 * SUN-SAT (1 is Sunday), year 1970-2199. Every field takes {@code *}, lists ({@code ,}), ranges
 * ({@code -}) and increments ({@code /}). Exactly one of the two day fields is {@code ?}.
 * Day-of-month also takes {@code L} (the last day), {@code LW} (the last weekday) and {@code 15W}
 * (the weekday nearest the 15th, never leaving the month); day-of-week takes {@code L} (Saturday),
 * {@code 5L} (the last Thursday) and {@code 3#2} (the second Tuesday). {@code L}, {@code W} and
 * {@code #} stand alone in their field.
 *
 * <p>Ranges never wrap ({@code FRI-MON} is refused: write {@code FRI-SAT,SUN-MON}), so an
 * expression means the same here as on AWS or is refused with a message saying how to write it.
 */
public final class AwsCron {
  public static final int MIN_YEAR = 1970;
  public static final int MAX_YEAR = 2199;

  /** The field order, for messages. */
  private static final String FIELDS = "minutes hours day-of-month month day-of-week year";

  /**
   * How many steps {@link #next} may take before it gives up. A step moves at least to the next
   * minute, hour, day, month or year that can match, so 230 years of days fit well inside.
   */
  static final int MAX_STEPS = 1_000_000;

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private static final Pattern WRAPPED = Pattern.compile("(?is)^\\s*cron\\s*\\((.*)\\)\\s*$");
  private static final Pattern NEAREST_WEEKDAY = Pattern.compile("(\\d+)W");
  private static final Pattern LAST_WEEKDAY_OF = Pattern.compile("([0-9A-Z]+)L");
  private static final Pattern NTH_WEEKDAY = Pattern.compile("([0-9A-Z]+)#(\\d+)");

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet months;
  private final BitSet years;
  private final DayRule days;

  private AwsCron(
      String expression, BitSet minutes, BitSet hours, BitSet months, BitSet years, DayRule days) {
    this.expression = expression;
    this.minutes = minutes;
    this.hours = hours;
    this.months = months;
    this.years = years;
    this.days = days;
  }

  /**
   * Parses {@code cron(...)} or the six fields alone.
   *
   * @param key what the expression configures, named in the message of a {@link ConfigException}
   * @throws ConfigException when the text is not a valid AWS cron expression
   */
  public static AwsCron parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(key, "the schedule is empty", "write e.g. cron(15 * * * ? *)");
    }
    Matcher wrapped = WRAPPED.matcher(text);
    String body = wrapped.matches() ? wrapped.group(1) : text;
    if (!wrapped.matches() && text.strip().toLowerCase(Locale.ROOT).startsWith("rate(")) {
      throw new ConfigException(
          key,
          "'" + text + "' is a rate expression, which Glue schedules do not take",
          "write a cron expression, e.g. cron(0 * * * ? *) for every hour");
    }
    String[] fields = body.strip().isEmpty() ? new String[0] : body.strip().split("\\s+");
    if (fields.length != 6) {
      throw new ConfigException(
          key,
          "'"
              + text
              + "' has "
              + fields.length
              + " field(s); an AWS cron expression has six: "
              + FIELDS,
          fieldCountFix(fields.length));
    }
    var parser = new FieldParser(key, text);
    BitSet minutes = parser.plain("minutes", fields[0], 0, 59, List.of());
    BitSet hours = parser.plain("hours", fields[1], 0, 23, List.of());
    BitSet months = parser.plain("month", fields[3], 1, 12, MONTHS);
    BitSet years = parser.plain("year", fields[5], MIN_YEAR, MAX_YEAR, List.of());
    DayRule days = parser.days(fields);
    String normalized = "cron(" + String.join(" ", fields) + ")";
    return new AwsCron(normalized, minutes, hours, months, years, days);
  }

  private static String fieldCountFix(int count) {
    if (count == 5) {
      return "a five-field Unix cron has no year: append ' *' (and put ? in one of the two day"
          + " fields), e.g. cron(15 * * * ? *)";
    }
    if (count == 7) {
      return "a seven-field Quartz cron starts with seconds, which AWS does not take: drop the"
          + " first field";
    }
    return "write six fields separated by spaces, e.g. cron(15 * * * ? *)";
  }

  /** The expression as {@code cron(...)}, with its fields separated by single spaces. */
  public String expression() {
    return expression;
  }

  /**
   * The first fire time strictly after {@code after}, or empty when there is none before the end of
   * {@value #MAX_YEAR} (the expression names only past years or days that never come, such as the
   * 30th of February).
   */
  public Optional<Instant> next(Instant after) {
    LocalDateTime t =
        LocalDateTime.ofInstant(after, ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    for (int step = 0; step < MAX_STEPS; step++) {
      int year = t.getYear();
      if (year > MAX_YEAR) {
        return Optional.empty();
      }
      if (!years.get(year)) {
        int nextYear = years.nextSetBit(Math.max(year + 1, MIN_YEAR));
        if (nextYear < 0) {
          return Optional.empty();
        }
        t = LocalDateTime.of(nextYear, 1, 1, 0, 0);
        continue;
      }
      if (!months.get(t.getMonthValue())) {
        int nextMonth = months.nextSetBit(t.getMonthValue() + 1);
        t =
            nextMonth < 0
                ? LocalDateTime.of(year + 1, 1, 1, 0, 0)
                : LocalDateTime.of(year, nextMonth, 1, 0, 0);
        continue;
      }
      if (!days.matches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (!hours.get(t.getHour())) {
        int nextHour = hours.nextSetBit(t.getHour() + 1);
        t =
            nextHour < 0
                ? t.toLocalDate().plusDays(1).atStartOfDay()
                : t.toLocalDate().atTime(nextHour, 0);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        int nextMinute = minutes.nextSetBit(t.getMinute() + 1);
        t =
            nextMinute < 0
                ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1)
                : t.withMinute(nextMinute);
        continue;
      }
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    }
    return Optional.empty();
  }

  /**
   * The shortest time between two fires, in minutes, assuming every day can fire (so it may be
   * shorter than the true interval, never longer). Glue refuses schedules faster than every five
   * minutes.
   */
  public int shortestIntervalMinutes() {
    int shortest = Integer.MAX_VALUE;
    int previous = -1;
    for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
      if (previous >= 0) {
        shortest = Math.min(shortest, m - previous);
      }
      previous = m;
    }
    boolean consecutiveHours = false;
    for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
      consecutiveHours |= hours.get((h + 1) % 24);
    }
    if (consecutiveHours) {
      // The last minute of one hour to the first of the next.
      shortest = Math.min(shortest, 60 - minutes.length() + 1 + minutes.nextSetBit(0));
    }
    return shortest;
  }

  @Override
  public String toString() {
    return expression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AwsCron other && other.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  // -----------------------------------------------------------------------------------------------
  // Day rules

  /** Which dates can fire: the one day field that is not {@code ?}. */
  private sealed interface DayRule {
    boolean matches(LocalDate date);
  }

  /** Days of the month from a set: {@code 1,15}, {@code 1-7}, {@code 1/2}, {@code *}. */
  private record DaysOfMonth(BitSet days) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.get(date.getDayOfMonth());
    }
  }

  /** {@code L}: the last day of the month. */
  private record LastDayOfMonth() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == date.lengthOfMonth();
    }
  }

  /** {@code LW}: the last Monday-to-Friday of the month. */
  private record LastWeekdayOfMonth() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      LocalDate last = date.withDayOfMonth(date.lengthOfMonth());
      return date.getDayOfMonth() == nearestWeekday(last).getDayOfMonth();
    }
  }

  /**
   * {@code 15W}: the Monday-to-Friday nearest the 15th, in the same month: a Saturday moves to the
   * Friday before unless that is in the previous month (then to the Monday after), a Sunday to the
   * Monday after unless that is in the next month (then to the Friday before). No fire in a month
   * without that day.
   */
  private record NearestWeekday(int day) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      if (day > date.lengthOfMonth()) {
        return false;
      }
      return date.getDayOfMonth() == nearestWeekday(date.withDayOfMonth(day)).getDayOfMonth();
    }
  }

  private static LocalDate nearestWeekday(LocalDate date) {
    int length = date.lengthOfMonth();
    int day = date.getDayOfMonth();
    return switch (date.getDayOfWeek()) {
      case SATURDAY -> day > 1 ? date.minusDays(1) : date.plusDays(2);
      case SUNDAY -> day < length ? date.plusDays(1) : date.minusDays(2);
      default -> date;
    };
  }

  /** Days of the week from a set, 1 (Sunday) to 7 (Saturday). */
  private record DaysOfWeek(BitSet days) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.get(awsDayOfWeek(date.getDayOfWeek()));
    }
  }

  /** {@code 5L}: the last such day of the week in the month (5L: the last Thursday). */
  private record LastDayOfWeekInMonth(int dayOfWeek) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return awsDayOfWeek(date.getDayOfWeek()) == dayOfWeek
          && date.getDayOfMonth() + 7 > date.lengthOfMonth();
    }
  }

  /** {@code 3#2}: the nth such day of the week in the month (3#2: the second Tuesday). */
  private record NthDayOfWeekInMonth(int dayOfWeek, int nth) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return awsDayOfWeek(date.getDayOfWeek()) == dayOfWeek
          && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
    }
  }

  /** AWS numbers the days of the week from 1 (Sunday) to 7 (Saturday). */
  static int awsDayOfWeek(DayOfWeek day) {
    return day.getValue() % 7 + 1;
  }

  // -----------------------------------------------------------------------------------------------
  // Parsing

  /** Parses the fields of one expression, naming it and the field in every message. */
  private static final class FieldParser {
    private final String key;
    private final String text;

    FieldParser(String key, String text) {
      this.key = key;
      this.text = text;
    }

    private ConfigException error(String field, String value, String problem, String fix) {
      return new ConfigException(
          key, "in '" + text + "', the " + field + " field '" + value + "' " + problem, fix);
    }

    DayRule days(String[] fields) {
      String dayOfMonth = fields[2];
      String dayOfWeek = fields[4];
      boolean anyMonthDay = dayOfMonth.equals("?");
      boolean anyWeekDay = dayOfWeek.equals("?");
      if (anyMonthDay && anyWeekDay) {
        throw new ConfigException(
            key,
            "in '" + text + "', both day-of-month and day-of-week are ?",
            "put ? in only one of them and a value or * in the other, e.g. "
                + withDays(fields, "*", "?"));
      }
      if (!anyMonthDay && !anyWeekDay) {
        throw new ConfigException(
            key,
            "in '"
                + text
                + "', day-of-month '"
                + dayOfMonth
                + "' and day-of-week '"
                + dayOfWeek
                + "' are both set; AWS needs ? in one of them",
            "write ? in the field you do not mean: "
                + withDays(fields, dayOfMonth, "?")
                + " or "
                + withDays(fields, "?", dayOfWeek));
      }
      return anyWeekDay ? dayOfMonth(dayOfMonth) : dayOfWeek(dayOfWeek);
    }

    private static String withDays(String[] fields, String dayOfMonth, String dayOfWeek) {
      return "cron("
          + String.join(" ", fields[0], fields[1], dayOfMonth, fields[3], dayOfWeek, fields[5])
          + ")";
    }

    private DayRule dayOfMonth(String value) {
      String field = "day-of-month";
      String upper = value.toUpperCase(Locale.ROOT);
      if (upper.equals("L")) {
        return new LastDayOfMonth();
      }
      if (upper.equals("LW")) {
        return new LastWeekdayOfMonth();
      }
      if (upper.contains("W") || upper.contains("L")) {
        standsAlone(field, value, upper.contains("W") ? "W" : "L");
        if (upper.startsWith("L-")) {
          throw error(
              field,
              value,
              "counts back from the last day, which AWS does not document",
              "use L (the last day) or LW (the last weekday)");
        }
        Matcher w = NEAREST_WEEKDAY.matcher(upper);
        if (!w.matches()) {
          throw error(
              field,
              value,
              "is not a day with W or L",
              "write e.g. 15W (the weekday nearest the 15th), LW or L");
        }
        int day = number(field, value, w.group(1), 1, 31, List.of());
        return new NearestWeekday(day);
      }
      return new DaysOfMonth(plain(field, value, 1, 31, List.of()));
    }

    private DayRule dayOfWeek(String value) {
      String field = "day-of-week";
      String upper = value.toUpperCase(Locale.ROOT);
      if (upper.equals("L")) {
        // L alone is the last day of the week: Saturday.
        BitSet saturday = new BitSet();
        saturday.set(7);
        return new DaysOfWeek(saturday);
      }
      if (upper.contains("#")) {
        standsAlone(field, value, "#");
        Matcher nth = NTH_WEEKDAY.matcher(upper);
        if (!nth.matches()) {
          throw error(
              field, value, "is not DAY#N", "write e.g. 3#2 or TUE#2 for the second Tuesday");
        }
        int day = number(field, value, nth.group(1), 1, 7, DAYS);
        int n = number(field, value, nth.group(2), 1, 5, List.of());
        return new NthDayOfWeekInMonth(day, n);
      }
      if (upper.equals("W") || upper.matches(".*[0-9L]W.*")) {
        throw error(
            field,
            value,
            "uses W, which only day-of-month takes",
            "write e.g. 15W in day-of-month");
      }
      if (upper.contains("L")) {
        standsAlone(field, value, "L");
        Matcher last = LAST_WEEKDAY_OF.matcher(upper);
        if (!last.matches()) {
          throw error(field, value, "is not DAYL", "write e.g. 5L or THUL for the last Thursday");
        }
        return new LastDayOfWeekInMonth(number(field, value, last.group(1), 1, 7, DAYS));
      }
      return new DaysOfWeek(plain(field, value, 1, 7, DAYS));
    }

    private void standsAlone(String field, String value, String symbol) {
      if (value.contains(",") || value.contains("/") || value.contains("*")) {
        throw error(
            field,
            value,
            "combines " + symbol + " with a list, a range or an increment",
            "AWS takes " + symbol + " only on its own in a field: write one expression");
      }
    }

    /** A field of values, ranges, increments and {@code *}: the set of values it names. */
    BitSet plain(String field, String value, int min, int max, List<String> names) {
      BitSet set = new BitSet(max + 1);
      if (value.equals("?")) {
        throw error(
            field,
            value,
            "is ?, which only the two day fields take",
            "write * for every " + (field.equals("year") ? "year" : field.replace("s", "")));
      }
      for (String item : value.split(",", -1)) {
        if (item.isEmpty()) {
          throw error(field, value, "has an empty list item", "remove the extra comma");
        }
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
          range = item.substring(0, slash);
          String stepText = item.substring(slash + 1);
          step = number(field, value, stepText, 1, max - min + 1, List.of());
          if (range.isEmpty()) {
            throw error(
                field, value, "has no start before /", "write e.g. 0/15 or */15 for every 15th");
          }
        }
        int from;
        int to;
        if (range.equals("*")) {
          from = min;
          to = max;
        } else if (range.indexOf('-') > 0) {
          int dash = range.indexOf('-');
          from = number(field, value, range.substring(0, dash), min, max, names);
          to = number(field, value, range.substring(dash + 1), min, max, names);
          if (from > to) {
            throw error(
                field,
                value,
                "has the range " + range + ", which runs backwards",
                "write it as two ranges, e.g. "
                    + range.substring(0, dash)
                    + "-"
                    + max(max, names)
                    + ","
                    + max(min, names)
                    + "-"
                    + range.substring(dash + 1));
          }
        } else {
          from = number(field, value, range, min, max, names);
          // a/n runs from a to the end of the field; a alone is just a.
          to = slash >= 0 ? max : from;
        }
        for (int v = from; v <= to; v += step) {
          set.set(v);
        }
      }
      return set;
    }

    private static String max(int value, List<String> names) {
      return names.isEmpty() ? Integer.toString(value) : names.get(value - 1);
    }

    private int number(
        String field, String value, String token, int min, int max, List<String> names) {
      String upper = token.toUpperCase(Locale.ROOT);
      int named = names.indexOf(upper);
      if (named >= 0) {
        return named + 1;
      }
      if (!upper.matches("\\d{1,9}")) {
        String allowed =
            names.isEmpty()
                ? min + "-" + max
                : min + "-" + max + " or " + names.get(0) + "-" + names.get(names.size() - 1);
        throw error(
            field,
            value,
            "has '" + token + "', which is not a number or name",
            "use " + allowed + ", *, lists (,), ranges (-) and increments (/)");
      }
      int n = Integer.parseInt(upper);
      if (n < min || n > max) {
        String hint = field.equals("day-of-week") ? " (1 is Sunday, 7 Saturday)" : "";
        throw error(
            field,
            value,
            "has " + n + ", outside " + min + "-" + max + hint,
            "use values from " + min + " to " + max);
      }
      return n;
    }
  }
}
