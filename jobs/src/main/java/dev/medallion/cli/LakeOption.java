package dev.medallion.cli;

import dev.medallion.config.LakeLocation;
import picocli.CommandLine.Option;

/**
 * The {@code --lake} option, declared once for every command that reads or writes the lake (a
 * picocli mixin). The demo declares its own: its lake is a local directory it recreates.
 */
final class LakeOption {
  static final String NAME = "--lake";

  @Option(
      names = NAME,
      paramLabel = "DIR",
      defaultValue = "lake",
      description = "Lake root: a directory or a URI such as s3a://bucket/lake.")
  String text;

  /** The lake, parsed; a wrong value is a configuration error naming {@code --lake}. */
  LakeLocation location() {
    return LakeLocation.parse(NAME, text);
  }
}
