package dev.medallion.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages people look at (the dashboard, the run report): one self-contained HTML file each, from
 * a template of this package with its CSS, its scripts and its data inline. Nothing is fetched from
 * a network when the page opens.
 */
public final class Pages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");

  private Pages() {}

  /**
   * The page of {@code template} (a resource of this package) with {@code data} as its JSON, its
   * script {@code pageScript}, and {@code lake} in its header.
   */
  public static String render(String template, String pageScript, String lake, Object data) {
    Map<String, String> values =
        Map.of(
            "css", resource("pages.css"),
            "charts_js", resource("charts.js"),
            "page_js", resource(pageScript),
            "lake", escapeHtml(lake),
            "data", scriptJson(data));
    Matcher m = PLACEHOLDER.matcher(resource(template));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(template + " names no known value {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Writes a page, creating its directory; returns its absolute path. */
  public static Path write(Path out, String html) {
    try {
      Path absolute = out.toAbsolutePath().normalize();
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      Files.writeString(absolute, html, StandardCharsets.UTF_8);
      return absolute;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.toAbsolutePath(), e);
    }
  }

  /** JSON of {@code data}. */
  public static String json(Object data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * JSON that can sit inside a {@code <script>} element: no {@code <} (so no {@code </script>}) and
   * no line or paragraph separators, all written as JSON escapes, which parse to the same text.
   */
  static String scriptJson(Object data) {
    return json(data)
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  static String escapeHtml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String resource(String name) {
    try (InputStream in = Pages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the page resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
