package dev.medallion.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.Columns;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Reasons;
import dev.medallion.lake.Lake;
import dev.medallion.run.FileCounts;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummary;
import dev.medallion.testing.SharedSpark;
import dev.medallion.transform.LatePolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A landing file that cannot be read to its end (a truncated gzip) goes to quarantine as one record
 * of type 'file' and is not marked as processed, so the next run reads it again; the good files of
 * the same run are ingested, and not read again by the next run.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnreadableFileIT {
  private static final int GZ_EVENTS = 40;

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path landing;
  static Path good;
  static Path gz;
  static IngestConfig config;
  static Lake lake;
  static List<String> goodUuids;
  static List<String> gzLines;
  static RunSummary first;
  static RunSummary second;

  @BeforeAll
  static void ingestWithATruncatedGzipThenWithTheWholeOne() throws IOException {
    spark = SharedSpark.get();
    landing = tmp.resolve("landing");
    Path events = landing.resolve("events").resolve("2026-11-02");
    Files.createDirectories(events);

    goodUuids = List.of("good-0001", "good-0002", "good-0003");
    good = events.resolve("a-good.jsonl");
    Files.writeString(
        good,
        goodUuids.stream()
                .map(id -> event(id, "2026-11-02T10:00:00Z"))
                .collect(Collectors.joining("\n"))
            + "\n",
        StandardCharsets.UTF_8);

    gzLines = new ArrayList<>();
    for (int i = 0; i < GZ_EVENTS; i++) {
      gzLines.add(event(String.format("gz-%04d", i), "2026-11-02T11:%02d:00+01:00".formatted(i)));
    }
    byte[] whole = gzip(String.join("\n", gzLines) + "\n");
    gz = events.resolve("b-sensors.jsonl.gz");
    Files.write(gz, Arrays.copyOf(whole, whole.length - 12)); // into the deflate data
    Files.setLastModifiedTime(gz, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

    config =
        new IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            LakeLocation.parse("--lake", tmp.resolve("lake").toString()),
            false,
            LatePolicy.KEEP,
            Duration.ofDays(3));
    lake = new Lake(spark, config.lake());

    first = new IngestJob(spark, Progress.silent()).run(config);
    snapshotFirstRun();

    // The producer uploads the file again, complete this time.
    Files.write(gz, whole);
    assertThat(Files.size(gz)).isNotEqualTo(whole.length - 12);
    second = new IngestJob(spark, Progress.silent()).run(config);
  }

  static long cleansedAfterFirst;
  static long rawAfterFirst;
  static List<Row> quarantineAfterFirst;

  private static void snapshotFirstRun() {
    cleansedAfterFirst = lake.read(LakeTable.CLEANSED_EVENTS).count();
    rawAfterFirst = lake.read(LakeTable.RAW_EVENTS).count();
    quarantineAfterFirst = lake.read(LakeTable.QUARANTINE_RECORDS).collectAsList();
  }

  private static String event(String uuid, String ts) {
    return "{\"event_uuid\":\""
        + uuid
        + "\",\"event_type\":\"sensor_reading\",\"event_subtype\":\"temperature\","
        + "\"event_ts\":\""
        + ts
        + "\",\"device_id\":\"dev-001\",\"value\":21.5}";
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** The rows of a table that came from one landing file (whichever way its URI is spelled). */
  private static Column from(Path file) {
    return col(Columns.SOURCE).endsWith("/" + file.getFileName());
  }

  private static Set<String> uuidsFrom(Path file) {
    return lake
        .read(LakeTable.CLEANSED_EVENTS)
        .where(from(file))
        .select(Columns.EVENT_UUID)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  void theFirstRunReportsTheUnreadableFileAsFailed() {
    FileCounts files = first.files().get("events");
    assertThat(files.read()).isEqualTo(1);
    assertThat(files.failed()).hasSize(1);
    assertThat(files.failed().get(0)).contains("b-sensors.jsonl.gz");
    assertThat(first.status()).isEqualTo("SUCCEEDED");
    assertThat(first.message()).contains("could not be read").contains("next run");
  }

  @Test
  @Order(2)
  void theGoodFileOfTheFirstRunReachesCleansedAndNothingOfTheBadOne() {
    assertThat(cleansedAfterFirst).isEqualTo(goodUuids.size());
    assertThat(rawAfterFirst).isEqualTo(goodUuids.size());
    RecordCounts events = first.records().get("events");
    assertThat(events.read()).isEqualTo(goodUuids.size());
    assertThat(events.cleansed()).isEqualTo(goodUuids.size());
    assertThat(events.duplicates()).isZero();
    assertThat(events.quarantined()).isZero();
    assertThat(events.balanced()).isTrue();
    first.records().values().forEach(c -> assertThat(c.balanced()).isTrue());
  }

  @Test
  @Order(3)
  void theUnreadableFileIsOneQuarantineRecordOfTypeFile() {
    assertThat(quarantineAfterFirst).hasSize(1);
    Row q = quarantineAfterFirst.get(0);
    assertThat(q.<String>getAs(Columns.RECORD_TYPE)).isEqualTo("file");
    assertThat(q.<String>getList(q.fieldIndex(Columns.REASONS)))
        .containsExactly(Reasons.UNREADABLE_FILE);
    assertThat(Path.of(URI.create(q.<String>getAs(Columns.SOURCE)))).isEqualTo(gz);
    assertThat(q.<String>getAs(Columns.REASON_DETAIL)).contains("b-sensors.jsonl.gz");
    assertThat(q.<Long>getAs(Columns.INGEST_RUN)).isEqualTo(1L);
  }

  @Test
  @Order(4)
  void theNextRunReadsTheRewrittenFileAndNotTheGoodOneAgain() {
    FileCounts files = second.files().get("events");
    assertThat(files.read()).isEqualTo(1);
    assertThat(files.failed()).isEmpty();
    assertThat(second.message()).isNull();
    RecordCounts events = second.records().get("events");
    assertThat(events.read()).isEqualTo(GZ_EVENTS);
    assertThat(events.cleansed()).isEqualTo(GZ_EVENTS);
    assertThat(events.balanced()).isTrue();

    assertThat(uuidsFrom(gz)).hasSize(GZ_EVENTS).contains("gz-0000", "gz-0039");
    assertThat(uuidsFrom(good)).containsExactlyInAnyOrderElementsOf(goodUuids);
    assertThat(lake.read(LakeTable.CLEANSED_EVENTS).count())
        .isEqualTo(goodUuids.size() + GZ_EVENTS);
    // raw holds the good file's lines once: it was not read again.
    assertThat(lake.read(LakeTable.RAW_EVENTS).where(from(good)).count())
        .isEqualTo(goodUuids.size());
    assertThat(lake.read(LakeTable.RAW_EVENTS).where(from(gz)).count()).isEqualTo(GZ_EVENTS);
    // The first run's file record stays as history; nothing new was quarantined.
    assertThat(lake.read(LakeTable.QUARANTINE_RECORDS).count()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aThirdRunFindsNothingNew() {
    RunSummary third = new IngestJob(spark, Progress.silent()).run(config);

    assertThat(third.files().get("events").read()).isZero();
    assertThat(third.files().get("events").failed()).isEmpty();
    assertThat(third.records().get("events").read()).isZero();
    assertThat(lake.read(LakeTable.CLEANSED_EVENTS).count())
        .isEqualTo(goodUuids.size() + GZ_EVENTS);
  }

  @Test
  @Order(6)
  void aNewFileOlderThanEveryProcessedOneIsStillReadWithinTheBookmarksBand() throws IOException {
    // Copied in with its original time, a minute before the good file's: it lists first, before
    // files already processed, and is inside the band before the bookmark (see BookmarkIT for a
    // file older than the band).
    Path old = landing.resolve("events").resolve("2026-11-01").resolve("c-backfill.jsonl");
    Files.createDirectories(old.getParent());
    Files.writeString(
        old,
        event("old-0001", "2026-11-02T09:00:00Z")
            + "\n"
            + event("old-0002", "2026-11-02T09:01:00Z"),
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(
        old, FileTime.fromMillis(Files.getLastModifiedTime(good).toMillis() - 60_000L));

    RunSummary fourth = new IngestJob(spark, Progress.silent()).run(config);

    assertThat(fourth.files().get("events").read()).isEqualTo(1);
    assertThat(fourth.records().get("events").read()).isEqualTo(2);
    assertThat(uuidsFrom(old)).containsExactlyInAnyOrder("old-0001", "old-0002");
    assertThat(lake.read(LakeTable.RAW_EVENTS).where(from(good)).count())
        .isEqualTo(goodUuids.size());
    assertThat(lake.read(LakeTable.RAW_EVENTS).where(from(gz)).count()).isEqualTo(GZ_EVENTS);
  }
}
