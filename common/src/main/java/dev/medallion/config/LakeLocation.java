package dev.medallion.config;

import dev.medallion.contract.LakeTable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

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

  /**
   * The placeholder that spreads a lake over one location per zone: {@code s3://acme-{zone}} puts
   * {@code cleansed.events} at {@code s3://acme-cleansed/events}, and everything that is not a
   * table (job state, indexes, run summaries, checkpoints) under {@value #STATE_ZONE}, at {@code
   * s3://acme-state/...}. This is how the Terraform deployment's bucket per zone is addressed.
   */
  public static final String ZONE = "{zone}";

  /** What {@value #ZONE} becomes for what is not a table of a zone. */
  public static final String STATE_ZONE = "state";

  private static final Set<String> ZONES =
      Arrays.stream(LakeTable.values()).map(LakeTable::zone).collect(Collectors.toSet());

  /**
   * The URI of a path below the root. With {@value #ZONE} in the root, a path that starts with a
   * zone goes to that zone's location, and any other path to the {@value #STATE_ZONE} location.
   */
  public String resolve(String relative) {
    if (!uri.contains(ZONE)) {
      return uri + "/" + relative;
    }
    int slash = relative.indexOf('/');
    String first = slash < 0 ? relative : relative.substring(0, slash);
    if (ZONES.contains(first)) {
      return uri.replace(ZONE, first) + (slash < 0 ? "" : relative.substring(slash));
    }
    return stateRoot() + "/" + relative;
  }

  /** Where job state, indexes and run summaries live: the root, or its state location. */
  public String stateRoot() {
    return uri.replace(ZONE, STATE_ZONE);
  }

  public String tablePath(LakeTable table) {
    return resolve(table.relativePath());
  }

  @Override
  public String toString() {
    return uri;
  }
}
