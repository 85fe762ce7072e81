package dev.medallion.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.lake.LocalTrees;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.sample.SampleDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The landing data of {@code bench batch}, made by the project's generator ({@link
 * SampleDataGenerator}: duplicates within and across runs, late and malformed records, invalid CSV
 * rows, a later users file that replaces rows) and kept under the work directory by seed and size,
 * so that a second benchmark with the same ones reuses it. With a history, run 1 holds its events
 * and run 2 the measured ones; without, run 1 is the measured run. Beside the runs, the generator's
 * {@code expected.json}: the counts each run must give.
 *
 * @param dir the data set's directory ({@code run-1/}, {@code run-2/}, {@code expected.json})
 * @param runs the runs' directories, in order; the last is the measured run
 */
record BatchBenchData(Path dir, List<Path> runs) {
  /** Written last: a data set without it was not generated to its end and is made again. */
  static final String COMPLETE = "complete";

  /** The data set of {@code seed}, {@code history} and {@code events} under {@code root}. */
  static BatchBenchData prepare(Path root, long seed, int history, int events, Progress progress) {
    Path dir = root.resolve("seed-" + seed + "-history-" + history + "-events-" + events);
    List<Integer> sizes = history > 0 ? List.of(history, events) : List.of(events);
    List<Path> runs = new ArrayList<>();
    for (int run = 1; run <= sizes.size(); run++) {
      runs.add(dir.resolve("run-" + run));
    }
    if (Files.exists(dir.resolve(COMPLETE))) {
      progress.step("reusing the landing data in " + dir);
      return new BatchBenchData(dir, runs);
    }
    progress.step("generating the landing data (runs of " + sizes + " event lines) in " + dir);
    LocalTrees.delete(dir);
    new SampleDataGenerator(seed, sizes).writeTo(dir);
    try {
      Files.writeString(
          dir.resolve(COMPLETE), "generated with seed " + seed + ", runs " + sizes + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BatchBenchData(dir, runs);
  }

  /** The measured run's directory. */
  Path measured() {
    return runs.get(runs.size() - 1);
  }

  /** The history run's directory, if there is one. */
  java.util.Optional<Path> history() {
    return runs.size() > 1 ? java.util.Optional.of(runs.get(0)) : java.util.Optional.empty();
  }

  /** What the generator says run {@code run} (from 1) must count, per kind. */
  Map<String, RecordCounts> expected(int run) {
    try {
      JsonNode all = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
      Map<String, RecordCounts> counts = new LinkedHashMap<>();
      ObjectMapper json = new ObjectMapper();
      all.get("run-" + run)
          .fields()
          .forEachRemaining(
              e -> counts.put(e.getKey(), json.convertValue(e.getValue(), RecordCounts.class)));
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lands a run: each of its files linked (or copied) to the same place below {@code landing}, with
   * modification times a few seconds in the past, one millisecond apart in path order, so that
   * every reader takes them in the same ingest order and after anything landed before.
   */
  static void land(Path run, Path landing) {
    try (Stream<Path> all = Files.walk(run)) {
      List<Path> files = all.filter(Files::isRegularFile).sorted().toList();
      long base = System.currentTimeMillis() - 5_000L;
      for (int i = 0; i < files.size(); i++) {
        Path source = files.get(i);
        Path target = landing.resolve(run.relativize(source).toString());
        Files.createDirectories(target.getParent());
        try {
          Files.createLink(target, source);
        } catch (FileSystemException | UnsupportedOperationException e) {
          Files.copy(source, target);
        }
        Files.setLastModifiedTime(target, FileTime.fromMillis(base + i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot land " + run + " in " + landing, e);
    }
  }
}
