package dev.medallion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.pages.Pages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuestionsTest {
  /** {@code athena/queries/} of this checkout. */
  static Path queries() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("athena/queries"))) {
      dir = dir.getParent();
    }
    assertThat(dir).isNotNull();
    return dir.resolve("athena/queries");
  }

  @Test
  void theDashboardAsksEveryQuestionOfAthenaQueriesWithTheSameSql() throws IOException {
    List<String> files;
    try (Stream<Path> list = Files.list(queries())) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .map(n -> n.substring(0, n.length() - 4))
              .sorted()
              .toList();
    }
    assertThat(Questions.NAMES).containsExactlyInAnyOrderElementsOf(files);
    for (String name : files) {
      String text = Files.readString(queries().resolve(name + ".sql")).strip();
      assertThat(Questions.sql(name)).as(name).isEqualTo(text.replaceFirst(";$", ""));
    }
  }

  @Test
  void aPageCarriesItsDataSafelyAndNeedsNoNetwork() {
    Answers.Answer answer =
        new Answers.Answer(
            List.of(new Answers.Column("event_type", "string")),
            List.of(List.of("</script><script>alert(1)</script>\u2028")),
            null,
            "SELECT 1",
            false);
    String html =
        DashboardPage.html(
            new Answers.Snapshot(
                "file:/tmp/<lake>", "2026-12-07T10:00:00Z", 0, Map.of("x", answer)));
    assertThat(html).doesNotContain("</script><script>alert").doesNotContain("\u2028");
    assertThat(html).contains("file:/tmp/&lt;lake&gt;");
    assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
    assertThat(html).doesNotContain("{{");
    assertThat(Pages.json(answer)).contains("event_type");
  }

  @Test
  void aQuestionWhoseTableIsMissingSaysSo() {
    assertThat(
            Answers.why(
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `curated`.`events_enriched` cannot be"
                    + " found."))
        .isEqualTo("No data yet: the lake has no table curated.events_enriched.");
    assertThat(Answers.why("something else\nmore"))
        .isEqualTo("The question cannot run: something else");
  }
}
