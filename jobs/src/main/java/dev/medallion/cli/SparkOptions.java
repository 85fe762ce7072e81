package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.spark.Sessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every command that runs Spark takes (a picocli mixin, for extensions too). */
public final class SparkOptions {
  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = {
        "A Spark or Hadoop setting, repeatable; e.g. for an S3-compatible lake:",
        "--conf spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9000"
      })
  List<String> conf = List.of();

  Map<String, String> parsed() {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String entry : conf) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "--conf", "'" + entry + "' is not KEY=VALUE", "write it as --conf spark.key=value");
      }
      settings.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
    }
    return settings;
  }

  /**
   * A Hadoop configuration with the {@code spark.hadoop.*} settings, for commands that only read
   * and write small files under the lake and need no Spark.
   */
  org.apache.hadoop.conf.Configuration hadoopConf() {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    dev.medallion.spark.Sessions.S3_SCHEME.forEach(hadoop::set);
    parsed()
        .forEach(
            (key, value) -> {
              if (key.startsWith("spark.hadoop.")) {
                hadoop.set(key.substring("spark.hadoop.".length()), value);
              }
            });
    return hadoop;
  }

  /** The session of application {@code "medallion " + app}, with the {@code --conf} settings. */
  public SparkSession session(String app) {
    return Sessions.getOrCreate("medallion " + app, parsed());
  }
}
