package dev.medallion.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.Reasons;
import dev.medallion.contract.Schemas;
import dev.medallion.testing.SharedSpark;
import dev.medallion.validate.Rfc4180;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing landing files in ingest order and reading them line by line or record by record. */
class LandingReaderTest {
  private static final long T0 = 1_793_613_600_000L; // 2026-11-02T10:00:00Z

  @TempDir Path landing;
  private LandingReader reader;

  @BeforeEach
  void reader() {
    reader = new LandingReader(SharedSpark.get());
  }

  private String root() {
    return LakeLocation.parse("--landing", landing.toString()).uri();
  }

  private static String uri(Path file) {
    return LakeLocation.parse("--x", file.toString()).uri();
  }

  /** The local file a listed URI names, whichever way the file system spells the URI. */
  private static Path local(String uri) {
    return Path.of(URI.create(uri)).toAbsolutePath().normalize();
  }

  private static Path local(LandingFile file) {
    return local(file.path());
  }

  private static Path source(Row r) {
    return local(r.<String>getAs(Columns.SOURCE));
  }

  private static Path write(Path file, byte[] bytes, long mtime) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    return file;
  }

  private static Path write(Path file, String text, long mtime) throws IOException {
    return write(file, text.getBytes(StandardCharsets.UTF_8), mtime);
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content);
    }
    return bytes.toByteArray();
  }

  private static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private static LandingFile file(Path p) throws IOException {
    return new LandingFile(uri(p), Files.size(p), Files.getLastModifiedTime(p).toMillis());
  }

  /** The rows, in (file index, line) order. */
  private static List<Row> rows(Dataset<Row> ds) {
    List<Row> rows = new ArrayList<>(ds.collectAsList());
    rows.sort(
        Comparator.<Row>comparingInt(r -> r.getAs(Columns.FILE_INDEX))
            .thenComparingLong(r -> r.getAs(Columns.LINE)));
    return rows;
  }

  private static String record(Row r) {
    return r.getAs(Columns.RECORD);
  }

  private static long line(Row r) {
    return r.<Long>getAs(Columns.LINE);
  }

  private static String error(Row r) {
    return r.getAs(Columns.READ_ERROR);
  }

  // ---------------------------------------------------------------------------------------------
  // Listing

  @Test
  void listsAKindsFilesByModificationTimeThenPath() throws IOException {
    Path events = landing.resolve("events");
    // Name order would be a, b, sub/c, z; modification times make it b, sub/c, z, a.
    Path a =
        write(
            events.resolve("a.jsonl.gz"), gzip("{}\n".getBytes(StandardCharsets.UTF_8)), T0 + 3000);
    Path b = write(events.resolve("b.jsonl"), "{}\n", T0 + 1000);
    Path c = write(events.resolve("sub").resolve("c.json"), "{}\n{}\n", T0 + 1000);
    Path z = write(events.resolve("z.JSONL"), "{}\n", T0 + 2000);

    LandingReader.Listing listing = reader.list(root(), LandingKind.EVENTS);

    assertThat(listing.files())
        .extracting(LandingReaderTest::local)
        .containsExactly(abs(b), abs(c), abs(z), abs(a));
    assertThat(listing.files())
        .extracting(LandingFile::size, LandingFile::modificationTime)
        .containsExactly(
            tuple(Files.size(b), T0 + 1000),
            tuple(Files.size(c), T0 + 1000),
            tuple(Files.size(z), T0 + 2000),
            tuple(Files.size(a), T0 + 3000));
    assertThat(listing.files().get(0).size()).isEqualTo(3);
    assertThat(listing.files().get(0).modificationTime()).isEqualTo(T0 + 1000);
    assertThat(listing.ignored()).isEmpty();
  }

  @Test
  void skipsHiddenUnderscoreAndForeignFilesAndReportsThemAsIgnored() throws IOException {
    Path events = landing.resolve("events");
    Path good = write(events.resolve("good.jsonl"), "{}\n", T0);
    Path hidden = write(events.resolve(".hidden.jsonl"), "{}\n", T0);
    Path success = write(events.resolve("_SUCCESS"), "", T0);
    Path temporary = write(events.resolve("_temporary.jsonl"), "{}\n", T0);
    Path notes = write(events.resolve("notes.txt"), "hello\n", T0);
    Path csv = write(events.resolve("2026").resolve("data.csv"), "a,b\n", T0);
    // Other kinds' directories are not this kind's files.
    write(landing.resolve("users").resolve("users.csv"), "user_id\n", T0);

    LandingReader.Listing listing = reader.list(root(), LandingKind.EVENTS);

    assertThat(listing.files()).extracting(LandingReaderTest::local).containsExactly(abs(good));
    // Not read, but reported, so that the run summary shows them.
    assertThat(listing.ignored())
        .extracting(LandingReaderTest::local)
        .containsExactlyInAnyOrder(abs(hidden), abs(success), abs(temporary), abs(csv), abs(notes));
  }

  /** The local path a listed path names, however Hadoop spells it (spaces, % signs as is). */
  private static String hadoopLocal(String path) {
    return new org.apache.hadoop.fs.Path(path).toUri().getPath();
  }

  @Test
  void aFileNameWithASpaceAndAPercentSignIsListedAndRead() throws IOException {
    Path odd =
        write(landing.resolve("events").resolve("a b%20c.jsonl"), "{\"n\":1}\n{\"n\":2}\n", T0);
    Path plain = write(landing.resolve("events").resolve("plain.jsonl"), "{\"n\":3}\n", T0 + 1);

    LandingReader.Listing listing = reader.list(root(), LandingKind.EVENTS);

    assertThat(listing.ignored()).isEmpty();
    assertThat(listing.files())
        .extracting(f -> hadoopLocal(f.path()))
        .containsExactly(abs(odd).toString(), abs(plain).toString());
    assertThat(listing.files().get(0).size()).isEqualTo(Files.size(odd));

    List<Row> rows = rows(reader.readLines(listing.files()));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(rows).extracting(LandingReaderTest::error).containsOnlyNulls();
    assertThat(rows).noneMatch(r -> line(r) == LandingReader.FILE_FAILURE_LINE);
    assertThat(rows.get(0).<String>getAs(Columns.SOURCE)).isEqualTo(listing.files().get(0).path());
  }

  @Test
  void aCsvFileNameWithASpaceAndAPercentSignIsRead() throws IOException {
    write(landing.resolve("users").resolve("my users%2B.csv"), "user_id,name\nu1,Ann\n", T0);

    LandingReader.Listing listing = reader.list(root(), LandingKind.USERS);
    List<Row> rows = rows(reader.readCsvRecords(listing.files(), "user_id"));

    assertThat(rows).extracting(LandingReaderTest::record).containsExactly("u1,Ann");
    assertThat(rows).extracting(LandingReaderTest::error).containsOnlyNulls();
  }

  @Test
  void filesBelowADirectoryStartingWithAnUnderscoreOrADotAreIgnoredAndReported()
      throws IOException {
    Path events = landing.resolve("events");
    Path good = write(events.resolve("good.jsonl"), "{}\n", T0);
    // An underscore or a dot inside a name is not special; only at the start of a name.
    Path inner = write(events.resolve("a_b.c").resolve("fine.jsonl"), "{}\n", T0 + 1);
    Path temporary = write(events.resolve("_temporary").resolve("part-0.jsonl"), "{}\n", T0);
    Path hidden = write(events.resolve(".hidden").resolve("x.jsonl"), "{}\n", T0);
    Path deep =
        write(
            events.resolve("2026").resolve("_staging").resolve("more").resolve("y.jsonl"),
            "{}\n",
            T0);

    LandingReader.Listing listing = reader.list(root(), LandingKind.EVENTS);

    assertThat(listing.files())
        .extracting(LandingReaderTest::local)
        .containsExactly(abs(good), abs(inner));
    assertThat(listing.ignored())
        .extracting(LandingReaderTest::local)
        .containsExactlyInAnyOrder(abs(temporary), abs(hidden), abs(deep));
    assertThat(reader.readLines(listing.files()).count()).isEqualTo(2);
  }

  @Test
  void aLandingRootBelowAnUnderscoreOrDotDirectoryIsStillRead() throws IOException {
    Path root = landing.resolve("_incoming").resolve(".landing");
    Path f = write(root.resolve("events").resolve("e.jsonl"), "{}\n", T0);

    LandingReader.Listing listing =
        reader.list(LakeLocation.parse("--landing", root.toString()).uri(), LandingKind.EVENTS);

    assertThat(listing.files()).extracting(LandingReaderTest::local).containsExactly(abs(f));
    assertThat(listing.ignored()).isEmpty();
  }

  @Test
  void aKindWithoutADirectoryHasNoFiles() {
    LandingReader.Listing listing = reader.list(root(), LandingKind.TRANSACTIONS);

    assertThat(listing.files()).isEmpty();
    assertThat(listing.ignored()).isEmpty();
    Dataset<Row> none = reader.readCsvRecords(listing.files(), "user_id");
    assertThat(none.schema()).isEqualTo(Schemas.LANDED_CSV_RECORD);
    assertThat(none.count()).isZero();
    assertThat(reader.readLines(List.of()).schema()).isEqualTo(Schemas.LANDED_LINE);
  }

  // ---------------------------------------------------------------------------------------------
  // JSON lines

  @Test
  void readsLinesWithTheirNumbersWithoutBlankLinesCrOrByteOrderMark() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    content.write("{\"a\":1}\r\n".getBytes(StandardCharsets.UTF_8)); // 1
    content.write("\r\n".getBytes(StandardCharsets.UTF_8)); // 2: blank
    content.write("{\"b\":\"ünïcödé\"}\n".getBytes(StandardCharsets.UTF_8)); // 3
    content.write("   \n".getBytes(StandardCharsets.UTF_8)); // 4: blank
    content.write("{\"c\":\"".getBytes(StandardCharsets.UTF_8)); // 5: invalid UTF-8
    content.write(0xFF);
    content.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    content.write("{\"d\":4}".getBytes(StandardCharsets.UTF_8)); // 6: no final line feed
    Path f = write(landing.resolve("events").resolve("lines.jsonl"), content.toByteArray(), T0);

    List<Row> rows = rows(reader.readLines(List.of(file(f))));

    assertThat(rows).extracting(LandingReaderTest::line).containsExactly(1L, 3L, 5L, 6L);
    assertThat(record(rows.get(0))).isEqualTo("{\"a\":1}");
    assertThat(record(rows.get(1))).isEqualTo("{\"b\":\"ünïcödé\"}");
    assertThat(record(rows.get(2))).startsWith("{\"c\":\"").endsWith("\"}");
    assertThat(record(rows.get(3))).isEqualTo("{\"d\":4}");
    assertThat(error(rows.get(0))).isNull();
    assertThat(error(rows.get(1))).isNull();
    assertThat(error(rows.get(2))).isNotNull().contains("UTF-8").contains("5");
    assertThat(error(rows.get(3))).isNull();
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.<String>getAs(Columns.SOURCE)).isEqualTo(uri(f));
              assertThat(r.<Integer>getAs(Columns.FILE_INDEX)).isZero();
            });
  }

  @Test
  void anInvalidUtf8LineCarriesTheInvalidUtf8ReasonCode() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write("{\"a\":\"".getBytes(StandardCharsets.UTF_8));
    content.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // a lead byte without its continuation
    content.write("\"}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
    Path f = write(landing.resolve("events").resolve("bad.jsonl"), content.toByteArray(), T0);

    List<Row> rows = rows(reader.readLines(List.of(file(f))));

    assertThat(rows).hasSize(2);
    assertThat(error(rows.get(0))).startsWith(Reasons.INVALID_UTF8 + ":");
    assertThat(error(rows.get(1))).isNull();
    assertThat(record(rows.get(1))).isEqualTo("{\"b\":2}");
  }

  @Test
  void aLineOverTheLimitIsCutAndFlaggedAndTheNextLineIsReadNormally() throws IOException {
    // One JSON line of about 17 MiB (over the 16 MiB limit), then a normal one.
    String prefix = "{\"event_uuid\":\"huge\",\"event_type\":\"click\",\"pad\":\"";
    int padding = LineReader.MAX_LINE_BYTES + (1 << 20);
    Path f = landing.resolve("events").resolve("huge.jsonl");
    Files.createDirectories(f.getParent());
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      out.write(prefix.getBytes(StandardCharsets.UTF_8));
      byte[] xs = new byte[1 << 16];
      Arrays.fill(xs, (byte) 'x');
      for (int written = 0; written < padding; written += xs.length) {
        out.write(xs, 0, Math.min(xs.length, padding - written));
      }
      out.write("\"}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
    }

    List<Row> rows = rows(reader.readLines(List.of(file(f))));

    assertThat(rows).hasSize(2);
    Row cut = rows.get(0);
    assertThat(line(cut)).isEqualTo(1);
    assertThat(error(cut)).startsWith(Reasons.RECORD_TOO_LARGE + ":");
    assertThat(record(cut))
        .hasSize(LineReader.KEPT_BYTES)
        .startsWith(prefix)
        .isEqualTo(prefix + "x".repeat(LineReader.KEPT_BYTES - prefix.length()));
    Row next = rows.get(1);
    assertThat(line(next)).isEqualTo(2);
    assertThat(record(next)).isEqualTo("{\"n\":2}");
    assertThat(error(next)).isNull();
    assertThat(rows).noneMatch(r -> line(r) == LandingReader.FILE_FAILURE_LINE);
  }

  @Test
  void aByteOrderMarkIsOnlyDroppedAtTheStartOfTheFile() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
    content.write(bom);
    content.write("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
    Path f = write(landing.resolve("events").resolve("bom.jsonl"), content.toByteArray(), T0);

    List<Row> rows = rows(reader.readLines(List.of(file(f))));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly("{\"a\":1}", "\uFEFF{\"b\":2}");
  }

  @Test
  void readsGzippedJsonLines() throws IOException {
    String text = "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n";
    Path f =
        write(
            landing.resolve("events").resolve("g.jsonl.gz"),
            gzip(text.getBytes(StandardCharsets.UTF_8)),
            T0);

    List<Row> rows = rows(reader.readLines(List.of(file(f))));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(rows).extracting(LandingReaderTest::line).containsExactly(1L, 2L, 4L);
    assertThat(rows).extracting(LandingReaderTest::error).containsOnlyNulls();
  }

  @Test
  void aTruncatedGzipGivesItsRowsThenOneFailureRow() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      lines.add(
          "{\"event_uuid\":\""
              + UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})
              + "\",\"i\":"
              + i
              + "}");
    }
    byte[] whole = gzip((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
    Path bad = write(landing.resolve("events").resolve("cut.jsonl.gz"), truncated, T0 + 2000);
    Path good =
        write(landing.resolve("events").resolve("fine.jsonl"), "{\"x\":1}\n{\"x\":2}\n", T0 + 1000);
    List<LandingFile> files = reader.list(root(), LandingKind.EVENTS).files();
    assertThat(files).extracting(LandingReaderTest::local).containsExactly(abs(good), abs(bad));

    List<Row> rows = new ArrayList<>(reader.readLines(files).collectAsList());

    List<Row> fromGood = rows.stream().filter(r -> source(r).equals(abs(good))).toList();
    assertThat(fromGood)
        .extracting(LandingReaderTest::record)
        .containsExactly("{\"x\":1}", "{\"x\":2}");

    // In the order the reader gave them: the file's rows, then its failure row, last.
    List<Row> fromBad = rows.stream().filter(r -> source(r).equals(abs(bad))).toList();
    assertThat(fromBad.size()).isGreaterThan(1).isLessThan(lines.size());
    List<Row> read = fromBad.subList(0, fromBad.size() - 1);
    for (int i = 0; i < read.size(); i++) {
      Row r = read.get(i);
      assertThat(line(r)).isEqualTo(i + 1);
      assertThat(record(r)).isEqualTo(lines.get(i));
      assertThat(error(r)).isNull();
    }
    Row failure = fromBad.get(fromBad.size() - 1);
    assertThat(line(failure)).isEqualTo(LandingReader.FILE_FAILURE_LINE);
    assertThat(record(failure)).isNull();
    assertThat(error(failure)).contains("cut.jsonl.gz");
    assertThat(failure.<Integer>getAs(Columns.FILE_INDEX)).isEqualTo(1);
    assertThat(rows).filteredOn(r -> line(r) == LandingReader.FILE_FAILURE_LINE).hasSize(1);
  }

  @Test
  void aGzipCutInsideItsTrailerStillFails() throws IOException {
    byte[] whole = gzip("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(whole, whole.length - 4); // half of the size field
    Path bad = write(landing.resolve("events").resolve("trailer.jsonl.gz"), truncated, T0);

    List<Row> rows = new ArrayList<>(reader.readLines(List.of(file(bad))).collectAsList());

    assertThat(rows).filteredOn(r -> line(r) == LandingReader.FILE_FAILURE_LINE).hasSize(1);
    assertThat(rows.get(rows.size() - 1).<Long>getAs(Columns.LINE))
        .isEqualTo(LandingReader.FILE_FAILURE_LINE);
  }

  @Test
  void theFileIndexFollowsTheListOrder() throws IOException {
    Path events = landing.resolve("events");
    Path a = write(events.resolve("a.jsonl"), "{\"f\":\"a\"}\n", T0 + 3000);
    Path b = write(events.resolve("b.jsonl"), "{\"f\":\"b\"}\n{\"f\":\"b\"}\n", T0 + 1000);
    Path c = write(events.resolve("c.json"), "{\"f\":\"c\"}\n", T0 + 2000);
    List<LandingFile> files = reader.list(root(), LandingKind.EVENTS).files();
    assertThat(files).extracting(LandingReaderTest::local).containsExactly(abs(b), abs(c), abs(a));

    List<Row> rows = rows(reader.readLines(files));

    assertThat(rows).hasSize(4);
    for (Row r : rows) {
      int index = r.getAs(Columns.FILE_INDEX);
      assertThat(r.<String>getAs(Columns.SOURCE)).isEqualTo(files.get(index).path());
    }
    assertThat(rows)
        .extracting(r -> r.<Integer>getAs(Columns.FILE_INDEX))
        .containsExactly(0, 0, 1, 2);
  }

  // ---------------------------------------------------------------------------------------------
  // CSV

  @Test
  void readsCsvRecordsAfterTheHeaderWithTheirFirstLine() throws IOException {
    String header = "user_id,name,email";
    String text =
        "\uFEFF"
            + header
            + "\r\n" // 1
            + "u1,\"Smith, Jr.\",a@x\r\n" // 2
            + "u2,\"multi\r\nline\",b@x\r\n" // 3-4
            + "\r\n" // 5: blank
            + "u3,\"say \"\"hi\"\"\",c@x\r\n" // 6
            + "u4,plain,d@x"; // 7: no final line break
    Path f = write(landing.resolve("users").resolve("users.csv"), text, T0);

    List<Row> rows = rows(reader.readCsvRecords(List.of(file(f)), "user_id"));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly(
            "u1,\"Smith, Jr.\",a@x",
            "u2,\"multi\r\nline\",b@x",
            "u3,\"say \"\"hi\"\"\",c@x",
            "u4,plain,d@x");
    assertThat(rows).extracting(LandingReaderTest::line).containsExactly(2L, 3L, 6L, 7L);
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs(Columns.HEADER)).isEqualTo(header));
    assertThat(rows).extracting(LandingReaderTest::error).containsOnlyNulls();
  }

  @Test
  void readsGzippedCsvAndIndexesFilesInListOrder() throws IOException {
    Path users = landing.resolve("users");
    Path later = write(users.resolve("a-users.csv"), "user_id,name\nu9,Later\n", T0 + 5000);
    Path earlier =
        write(
            users.resolve("b-users.csv.gz"),
            gzip("user_id,name\nu1,Earlier\nu2,Also\n".getBytes(StandardCharsets.UTF_8)),
            T0);
    List<LandingFile> files = reader.list(root(), LandingKind.USERS).files();
    assertThat(files)
        .extracting(LandingReaderTest::local)
        .containsExactly(abs(earlier), abs(later));

    List<Row> rows = rows(reader.readCsvRecords(files, "user_id"));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly("u1,Earlier", "u2,Also", "u9,Later");
    assertThat(rows).extracting(r -> r.<Integer>getAs(Columns.FILE_INDEX)).containsExactly(0, 0, 1);
    assertThat(rows).extracting(LandingReaderTest::line).containsExactly(2L, 3L, 2L);
  }

  @Test
  void aCsvWhoseFirstRecordDoesNotNameTheKeyHasNoHeaderAndThatRecordIsARecord() throws IOException {
    Path f =
        write(
            landing.resolve("users").resolve("headerless.csv"),
            "u1,Ann,ann@example.com\r\nu2,Bob,bob@example.com\r\n",
            T0);

    List<Row> rows = rows(reader.readCsvRecords(List.of(file(f)), "user_id"));

    assertThat(rows)
        .extracting(LandingReaderTest::record)
        .containsExactly("u1,Ann,ann@example.com", "u2,Bob,bob@example.com");
    assertThat(rows).extracting(LandingReaderTest::line).containsExactly(1L, 2L);
    assertThat(rows).extracting(LandingReaderTest::error).containsOnlyNulls();
  }

  @Test
  void aHeaderNamingTheKeyInAnotherCaseWithSpacesIsAHeader() throws IOException {
    Path f = write(landing.resolve("users").resolve("h.csv"), " User_ID ,name\nu1,Ann\n", T0);

    List<Row> rows = rows(reader.readCsvRecords(List.of(file(f)), "user_id"));

    assertThat(rows).extracting(LandingReaderTest::record).containsExactly("u1,Ann");
    assertThat(rows.get(0).<String>getAs(Columns.HEADER)).isEqualTo(" User_ID ,name");
  }

  @Test
  void aCsvRecordOverTheLimitIsFlaggedAndTheFollowingRecordsAreRead() throws IOException {
    // An unclosed quote on line 2 runs past the limit; the records after it still come back.
    StringBuilder text = new StringBuilder("user_id,name\nu1,\"never closed ");
    text.append("y".repeat(Rfc4180.MAX_RECORD_CHARS)).append('\n');
    text.append("u2,Bob\nu3,Cy\n");
    Path f = write(landing.resolve("users").resolve("big.csv"), text.toString(), T0);

    List<Row> rows = rows(reader.readCsvRecords(List.of(file(f)), "user_id"));

    assertThat(rows).hasSize(3);
    assertThat(line(rows.get(0))).isEqualTo(2);
    assertThat(error(rows.get(0))).startsWith(Reasons.RECORD_TOO_LARGE + ":");
    assertThat(record(rows.get(0))).hasSize(Rfc4180.KEPT_CHARS).startsWith("u1,\"never closed y");
    assertThat(rows.subList(1, 3))
        .extracting(LandingReaderTest::record)
        .containsExactly("u2,Bob", "u3,Cy");
    assertThat(rows.subList(1, 3)).extracting(LandingReaderTest::line).containsExactly(3L, 4L);
    assertThat(rows.subList(1, 3)).extracting(LandingReaderTest::error).containsOnlyNulls();
  }

  @Test
  void aHeaderOnlyCsvHasNoRecords() throws IOException {
    Path f = write(landing.resolve("users").resolve("empty.csv"), "user_id,name\r\n", T0);

    assertThat(reader.readCsvRecords(List.of(file(f)), "user_id").count()).isZero();
  }
}
