package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's logging: quiet by default, {@code --verbose} wherever it is given. */
class CliLoggingTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  /** The settings of a properties file: its lines without comments and blank lines. */
  private static List<String> settings(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  @Test
  void theJarsConfigurationIsBinMedallions() throws IOException {
    String launcher = Files.readString(REPO.resolve("conf/log4j2.properties"));
    String jar;
    try (InputStream in =
        CliLogging.class.getClassLoader().getResourceAsStream(CliLogging.CONFIGURATION)) {
      assertThat(in).as(CliLogging.CONFIGURATION).isNotNull();
      jar = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(settings(jar)).isEqualTo(settings(launcher));
    assertThat(settings(jar))
        .contains("rootLogger.level = warn", "logger.medallion.level = info")
        .contains("appender.console.target = SYSTEM_ERR", "appender.console.follow = true");
  }

  @Test
  void onlyLog4jsAndSparksDefaultsAreReplaced() {
    assertThat(CliLogging.isDefault(new DefaultConfiguration())).isTrue();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    // This JVM's log4j2-test.properties: a configuration of its own, kept.
    assertThat(CliLogging.isDefault(context.getConfiguration())).isFalse();
  }

  @Test
  void verboseTurnsTheRootLoggerUpToInfoWhileTheCommandRuns() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Level before = context.getConfiguration().getRootLogger().getLevel();
    assertThat(before).isEqualTo(Level.WARN);
    try (CliLogging.Restore restore = CliLogging.verbose()) {
      assertThat(LogManager.getLogger("org.apache.spark.SparkContext").isInfoEnabled()).isTrue();
    }
    assertThat(context.getConfiguration().getRootLogger().getLevel()).isEqualTo(before);
    assertThat(LogManager.getLogger("org.apache.spark.SparkContext").isInfoEnabled()).isFalse();
  }

  @Test
  void verboseIsTakenBeforeAndAfterTheCommand() {
    assertThat(verbose("--verbose", "ingest", "--landing", "x")).isTrue();
    assertThat(verbose("ingest", "--verbose", "--landing", "x")).isTrue();
    assertThat(verbose("bookmarks", "show", "--job", "ingest", "--verbose")).isTrue();
    assertThat(verbose("ingest", "--landing", "x")).isFalse();
  }

  private static boolean verbose(String... args) {
    CommandLine.ParseResult parsed = MedallionCli.commandLine().parseArgs(args);
    return MedallionCli.verbose(parsed);
  }
}
