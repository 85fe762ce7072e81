package dev.medallion.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text of progress lines, whatever the machine's locale. */
class ProgressFormatTest {
  private static final long S = 1_000_000_000L;
  private static final long U = Work.UNKNOWN;

  @Test
  void countsHaveThousandsSeparators() {
    assertThat(ProgressFormat.count(0)).isEqualTo("0");
    assertThat(ProgressFormat.count(999)).isEqualTo("999");
    assertThat(ProgressFormat.count(1000)).isEqualTo("1,000");
    assertThat(ProgressFormat.count(1_234_567)).isEqualTo("1,234,567");
  }

  @Test
  void ratesAreWholeFromTenAndHaveOneDecimalBelow() {
    assertThat(ProgressFormat.rate(41_000.4)).isEqualTo("41,000");
    assertThat(ProgressFormat.rate(10)).isEqualTo("10");
    assertThat(ProgressFormat.rate(9.96)).isEqualTo("10.0");
    assertThat(ProgressFormat.rate(2.54)).isEqualTo("2.5");
    assertThat(ProgressFormat.rate(0)).isEqualTo("0.0");
    assertThat(ProgressFormat.rate(Double.NaN)).isEqualTo("?");
    assertThat(ProgressFormat.rate(Double.POSITIVE_INFINITY)).isEqualTo("?");
    assertThat(ProgressFormat.rateUnit("records")).isEqualTo("rec/s");
    assertThat(ProgressFormat.rateUnit("rows")).isEqualTo("rows/s");
  }

  @Test
  void durationsReadAsAClock() {
    assertThat(ProgressFormat.duration(0)).isEqualTo("0:00");
    assertThat(ProgressFormat.duration(7)).isEqualTo("0:07");
    assertThat(ProgressFormat.duration(754)).isEqualTo("12:34");
    assertThat(ProgressFormat.duration(3600)).isEqualTo("1:00:00");
    assertThat(ProgressFormat.duration(3723)).isEqualTo("1:02:03");
    assertThat(ProgressFormat.duration(-5)).isEqualTo("0:00");
  }

  @Test
  void whileFilesAreReadTheEtaComesFromTheirBytes() {
    // 12 s in, a quarter of the bytes read: three times as long again.
    Snapshot reading =
        new Snapshot(
            "ingest", "records", 12 * S, 12 * S, 12, 40, 250, 1000, 492_000, U, 3, 8, false);
    assertThat(ProgressFormat.line(reading))
        .isEqualTo("ingest 0:12  files 12/40  records 492,000  41,000 rec/s  ETA 0:36");
  }

  @Test
  void betweenTwoCountsTheEtaCountsDown() {
    // Counted at 12 s (a quarter of the bytes), not since: 36 s from then, 33 s from now.
    Snapshot waiting =
        new Snapshot("ingest", "records", 15 * S, 12 * S, 0, 1, 250, 1000, 492_000, U, 0, 1, false);
    assertThat(ProgressFormat.line(waiting)).endsWith("ETA 0:33");
  }

  @Test
  void onceEveryFileIsReadTheRunningSparkTasksShowAndTheRateIsTheReadings() {
    // Records stopped growing at 10 s: the rate is theirs, not diluted by the writes after.
    Snapshot writing =
        new Snapshot(
            "ingest", "records", 30 * S, 10 * S, 40, 40, 990, 1000, 410_000, U, 3, 8, false);
    assertThat(ProgressFormat.line(writing))
        .isEqualTo("ingest 0:30  files 40/40  records 410,000  41,000 rec/s  spark tasks 3/8");
    Snapshot idle =
        new Snapshot(
            "ingest", "records", 31 * S, 10 * S, 40, 40, 990, 1000, 410_000, U, 0, 0, false);
    assertThat(ProgressFormat.line(idle))
        .isEqualTo("ingest 0:31  files 40/40  records 410,000  41,000 rec/s");
  }

  @Test
  void theLastLineSaysDone() {
    Snapshot done =
        new Snapshot(
            "ingest", "records", 75 * S, 10 * S, 40, 40, 1000, 1000, 410_000, U, 0, 0, true);
    assertThat(ProgressFormat.line(done))
        .isEqualTo("ingest 1:15  files 40/40  records 410,000  41,000 rec/s  done");
  }

  @Test
  void rowsOfAKnownTotalGiveTheEtaWhenNoBytesAreKnown() {
    Snapshot copying =
        new Snapshot(
            "load events_enriched",
            "rows",
            5 * S,
            5 * S,
            0,
            U,
            0,
            U,
            100_000,
            500_000,
            0,
            0,
            false);
    assertThat(ProgressFormat.line(copying))
        .isEqualTo("load events_enriched 0:05  rows 100,000/500,000  20,000 rows/s  ETA 0:20");
  }

  @Test
  void nothingKnownYetShowsTheLabelAndTheTime() {
    Snapshot starting =
        new Snapshot("ingest", "records", 2 * S, 0, 0, 40, 0, 1000, 0, U, 0, 0, false);
    assertThat(ProgressFormat.line(starting)).isEqualTo("ingest 0:02  files 0/40");
    Snapshot unknown = new Snapshot("load x", "rows", 2 * S, 0, 0, U, 0, U, 0, U, 0, 4, false);
    assertThat(ProgressFormat.line(unknown)).isEqualTo("load x 0:02  rows 0  spark tasks 0/4");
  }

  @Test
  void everyFileReadEndsTheEtaWhateverTheBytesSay() {
    // A gzip stream may stop short of the file's last bytes.
    Snapshot read =
        new Snapshot("ingest", "records", 9 * S, 9 * S, 5, 5, 990, 1000, 900, U, 0, 0, false);
    assertThat(ProgressFormat.line(read)).doesNotContain("ETA");
  }

  @Test
  void lessThanASecondLeftShowsTheSparkTasksInstead() {
    Snapshot waiting =
        new Snapshot("ingest", "records", 6 * S, 3 * S, 4, 5, 999, 1000, 2560, U, 0, 2, false);
    assertThat(ProgressFormat.line(waiting))
        .isEqualTo("ingest 0:06  files 4/5  records 2,560  853 rec/s  spark tasks 0/2");
  }

  @Test
  void linesAreCutToTheTerminalsWidth() {
    assertThat(ProgressFormat.fit("abcdef", 4)).isEqualTo("abcd");
    assertThat(ProgressFormat.fit("abc", 4)).isEqualTo("abc");
    assertThat(ProgressDisplay.terminalWidth("120")).isEqualTo(120);
    assertThat(ProgressDisplay.terminalWidth(null)).isEqualTo(80);
    assertThat(ProgressDisplay.terminalWidth("wide")).isEqualTo(80);
    assertThat(ProgressDisplay.terminalWidth("3")).isEqualTo(80);
  }
}
