package dev.medallion.bench;

import dev.medallion.landing.LandingKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the peers of {@code bench batch} (DuckDB, naive Spark) know of the landing area and of their
 * own earlier runs, kept under {@code <out>/_state/}: the files they read (path and modification
 * time), their run number and the newest event time seen. A run reads the files of each kind it has
 * not read, in Medallion's ingest order (modification time, then path), with Medallion's rules for
 * hidden files and extensions.
 */
final class PeerLanding {
  private static final String PROCESSED = "processed.txt";
  private static final String STATE = "state.properties";

  private final Path landing;
  private final Path stateDir;
  private final Set<String> processed;
  private final Properties state;

  private PeerLanding(Path landing, Path stateDir, Set<String> processed, Properties state) {
    this.landing = landing;
    this.stateDir = stateDir;
    this.processed = processed;
    this.state = state;
  }

  /** The state of the peer whose output is {@code out}, reading {@code landing}. */
  static PeerLanding open(Path landing, Path out) {
    Path stateDir = out.resolve("_state");
    try {
      Set<String> processed = new LinkedHashSet<>();
      if (Files.exists(stateDir.resolve(PROCESSED))) {
        processed.addAll(Files.readAllLines(stateDir.resolve(PROCESSED), StandardCharsets.UTF_8));
      }
      Properties state = new Properties();
      if (Files.exists(stateDir.resolve(STATE))) {
        try (var in = Files.newBufferedReader(stateDir.resolve(STATE))) {
          state.load(in);
        }
      }
      return new PeerLanding(landing, stateDir, processed, state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the peer's state under " + stateDir, e);
    }
  }

  /** This run's number: one more than the last committed run. */
  long run() {
    return Long.parseLong(state.getProperty("run", "0")) + 1;
  }

  /** The newest event time of the earlier runs (microseconds since the epoch), or null. */
  Long newestEventMicros() {
    String newest = state.getProperty("newest_event_micros");
    return newest == null ? null : Long.valueOf(newest);
  }

  /** The files of {@code kind} not read yet, in ingest order. */
  List<Path> newFiles(LandingKind kind) {
    Path dir = landing.resolve(kind.directory());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> files =
          all.filter(Files::isRegularFile)
              .filter(f -> accepted(dir, f, kind))
              .map(f -> f.toAbsolutePath().normalize())
              .filter(f -> !processed.contains(key(f)))
              .sorted(Comparator.comparingLong(PeerLanding::modified).thenComparing(Path::toString))
              .toList();
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Records the run: its files are read, its number and the newest event time move on. Called last,
   * once everything is written.
   */
  void commit(List<Path> read, Long newestEventMicros) {
    try {
      Files.createDirectories(stateDir);
      Map<String, Boolean> all = new LinkedHashMap<>();
      processed.forEach(p -> all.put(p, true));
      read.forEach(p -> all.put(key(p), true));
      Files.write(stateDir.resolve(PROCESSED), new ArrayList<>(all.keySet()));
      state.setProperty("run", Long.toString(run()));
      if (newestEventMicros != null) {
        state.setProperty("newest_event_micros", Long.toString(newestEventMicros));
      }
      try (var out = Files.newBufferedWriter(stateDir.resolve(STATE))) {
        state.store(out, "the state of a bench batch peer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the peer's state under " + stateDir, e);
    }
  }

  private static boolean accepted(Path dir, Path file, LandingKind kind) {
    String below = "/" + dir.relativize(file).toString().replace('\\', '/');
    return !below.contains("/.")
        && !below.contains("/_")
        && kind.accepts(file.getFileName().toString());
  }

  private static String key(Path file) {
    return file + "\t" + modified(file);
  }

  static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
