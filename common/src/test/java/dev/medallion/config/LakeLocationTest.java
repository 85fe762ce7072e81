package dev.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.contract.LakeTable;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LakeLocationTest {

  /** The local path a file: location points at, whatever its spelling (file:/a or file:///a). */
  private static Path localPath(LakeLocation location) {
    return Path.of(URI.create(location.uri()));
  }

  @Test
  void relativePathBecomesAnAbsoluteFileUri() {
    LakeLocation location = LakeLocation.parse("lake", "build/lake");

    assertThat(location.uri()).startsWith("file:");
    assertThat(localPath(location)).isEqualTo(Path.of("build/lake").toAbsolutePath().normalize());
    assertThat(location.uri()).doesNotEndWith("/");
  }

  @Test
  void relativePathIsNormalised() {
    LakeLocation location = LakeLocation.parse("lake", "./a/../b/./lake");

    assertThat(location.uri()).doesNotContain("..").doesNotContain("/./");
    assertThat(localPath(location)).isEqualTo(Path.of("b/lake").toAbsolutePath());
  }

  @Test
  void currentDirectoryIsTheWorkingDirectoryWithoutTrailingSlash() {
    LakeLocation location = LakeLocation.parse("lake", ".");

    assertThat(location.uri()).doesNotEndWith("/");
    assertThat(localPath(location)).isEqualTo(Path.of("").toAbsolutePath());
  }

  @Test
  void absolutePathWithTrailingSlashHasItRemoved() {
    LakeLocation location = LakeLocation.parse("lake", "/tmp/medallion-lake/");

    assertThat(location.uri()).startsWith("file:").endsWith("/tmp/medallion-lake");
    assertThat(localPath(location)).isEqualTo(Path.of("/tmp/medallion-lake"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(LakeLocation.parse("lake", "  /tmp/lake  "))
        .isEqualTo(LakeLocation.parse("lake", "/tmp/lake"));
    assertThat(LakeLocation.parse("lake", " s3a://bucket/lake ").uri())
        .isEqualTo("s3a://bucket/lake");
  }

  @Test
  void fileUriIsKeptAsALocalLocation() {
    LakeLocation location = LakeLocation.parse("lake", "file:///tmp/lake/");

    assertThat(location.uri()).doesNotEndWith("/");
    assertThat(localPath(location)).isEqualTo(Path.of("/tmp/lake"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "s3a://bucket/prefix,          s3a://bucket/prefix",
    "s3a://bucket/prefix/,         s3a://bucket/prefix",
    "s3a://bucket,                 s3a://bucket",
    "s3a://my-bucket/a/b/c/,       s3a://my-bucket/a/b/c",
    "hdfs://namenode:8020/lake/,   hdfs://namenode:8020/lake",
  })
  void remoteUrisAreKeptWithoutTrailingSlash(String text, String expected) {
    LakeLocation location = LakeLocation.parse("lake", text);

    assertThat(location.uri()).isEqualTo(expected);
    assertThat(location.toString()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void glueS3SchemeIsKept() {
    assertThat(LakeLocation.parse("lake", "s3://bucket/prefix/").uri())
        .isEqualTo("s3://bucket/prefix");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "s3n://bucket/p/q,     s3n, s3a://bucket/p/q",
    "S3N://bucket/p,       s3n, s3a://bucket/p",
  })
  void s3nIsRejectedWithAnS3aSuggestion(String text, String scheme, String suggestion) {
    assertThatThrownBy(() -> LakeLocation.parse("lake.root", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lake.root: ")
        .hasMessageContaining("the scheme " + scheme + "://")
        .hasMessageContaining("Use " + suggestion + " instead")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("lake.root"));
  }

  @ParameterizedTest(name = "''{0}''")
  @NullSource
  @ValueSource(strings = {"", " ", "\t\n"})
  void blankOrMissingLocationIsRejectedNamingTheKey(String text) {
    assertThatThrownBy(() -> LakeLocation.parse("lake.root", text))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lake.root: no location given. Pass a directory or an s3a:// URI.");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"s3:", "s3:/"})
  void truncatedS3UriIsAConfigErrorNamingTheKey(String text) {
    assertThatThrownBy(() -> LakeLocation.parse("lake.root", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lake.root: ");
  }

  @Test
  void constructorRemovesATrailingSlash() {
    assertThat(new LakeLocation("s3a://b/lake/").uri()).isEqualTo("s3a://b/lake");
    assertThat(new LakeLocation("s3a://b/lake").uri()).isEqualTo("s3a://b/lake");
    assertThat(new LakeLocation("/").uri()).isEqualTo("/");
  }

  @Test
  void tablePathAppendsZoneAndTableName() {
    LakeLocation location = LakeLocation.parse("lake", "s3a://bucket/lake/");

    assertThat(location.tablePath(LakeTable.CLEANSED_EVENTS))
        .isEqualTo("s3a://bucket/lake/cleansed/events");
    assertThat(location.tablePath(LakeTable.CURATED_DAILY_EVENT_METRICS))
        .isEqualTo("s3a://bucket/lake/curated/daily_event_metrics");
    assertThat(location.tablePath(LakeTable.QUARANTINE_RECORDS))
        .isEqualTo("s3a://bucket/lake/quarantine/records");
  }

  @ParameterizedTest
  @EnumSource(LakeTable.class)
  void everyTablePathIsRootSlashZoneSlashName(LakeTable table) {
    LakeLocation location = new LakeLocation("s3a://b/root");

    assertThat(location.tablePath(table))
        .isEqualTo("s3a://b/root/" + table.zone() + "/" + table.tableName())
        .doesNotContain("//root//");
  }

  @Test
  void localTablePathIsBelowTheLakeDirectory() {
    LakeLocation location = LakeLocation.parse("lake", "/tmp/lake/");

    String path = location.tablePath(LakeTable.RAW_EVENTS);

    assertThat(path).startsWith("file:").endsWith("/tmp/lake/raw/events");
    assertThat(Path.of(URI.create(path))).isEqualTo(Path.of("/tmp/lake/raw/events"));
  }

  @Test
  void resolveJoinsWithExactlyOneSlash() {
    assertThat(LakeLocation.parse("lake", "s3a://b/lake/").resolve("_checkpoints/ingest"))
        .isEqualTo("s3a://b/lake/_checkpoints/ingest");
  }

  @Test
  void aZonePlaceholderPutsEachZoneInItsOwnBucketAndStateInTheStateBucket() {
    LakeLocation lake = LakeLocation.parse("--lake", "s3://medallion-dev-{zone}");

    assertThat(lake.tablePath(LakeTable.CLEANSED_EVENTS))
        .isEqualTo("s3://medallion-dev-cleansed/events");
    assertThat(lake.tablePath(LakeTable.CURATED_DAILY_EVENT_METRICS))
        .isEqualTo("s3://medallion-dev-curated/daily_event_metrics");
    assertThat(lake.resolve("_index/cleansed_event_uuid"))
        .isEqualTo("s3://medallion-dev-state/_index/cleansed_event_uuid");
    assertThat(lake.stateRoot()).isEqualTo("s3://medallion-dev-state");
    assertThat(LakeLocation.parse("--lake", "s3://b/{zone}/lake").resolve("raw/events"))
        .isEqualTo("s3://b/raw/lake/events");
  }

  @Test
  void withoutThePlaceholderTheStateRootIsTheLake() {
    assertThat(LakeLocation.parse("--lake", "s3a://b/lake").stateRoot()).isEqualTo("s3a://b/lake");
  }
}
