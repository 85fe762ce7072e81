package dev.medallion.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for tests that play files arriving in a landing area. */
public final class Landing {
  private Landing() {}

  /** Copies a generated run folder into the landing area, as files arriving. */
  public static void arrive(Path runFolder, Path landing) {
    try (Stream<Path> all = Files.walk(runFolder)) {
      for (Path source : all.sorted().toList()) {
        Path target = landing.resolve(runFolder.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a whole directory tree (e.g. a lake, to branch a scenario from a common start). */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : all.sorted().toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PrintStream that keeps what jobs print, out of the test log. */
  public static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true);
  }
}
