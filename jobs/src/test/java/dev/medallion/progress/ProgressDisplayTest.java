package dev.medallion.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingReader;
import dev.medallion.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the display writes on stderr, on a clock of the test's, in each mode. */
class ProgressDisplayTest {
  private static final long S = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(100 * S);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private ProgressDisplay display(ProgressMode mode) {
    return new ProgressDisplay(mode, err, clock::get, 10 * S, 80);
  }

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void after(long seconds) {
    clock.addAndGet(seconds * S);
  }

  @Test
  void plainPrintsALineEveryIntervalAndOneAtTheEndWithoutCarriageReturns() {
    try (ProgressDisplay display = display(ProgressMode.PLAIN)) {
      Work work = display.open("load t", "rows").expect(Work.Expected.records(1000));
      work.addRecords(100);
      after(4);
      display.tick();
      assertThat(written()).isEmpty();
      work.addRecords(400);
      after(6);
      display.tick();
      assertThat(written()).isEqualTo("load t 0:10  rows 500/1,000  50 rows/s  ETA 0:10\n");
      work.addRecords(500);
      after(2);
      work.close();
      display.tick(); // nothing open: nothing more
    }
    assertThat(written())
        .isEqualTo(
            "load t 0:10  rows 500/1,000  50 rows/s  ETA 0:10\n"
                + "load t 0:12  rows 1,000/1,000  83 rows/s  done\n")
        .doesNotContain("\r")
        .doesNotContain("\u001b");
  }

  @Test
  void aTerminalGetsOneLineRedrawnInPlaceAndClearedAtTheEnd() {
    try (ProgressDisplay display = display(ProgressMode.TTY)) {
      Work work = display.open("ingest", "records").expect(Work.Expected.files(4, 400));
      after(1);
      display.tick();
      assertThat(written()).isEqualTo("\ringest 0:01  files 0/4");
      after(1);
      display.tick();
      assertThat(written()).endsWith("\ringest 0:02  files 0/4");
      work.close();
      assertThat(written()).endsWith("\r" + " ".repeat(22) + "\r");
    }
    assertThat(written()).doesNotContain("\n");
  }

  @Test
  void whatElseIsPrintedClearsTheLineFirstAndTheLineComesBack() {
    try (ProgressDisplay display = display(ProgressMode.TTY)) {
      PrintStream out = new PrintStream(display.clearingFirst(err), true, StandardCharsets.UTF_8);
      Work work = display.open("ingest", "records");
      display.tick();
      out.println("[ingest +1.0s] deduplicating events");
      assertThat(written())
          .isEqualTo(
              "\ringest 0:00  records 0"
                  + "\r"
                  + " ".repeat(22)
                  + "\r"
                  + "[ingest +1.0s] deduplicating events\n");
      out.print("half a line");
      display.tick(); // a line is not drawn over half a line of someone else's
      assertThat(written()).endsWith("half a line");
      out.println();
      display.tick();
      assertThat(written()).endsWith("\n\ringest 0:00  records 0");
      work.close();
    }
  }

  @Test
  void theNewestOpenWorkIsShown() {
    try (ProgressDisplay display = display(ProgressMode.TTY)) {
      Work outer = display.open("pipeline", "records");
      Work inner = display.open("load t", "rows");
      display.tick();
      assertThat(written()).contains("load t");
      inner.close();
      display.tick();
      assertThat(written()).endsWith("\rpipeline 0:00  records 0");
      outer.close();
    }
  }

  @Test
  void untrackedWorkCountsNothing() {
    Work work = Work.untracked();
    Iterator<String> rows = List.of("a").iterator();
    assertThat(work.shown()).isFalse();
    assertThat(work.counting(rows)).isSameAs(rows);
    assertThat(work.readCounters(null)).isSameAs(ReadCounters.NONE);
    work.addRecords(5);
    work.close();
  }

  @Test
  void sparkTasksOfTheLandingReaderCountFilesRecordsAndBytes(@TempDir Path dir) throws IOException {
    SparkSession spark = SharedSpark.get();
    Path plain = Files.writeString(dir.resolve("a.jsonl"), "{}\n\n{}\n{}\n");
    Path gzipped = dir.resolve("b.jsonl.gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      gz.write("{}\n{}\n".getBytes(StandardCharsets.UTF_8));
    }
    List<LandingFile> files = new ArrayList<>();
    for (Path p : List.of(plain, gzipped)) {
      files.add(new LandingFile(p.toUri().toString(), Files.size(p), 0));
    }
    long size = Files.size(plain) + Files.size(gzipped);
    try (ProgressDisplay display = display(ProgressMode.PLAIN)) {
      Work work = display.open("ingest", "records").expect(Work.Expected.files(2, size));
      LandingReader reader = new LandingReader(spark, work.readCounters(spark.sparkContext()));
      assertThat(reader.readLines(files).count()).isEqualTo(5);
      Snapshot read = work.snapshot(clock.get(), null);
      assertThat(read.filesDone()).isEqualTo(2);
      assertThat(read.records()).isEqualTo(5); // the blank line is no record
      assertThat(read.bytesDone()).isEqualTo(size); // the gzipped file's compressed bytes
      work.close();
    }
  }
}
