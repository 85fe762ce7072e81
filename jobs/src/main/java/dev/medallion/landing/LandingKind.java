package dev.medallion.landing;

import dev.medallion.validate.ReferenceKind;
import java.util.List;
import java.util.Locale;

/** The kinds of landing files, each under its own subdirectory of the landing root. */
public enum LandingKind {
  EVENTS("events", List.of(".jsonl", ".jsonl.gz", ".json", ".json.gz"), null),
  USERS(ReferenceKind.USERS),
  TRANSACTIONS(ReferenceKind.TRANSACTIONS);

  private final String directory;
  private final List<String> extensions;
  private final ReferenceKind reference;

  LandingKind(ReferenceKind reference) {
    this(reference.directory(), List.of(".csv", ".csv.gz"), reference);
  }

  LandingKind(String directory, List<String> extensions, ReferenceKind reference) {
    this.directory = directory;
    this.extensions = extensions;
    this.reference = reference;
  }

  public String directory() {
    return directory;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** The reference data this kind holds; null for events. */
  public ReferenceKind reference() {
    return reference;
  }

  /** Whether a file name is one of this kind's (case-insensitive extension). */
  public boolean accepts(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return extensions.stream().anyMatch(name::endsWith);
  }
}
