package dev.medallion.athena;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks what the suite runs of the trino-server tarball: {@code lib/} and {@code
 * plugin/delta-lake/} (a server with one plugin also starts faster). The tarball stores every jar
 * that several plugins share once and the other copies as hard links, often to a file of another
 * plugin: those are resolved here by copying the file they point to.
 */
final class TrinoDistribution {
  private static final List<String> PARTS = List.of("lib/", "plugin/delta-lake/");

  private TrinoDistribution() {}

  /**
   * Unpacks {@code tarball} below {@code target} unless it was already unpacked from the same file;
   * returns the server's directory (the one holding {@code lib/} and {@code plugin/}).
   */
  static Path unpack(Path tarball, Path target) throws IOException {
    String stamp = tarball.toAbsolutePath() + " " + Files.size(tarball);
    Path marker = target.resolve(".unpacked");
    if (Files.isRegularFile(marker) && Files.readString(marker).startsWith(stamp + "\n")) {
      return target.resolve(Files.readString(marker).substring(stamp.length() + 1).strip());
    }
    deleteRecursively(target);
    Files.createDirectories(target);

    // Pass 1: the wanted entries' hard links and what they point to.
    Map<String, String> links = new LinkedHashMap<>();
    String top = null;
    try (TarArchiveInputStream tar = open(tarball)) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        top = top == null ? e.getName().substring(0, e.getName().indexOf('/') + 1) : top;
        if (e.isLink() && wanted(e.getName(), top)) {
          links.put(e.getName(), e.getLinkName());
        }
      }
    }
    Set<String> linkTargets = new HashSet<>(links.values());

    // Pass 2: the wanted files, and the files outside them that a wanted link points to.
    Path elsewhere = target.resolve(".link-targets");
    try (TarArchiveInputStream tar = open(tarball)) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        if (!e.isFile() || e.isLink() || e.isSymbolicLink()) {
          continue;
        }
        boolean inside = wanted(e.getName(), top);
        if (!inside && !linkTargets.contains(e.getName())) {
          continue;
        }
        Path file = (inside ? target : elsewhere).resolve(safe(e.getName()));
        Files.createDirectories(file.getParent());
        Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Map.Entry<String, String> link : links.entrySet()) {
      Path from = target.resolve(safe(link.getValue()));
      if (!Files.exists(from)) {
        from = elsewhere.resolve(safe(link.getValue()));
      }
      Path to = target.resolve(safe(link.getKey()));
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    deleteRecursively(elsewhere);
    Files.writeString(marker, stamp + "\n" + top + "\n");
    return target.resolve(top);
  }

  private static TarArchiveInputStream open(Path tarball) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
    return new TarArchiveInputStream(new GzipCompressorInputStream(in));
  }

  private static boolean wanted(String name, String top) {
    if (!name.startsWith(top)) {
      return false;
    }
    String rest = name.substring(top.length());
    return PARTS.stream().anyMatch(rest::startsWith);
  }

  /** An archive path as a relative path that stays below the directory it is resolved in. */
  private static Path safe(String name) {
    Path p = Path.of(name).normalize();
    if (p.isAbsolute() || p.startsWith("..")) {
      throw new IllegalStateException("unexpected path in the Trino tarball: " + name);
    }
    return p;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
