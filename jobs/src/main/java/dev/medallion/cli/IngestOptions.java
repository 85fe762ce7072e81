package dev.medallion.cli;

import dev.medallion.bookmark.BookmarkSettings;
import dev.medallion.config.DurationParser;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.transform.LatePolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the ingest/cleanse job, shared by {@code ingest} and {@code pipeline}. */
final class IngestOptions {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description =
          "Landing root: events/** (*.jsonl, *.json), users/*.csv, transactions/*.csv, each"
              + " gzipped (.gz) or not. A directory or a URI such as s3a://bucket/landing.")
  String landing;

  @Mixin LakeOption lake;

  @Option(
      names = "--reprocess-all",
      description =
          "Ignore what earlier runs processed: rebuild every table from all landing files.")
  boolean reprocessAll;

  @Option(
      names = BookmarkSettings.OPTION_FLAG,
      paramLabel = "OPTION",
      defaultValue = "job-bookmark-enable",
      description =
          "job-bookmark-enable: read the files that are new since the bookmark and move it;"
              + " job-bookmark-pause: read them (or the --job-bookmark-from/--to range) and leave"
              + " the bookmark; job-bookmark-disable: read every file and leave the bookmark.")
  String bookmarkOption;

  @Option(
      names = BookmarkSettings.FROM_FLAG,
      paramLabel = "RUN_ID",
      description =
          "With job-bookmark-pause: read the files that the runs after this one, up to"
              + " --job-bookmark-to, read (a run id or number; see 'bookmarks show').")
  String bookmarkFrom;

  @Option(
      names = BookmarkSettings.TO_FLAG,
      paramLabel = "RUN_ID",
      description = "With job-bookmark-pause: the last run of the range, included.")
  String bookmarkTo;

  @Option(
      names = "--late-policy",
      paramLabel = "POLICY",
      defaultValue = "keep",
      description =
          "Where events behind the watermark go: keep (cleansed, flagged is_late) or"
              + " quarantine (reason 'late').")
  String latePolicy;

  @Option(
      names = "--late-threshold",
      paramLabel = "DURATION",
      defaultValue = "3d",
      description =
          "An event is late when its event time is this far behind the newest event"
              + " time seen so far (e.g. 90m, 6h, 3d).")
  String lateThreshold;

  IngestConfig toConfig() {
    LatePolicy policy;
    try {
      policy = LatePolicy.parse(latePolicy);
    } catch (IllegalArgumentException e) {
      throw new dev.medallion.config.ConfigException(
          "--late-policy",
          "'" + latePolicy + "' is not a late policy",
          "use one of " + LatePolicy.allowed());
    }
    return new IngestConfig(
        LakeLocation.parse("--landing", landing),
        lake.location(),
        reprocessAll,
        policy,
        DurationParser.parse("--late-threshold", lateThreshold),
        BookmarkSettings.parse(bookmarkOption, bookmarkFrom, bookmarkTo));
  }
}
