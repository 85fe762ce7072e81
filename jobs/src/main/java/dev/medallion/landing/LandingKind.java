package dev.medallion.landing;

import java.util.List;
import java.util.Locale;

/** The kinds of landing files, each under its own subdirectory of the landing root. */
public enum LandingKind {
  EVENTS("events", List.of(".jsonl", ".jsonl.gz", ".json", ".json.gz")),
  USERS("users", List.of(".csv", ".csv.gz")),
  TRANSACTIONS("transactions", List.of(".csv", ".csv.gz"));

  private final String directory;
  private final List<String> extensions;

  LandingKind(String directory, List<String> extensions) {
    this.directory = directory;
    this.extensions = extensions;
  }

  public String directory() {
    return directory;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** Whether a file name is one of this kind's (case-insensitive extension). */
  public boolean accepts(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return extensions.stream().anyMatch(name::endsWith);
  }
}
