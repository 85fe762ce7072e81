package dev.medallion.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copying and deleting local directory trees, for the demo and the tests' landing areas. */
public final class LocalTrees {
  private LocalTrees() {}

  /**
   * Copies every file below {@code from} to the same relative path below {@code to}, creating
   * directories; fails if a file is already there (landing files are never overwritten).
   */
  public static void copy(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.sorted().toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
