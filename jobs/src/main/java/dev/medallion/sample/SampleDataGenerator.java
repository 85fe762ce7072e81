package dev.medallion.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medallion.contract.Reasons;
import dev.medallion.validate.Rfc4180;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Generates landing data for the demo and the tests, deterministically from a seed: the same seed
 * gives the same files, byte for byte (gzip members aside, whose bytes depend on the zlib build).
 *
 * <p>The data is laid out as one landing folder per run ({@code run-1/}, {@code run-2/}, ...), each
 * with {@code events/}, {@code users/} and {@code transactions/}, and holds what a real feed does:
 * retries (duplicates within a file, across files and across runs, some with a changed payload so
 * that "first ingested wins" shows), very late sensor readings, malformed and invalid records of
 * many kinds, events of unknown users, timestamps in several offsets that cross midnight UTC, users
 * and transactions with quoted, multi-line and non-ASCII fields, invalid CSV rows, and a later
 * users file that replaces earlier rows.
 *
 * <p>Beside the data it writes {@code expected.json}: for each run, the counts the rules of DESIGN
 * section 3 imply, known from how each record was generated, not by running the pipeline.
 */
public final class SampleDataGenerator {
  /** The day the first run's events happen (UTC). */
  static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 2);

  private static final String[] OFFSETS = {"Z", "+00:00", "+05:30", "-08:00", "+09:00", "-03:00"};
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  private final Random random;
  private final List<Integer> eventsPerRun;
  private final ObjectMapper json = new ObjectMapper();

  private final List<String> userIds = new ArrayList<>();
  private final List<String> transactionIds = new ArrayList<>();
  private final List<String> earlierValidEventLines = new ArrayList<>();

  public SampleDataGenerator(long seed, int eventsPerRun, int runs) {
    this(seed, java.util.Collections.nCopies(runs, eventsPerRun));
  }

  /**
   * Runs of different sizes: {@code eventsPerRun.get(i)} event lines in run {@code i + 1}. With
   * equal sizes it writes exactly what {@link #SampleDataGenerator(long, int, int)} does.
   */
  public SampleDataGenerator(long seed, List<Integer> eventsPerRun) {
    if (eventsPerRun.isEmpty() || eventsPerRun.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException(
          "at least one run, each of at least one event, got " + eventsPerRun);
    }
    this.random = new Random(seed);
    this.eventsPerRun = List.copyOf(eventsPerRun);
  }

  /** The parameters of the checked-in sample data. */
  public static final long DEFAULT_SEED = 20261102L;

  public static final int DEFAULT_EVENTS_PER_RUN = 2500;
  public static final int DEFAULT_RUNS = 2;

  /**
   * How many users and transactions the first run has: {@code u0001} to {@code u0150} and {@code
   * t00001} to {@code t00300}, which the Kinesis producer's events reference too.
   */
  public static final int FIRST_RUN_USERS = 150;

  public static final int FIRST_RUN_TRANSACTIONS = 300;

  /** The id of the {@code n}th user generated (from 1). */
  public static String userId(int n) {
    return String.format("u%04d", n);
  }

  /** The id of the {@code n}th transaction generated (from 1). */
  public static String transactionId(int n) {
    return String.format("t%05d", n);
  }

  public static SampleDataGenerator defaults() {
    return new SampleDataGenerator(DEFAULT_SEED, DEFAULT_EVENTS_PER_RUN, DEFAULT_RUNS);
  }

  /** Counts one run must give; the keys are those of the run summary. */
  static final class Expected {
    final Map<String, Map<String, Object>> kinds = new LinkedHashMap<>();

    Map<String, Object> kind(String name) {
      return kinds.computeIfAbsent(
          name,
          k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("read", 0L);
            m.put("cleansed", 0L);
            m.put("duplicates", 0L);
            m.put("quarantined", 0L);
            m.put("late", 0L);
            m.put("quarantinedByReason", new TreeMap<String, Long>());
            return m;
          });
    }

    void add(String kind, String counter, long n) {
      kind(kind).merge(counter, n, (a, b) -> (Long) a + (Long) b);
    }

    @SuppressWarnings("unchecked")
    void reasons(String kind, List<String> reasons) {
      add(kind, "read", 1);
      add(kind, "quarantined", 1);
      Map<String, Long> byReason = (Map<String, Long>) kind(kind).get("quarantinedByReason");
      for (String r : reasons) {
        byReason.merge(r, 1L, Long::sum);
      }
    }
  }

  /** Writes {@code run-1/ .. run-N/} and {@code expected.json} under {@code out}. */
  public void writeTo(Path out) {
    try {
      Files.createDirectories(out);
      Map<String, Object> expected = new LinkedHashMap<>();
      for (int run = 1; run <= eventsPerRun.size(); run++) {
        Path dir = out.resolve("run-" + run);
        Expected e = new Expected();
        writeUsers(dir.resolve("users"), run, e);
        writeTransactions(dir.resolve("transactions"), run, e);
        writeEvents(dir.resolve("events"), run, e);
        expected.put("run-" + run, e.kinds);
      }
      ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(out.resolve("expected.json"), pretty.writeValueAsString(expected) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sample data to " + out, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // users.csv

  private void writeUsers(Path dir, int run, Expected e) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("user_id,name,email,country,signup_date,segment");
    int count = run == 1 ? FIRST_RUN_USERS : 40;
    int first = userIds.size() + 1;
    for (int i = 0; i < count; i++) {
      String id = userId(first + i);
      userIds.add(id);
      lines.add(userRow(id));
      e.add("users", "read", 1);
      e.add("users", "cleansed", 1);
    }
    if (run > 1) {
      // A later file's row for an existing user replaces the earlier one.
      for (int i = 0; i < 10; i++) {
        String id = userIds.get(i * 3);
        lines.add(
            Rfc4180.format(List.of(id, name(), id + "@example.org", "PL", signup(), "enterprise")));
        e.add("users", "read", 1);
        e.add("users", "cleansed", 1);
      }
      // The same key twice in one run: the later row wins, the earlier counts as replaced.
      String twice = userIds.get(1);
      lines.add(Rfc4180.format(List.of(twice, "First Write", "", "DE", "", "free")));
      lines.add(Rfc4180.format(List.of(twice, "Second Write", "", "FR", "", "pro")));
      e.add("users", "read", 2);
      e.add("users", "cleansed", 1);
      e.add("users", "duplicates", 1);
    }
    // A valid date long before the Gregorian reform: stored as it is.
    String ancient = userId(userIds.size() + 1);
    userIds.add(ancient);
    lines.add(Rfc4180.format(List.of(ancient, "Ada Lovelace", "", "GB", "1500-01-01", "pro")));
    e.add("users", "read", 1);
    e.add("users", "cleansed", 1);
    // Invalid rows, each with every reason it must get.
    lines.add(",Nameless,nobody@example.org,US,2025-01-01,free");
    e.reasons("users", List.of(Reasons.of(Reasons.MISSING_FIELD, "user_id")));
    lines.add("u9000,Bad Date,bad@example.org,US,2025-02-30,free");
    e.reasons("users", List.of(Reasons.of(Reasons.INVALID_FORMAT, "signup_date")));
    lines.add("u9001,Too,Many,Columns,2025-01-01,free,extra");
    e.reasons("users", List.of(Reasons.WRONG_COLUMN_COUNT));
    lines.add("u9002,\"Unclosed quote, still,x,US,2025-01-01,free");
    // An unclosed quote runs to the end of the file: keep it last.
    e.reasons("users", List.of(Reasons.INVALID_QUOTING, Reasons.WRONG_COLUMN_COUNT));
    Files.createDirectories(dir);
    write(dir.resolve(String.format("users-%02d.csv", run)), String.join("\r\n", lines) + "\r\n");
  }

  private String userRow(String id) {
    String name = name();
    int style = random.nextInt(10);
    if (style == 0) {
      name = name + ", Jr."; // a comma: must be quoted
    } else if (style == 1) {
      name = name + " \"The Great\""; // quotes: doubled inside quotes
    } else if (style == 2) {
      name = "山田 太郎";
    }
    String email = random.nextInt(12) == 0 ? "" : id + "@example.com";
    String signup = random.nextInt(15) == 0 ? "" : signup();
    String segment =
        random.nextInt(25) == 0
            ? "note:\nmulti-line segment"
            : Vocabulary.SEGMENTS.get(random.nextInt(3));
    return Rfc4180.format(
        List.of(
            id,
            name,
            email,
            Vocabulary.COUNTRIES.get(random.nextInt(Vocabulary.COUNTRIES.size())),
            signup,
            segment));
  }

  private String name() {
    return Vocabulary.FIRST_NAMES.get(random.nextInt(Vocabulary.FIRST_NAMES.size()))
        + " "
        + Vocabulary.LAST_NAMES.get(random.nextInt(Vocabulary.LAST_NAMES.size()));
  }

  private String signup() {
    return DAY_ONE.minusDays(30 + random.nextInt(900)).toString();
  }

  // ---------------------------------------------------------------------------------------------
  // transactions.csv

  private void writeTransactions(Path dir, int run, Expected e) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("transaction_id,user_id,amount,currency,status,transaction_ts");
    int count = run == 1 ? FIRST_RUN_TRANSACTIONS : 150;
    int first = transactionIds.size() + 1;
    LocalDate day = DAY_ONE.plusDays(run - 1);
    for (int i = 0; i < count; i++) {
      String id = transactionId(first + i);
      transactionIds.add(id);
      String status =
          random.nextInt(10) < 7
              ? "completed"
              : List.of("pending", "failed", "refunded").get(random.nextInt(3));
      BigDecimal amount =
          BigDecimal.valueOf(100 + random.nextInt(50_000))
              .divide(BigDecimal.valueOf(100), 2, RoundingMode.UNNECESSARY);
      String ts = timestamp(day, random.nextInt(86_400));
      lines.add(
          Rfc4180.format(
              List.of(
                  id,
                  userIds.get(random.nextInt(userIds.size())),
                  amount.toPlainString(),
                  Vocabulary.CURRENCIES.get(random.nextInt(Vocabulary.CURRENCIES.size())),
                  status,
                  ts)));
      e.add("transactions", "read", 1);
      e.add("transactions", "cleansed", 1);
    }
    lines.add("t90001,u0001,12.345,USD,completed," + timestamp(day, 100));
    e.reasons("transactions", List.of(Reasons.of(Reasons.INVALID_FORMAT, "amount")));
    lines.add("t90002,u0001,10.00,DOLLARS,shipped," + timestamp(day, 200));
    e.reasons(
        "transactions",
        List.of(
            Reasons.of(Reasons.INVALID_VALUE, "currency"),
            Reasons.of(Reasons.INVALID_VALUE, "status")));
    lines.add("t90003,u0001,10.00,EUR,completed,2026-11-02T10:00:00");
    e.reasons("transactions", List.of(Reasons.of(Reasons.INVALID_FORMAT, "transaction_ts")));
    lines.add("t90004,u0001,,EUR,completed," + timestamp(day, 300));
    e.reasons("transactions", List.of(Reasons.of(Reasons.MISSING_FIELD, "amount")));
    Files.createDirectories(dir);
    write(
        dir.resolve(String.format("transactions-%02d.csv", run)), String.join("\n", lines) + "\n");
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private void writeEvents(Path dir, int run, Expected e) throws IOException {
    LocalDate day = DAY_ONE.plusDays(run - 1);
    int files = 3;
    List<List<byte[]>> fileLines = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      fileLines.add(new ArrayList<>());
    }
    List<String> validThisRun = new ArrayList<>();
    int events = eventsPerRun.get(run - 1);
    for (int i = 0; i < events; i++) {
      int file = (int) ((long) i * files / events);
      List<byte[]> out = fileLines.get(file);
      int roll = random.nextInt(1000);
      if (roll < 25) {
        SyntheticEvents.Malformed bad = malformed(day);
        out.add(bad.bytes());
        e.reasons("events", bad.reasons());
      } else if (roll < 45 && !validThisRun.isEmpty()) {
        // A retry of an event of this run: the same line again, later in the run.
        out.add(utf8(validThisRun.get(random.nextInt(validThisRun.size()))));
        e.add("events", "read", 1);
        e.add("events", "duplicates", 1);
      } else if (roll < 60 && !earlierValidEventLines.isEmpty()) {
        // A retry of an event of an earlier run, with a changed payload: the first one stays.
        String original = earlierValidEventLines.get(random.nextInt(earlierValidEventLines.size()));
        ObjectNode retry = (ObjectNode) json.readTree(original);
        retry.putObject("attributes").put("retry", "1");
        out.add(utf8(retry.toString()));
        e.add("events", "read", 1);
        e.add("events", "duplicates", 1);
      } else {
        boolean late = roll >= 980;
        String line = validEvent(day, late);
        out.add(utf8(line));
        validThisRun.add(line);
        e.add("events", "read", 1);
        e.add("events", "cleansed", 1);
        if (late) {
          e.add("events", "late", 1);
        }
      }
    }
    // A line that is not valid UTF-8 (a 0xFF byte in a string) but otherwise a valid event.
    ByteArrayOutputStream invalid = new ByteArrayOutputStream();
    invalid.write(
        utf8(
            "{\"event_uuid\":\""
                + uuid()
                + "\",\"event_type\":\"click\",\"event_ts\":\""
                + timestamp(day, random.nextInt(86_400))
                + "\",\"event_subtype\":\""));
    invalid.write(0xff);
    invalid.write(utf8("\"}"));
    fileLines.get(0).add(invalid.toByteArray());
    e.reasons("events", List.of(Reasons.INVALID_UTF8));
    // A valid event from the year 1000 (a device with a reset clock): very late, kept.
    fileLines
        .get(1)
        .add(
            utf8(
                "{\"event_uuid\":\""
                    + uuid()
                    + "\",\"event_type\":\"sensor_reading\",\"event_ts\":\"1000-01-01T00:00:00Z\"}"));
    e.add("events", "read", 1);
    e.add("events", "cleansed", 1);
    e.add("events", "late", 1);
    // A timestamp past the year 9999: quarantined.
    fileLines
        .get(2)
        .add(
            utf8(
                "{\"event_uuid\":\""
                    + uuid()
                    + "\",\"event_type\":\"click\",\"event_ts\":\"+10000-01-01T00:00:00Z\"}"));
    e.reasons("events", List.of(Reasons.of(Reasons.INVALID_VALUE, "event_ts")));
    earlierValidEventLines.addAll(validThisRun);

    Path dated = dir.resolve(day.toString());
    Files.createDirectories(dated);
    String[] names = {"a-clickstream.jsonl", "b-sensors.jsonl.gz", "c-mixed.json"};
    for (int f = 0; f < files; f++) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      for (byte[] line : fileLines.get(f)) {
        content.write(line);
        content.write('\n');
        if (random.nextInt(400) == 0) {
          content.write('\n'); // a blank line: not a record
        }
      }
      String name = "run" + run + "-" + names[f];
      Path target = dated.resolve(name);
      if (name.endsWith(".gz")) {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(target))) {
          gz.write(content.toByteArray());
        }
      } else {
        Files.write(target, content.toByteArray());
      }
    }
  }

  private String validEvent(LocalDate day, boolean late) {
    ObjectNode event = json.createObjectNode();
    event.put("event_uuid", uuid());
    String drawn = SyntheticEvents.type(random);
    String type = late ? "sensor_reading" : drawn;
    event.put("event_type", type);
    int second = random.nextInt(86_400);
    LocalDate eventDay = late ? day.minusDays(10 + random.nextInt(20)) : day;
    event.put("event_ts", timestamp(eventDay, second));
    SyntheticEvents.addDetails(event, type, random, userIds, transactionIds);
    return event.toString();
  }

  /** A malformed or invalid event, and the reasons it must be quarantined with. */
  private SyntheticEvents.Malformed malformed(LocalDate day) {
    String ts = timestamp(day, random.nextInt(86_400));
    String id = uuid();
    return SyntheticEvents.malformed(random, id, ts);
  }

  private String timestamp(LocalDate day, int secondOfDay) {
    Instant instant = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(secondOfDay);
    String offset = OFFSETS[random.nextInt(OFFSETS.length)];
    ZoneOffset zone = offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset);
    String text = ISO_SECONDS.format(instant.atOffset(zone));
    return offset.equals("+00:00") ? text.replace("Z", "+00:00") : text;
  }

  private String uuid() {
    return SyntheticEvents.uuid(random);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
