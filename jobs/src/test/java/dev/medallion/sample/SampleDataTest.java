package dev.medallion.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample data is generated deterministically: the defaults regenerate the checked-in
 * sample-data/ exactly, and a seed always gives the same files. Gzip files are compared by their
 * content, since the compressed bytes may differ between zlib builds.
 */
class SampleDataTest {
  /** The repository's sample-data/, seen from the jobs module (the tests' working directory). */
  private static final Path CHECKED_IN = Path.of("..", "sample-data");

  @TempDir Path tmp;

  @Test
  void theDefaultsRegenerateTheCheckedInSampleData() throws IOException {
    assertThat(CHECKED_IN.resolve("expected.json"))
        .as("the checked-in sample data, from %s", Path.of("").toAbsolutePath())
        .isRegularFile();
    Path regenerated = tmp.resolve("sample-data");
    SampleDataGenerator.defaults().writeTo(regenerated);

    Map<String, byte[]> want = contents(CHECKED_IN);
    // Documentation beside the data (README.md) is not generated.
    want.keySet().removeIf(f -> f.endsWith(".md"));
    Map<String, byte[]> got = contents(regenerated);

    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((file, bytes) -> assertSameBytes(file, got.get(file), bytes));

    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(regenerated.resolve("expected.json").toFile()))
        .isEqualTo(json.readTree(CHECKED_IN.resolve("expected.json").toFile()));
  }

  @Test
  void theCheckedInSampleDataHasEveryKindOfFileForEveryRun() {
    Map<String, byte[]> files = contents(CHECKED_IN);
    for (int run = 1; run <= SampleDataGenerator.DEFAULT_RUNS; run++) {
      String prefix = "run-" + run + "/";
      assertThat(files.keySet())
          .as("run %d", run)
          .anyMatch(f -> f.startsWith(prefix + "events/") && f.endsWith(".jsonl"))
          .anyMatch(f -> f.startsWith(prefix + "events/") && f.endsWith(".jsonl.gz"))
          .anyMatch(f -> f.startsWith(prefix + "users/") && f.endsWith(".csv"))
          .anyMatch(f -> f.startsWith(prefix + "transactions/") && f.endsWith(".csv"));
    }
  }

  @Test
  void theSameSeedGivesTheSameFiles() {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    new SampleDataGenerator(99L, 200, 2).writeTo(first);
    new SampleDataGenerator(99L, 200, 2).writeTo(second);

    Map<String, byte[]> a = contents(first);
    Map<String, byte[]> b = contents(second);

    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.forEach((file, bytes) -> assertSameBytes(file, b.get(file), bytes));
  }

  @Test
  void anotherSeedGivesOtherData() {
    Path first = tmp.resolve("seed-99");
    Path second = tmp.resolve("seed-100");
    new SampleDataGenerator(99L, 200, 2).writeTo(first);
    new SampleDataGenerator(100L, 200, 2).writeTo(second);

    Map<String, byte[]> a = contents(first);
    Map<String, byte[]> b = contents(second);

    // The layout is the same; the records are not.
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    assertThat(a.keySet()).anyMatch(f -> f.endsWith("a-clickstream.jsonl"));
    for (String file : a.keySet()) {
      if (file.contains("/events/") || file.contains("/users/")) {
        assertThat(Arrays.equals(a.get(file), b.get(file)))
            .as("%s should differ between seeds", file)
            .isFalse();
      }
    }
  }

  @Test
  void runsMayHaveDifferentSizesAndAnEarlierRunDoesNotDependOnALaterOne() throws IOException {
    Path equal = tmp.resolve("equal");
    Path uneven = tmp.resolve("uneven");
    new SampleDataGenerator(99L, 200, 2).writeTo(equal);
    new SampleDataGenerator(99L, java.util.List.of(200, 50)).writeTo(uneven);

    Map<String, byte[]> a = contents(equal);
    Map<String, byte[]> b = contents(uneven);
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.keySet().stream()
        .filter(f -> f.startsWith("run-1/"))
        .forEach(file -> assertSameBytes(file, b.get(file), a.get(file)));

    // Each run has its event lines and the three fixed ones (invalid UTF-8, years 1000 and 10000).
    var expected = new ObjectMapper().readTree(uneven.resolve("expected.json").toFile());
    assertThat(expected.at("/run-1/events/read").asLong()).isEqualTo(203);
    assertThat(expected.at("/run-2/events/read").asLong()).isEqualTo(53);
  }

  /** Every file below {@code root} by its relative path ('/'-separated), gzip decompressed. */
  private static Map<String, byte[]> contents(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(p).toString().replace('\\', '/');
        files.put(relative, read(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static byte[] read(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(".gz")) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** Equal bytes; on a difference, says where, with the text around it. */
  private static void assertSameBytes(String file, byte[] got, byte[] want) {
    int at = Arrays.mismatch(got, want);
    if (at < 0) {
      return;
    }
    int from = Math.max(0, at - 60);
    String context =
        String.format(
            "%s differs at byte %d (sizes %d and %d):%n  got:  %s%n  want: %s",
            file,
            at,
            got.length,
            want.length,
            excerpt(got, from, at + 60),
            excerpt(want, from, at + 60));
    assertThat(at).as(context).isEqualTo(-1);
  }

  private static String excerpt(byte[] bytes, int from, int to) {
    int end = Math.min(bytes.length, to);
    if (from >= end) {
      return "<end of file>";
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8)
        .replace("\r", "\\r")
        .replace("\n", "\\n");
  }
}
