package dev.medallion.config;

import dev.medallion.contract.LakeTable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the lake is: a local directory (the default) or any Hadoop file system URI, such as {@code
 * s3a://bucket/prefix}. Always held as an absolute URI without a trailing slash.
 */
public record LakeLocation(String uri) {
  public LakeLocation {
    if (uri.endsWith("/") && uri.length() > 1) {
      uri = uri.substring(0, uri.length() - 1);
    }
  }

  /**
   * Reads what a user wrote: a URI with a scheme ({@code s3://}, {@code s3a://}, {@code file:},
   * {@code hdfs://}) is kept; anything else is a local path, made absolute. {@code s3://} is Glue's
   * own scheme; off Glue, Medallion maps it to the S3A file system. {@code s3n://} is refused (gone
   * from Hadoop 3).
   */
  public static LakeLocation parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(key, "no location given", "pass a directory or an s3a:// URI");
    }
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    if (colon > 1) {
      String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
      if ((scheme.equals("s3") || scheme.equals("s3a"))
          && !trimmed.substring(colon).matches("://[^/]+(/.*)?")) {
        throw new ConfigException(
            key, "'" + trimmed + "' names no bucket", "write it as " + scheme + "://bucket/prefix");
      }
      if (scheme.equals("s3n")) {
        throw new ConfigException(
            key,
            "the scheme " + scheme + ":// has no Hadoop file system here",
            "use s3a://" + trimmed.substring(colon + 1).replaceFirst("^/+", "") + " instead");
      }
      return new LakeLocation(
          trimmed.startsWith("file:") ? "file:" + Path.of(URI.create(trimmed)) : trimmed);
    }
    // Hadoop's own spelling of a local path (file:/a/b), which Delta compares paths with.
    return new LakeLocation("file:" + Path.of(trimmed).toAbsolutePath().normalize());
  }

  /** The URI of a path below the root. */
  public String resolve(String relative) {
    return uri + "/" + relative;
  }

  public String tablePath(LakeTable table) {
    return resolve(table.relativePath());
  }

  @Override
  public String toString() {
    return uri;
  }
}
