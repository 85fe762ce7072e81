package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.Cli;
import dev.medallion.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code medallion bookmarks show|reset|rewind} as a user runs them, after real ingest runs. */
@Tag("integration")
class BookmarksCommandIT {
  @TempDir Path tmp;

  @BeforeAll
  static void spark() {
    SharedSpark.get();
  }

  private Path events(Path landing, String name, int n, long agoMillis) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines.append(
          String.format(
              "{\"event_uuid\":\"%s-%d\",\"event_type\":\"click\","
                  + "\"event_ts\":\"2026-11-02T10:%02d:00Z\"}%n",
              name, i, i));
    }
    Path file = landing.resolve("events").resolve(name + ".jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, lines, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - agoMillis));
    return file;
  }

  @Test
  void showResetAndRewindAfterTwoRuns() throws IOException {
    Path landing = tmp.resolve("landing");
    String lake = tmp.resolve("lake").toString();
    events(landing, "a", 2, 60_000);
    Cli.Result first = Cli.run("ingest", "--landing", landing.toString(), "--lake", lake);
    assertThat(first.exit()).as(first.both()).isZero();
    events(landing, "b", 3, 30_000);
    Cli.Result second = Cli.run("ingest", "--landing", landing.toString(), "--lake", lake);
    assertThat(second.exit()).as(second.both()).isZero();
    assertThat(second.out()).contains("1 skipped (bookmark)");

    Cli.Result show = Cli.run("bookmarks", "show", "--job", "ingest", "--lake", lake);
    assertThat(show.exit()).as(show.both()).isZero();
    assertThat(show.out())
        .contains("job ingest: bookmark version 2, committed by run 000002-")
        .contains("in progress: none")
        .containsPattern("events +20\\d\\d-")
        .contains("history:")
        .containsPattern("1 +000001-\\S+ +1 +1 events, 0 transactions, 0 users");

    Cli.Result rewind =
        Cli.run("bookmarks", "rewind", "--job", "ingest", "--lake", lake, "--run-id", "1");
    assertThat(rewind.exit()).as(rewind.both()).isZero();
    assertThat(rewind.out()).contains("rewound to after run 000001-").contains("version 3");
    Cli.Result third = Cli.run("ingest", "--landing", landing.toString(), "--lake", lake);
    assertThat(third.out()).containsPattern("events +1 read");

    Cli.Result reset = Cli.run("bookmarks", "reset", "--job", "ingest", "--lake", lake);
    assertThat(reset.exit()).as(reset.both()).isZero();
    assertThat(reset.out()).contains("bookmark reset, now version 5");
    Cli.Result afterReset = Cli.run("bookmarks", "show", "--job", "ingest", "--lake", lake);
    assertThat(afterReset.out()).contains("bookmark version 5, reset");
  }

  @Test
  void mistakesAreUsageErrors() {
    String lake = tmp.resolve("lake").toString();
    Cli.Result job = Cli.run("bookmarks", "show", "--job", "ingestion", "--lake", lake);
    assertThat(job.exit()).isEqualTo(MedallionCli.USAGE);
    assertThat(job.err()).contains("'ingestion' is not a job");

    Cli.Result run =
        Cli.run("bookmarks", "rewind", "--job", "ingest", "--lake", lake, "--run-id", "7");
    assertThat(run.exit()).isEqualTo(MedallionCli.USAGE);
    assertThat(run.err()).contains("no run '7'").contains("none has yet");

    Cli.Result none = Cli.run("bookmarks");
    assertThat(none.exit()).isEqualTo(MedallionCli.USAGE);
    assertThat(none.err()).contains("show, reset, rewind");
  }
}
