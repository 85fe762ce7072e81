package dev.medallion.cli;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;

/**
 * The logging of the command line: Spark's, Delta's and Hadoop's at WARN and Medallion's at INFO by
 * default, wherever the command line runs; {@code --verbose} turns the root logger up to INFO while
 * a command runs.
 */
final class CliLogging {
  private CliLogging() {}

  /** The command line's log4j configuration, in the job jar. */
  static final String CONFIGURATION = "dev/medallion/cli/log4j2-cli.properties";

  /** The configuration Spark loads when log4j has none (all at INFO). */
  static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

  /**
   * Loads {@link #CONFIGURATION} when log4j runs on a default: its own (nothing configured) or
   * Spark's (spark-submit on a distribution without {@code conf/log4j2.properties}). A
   * configuration given on purpose ({@code -Dlog4j2.configurationFile}, bin/medallion's, a
   * distribution's own) is kept.
   */
  static void quietUnlessConfigured() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return; // not log4j-core: whatever logs here is configured elsewhere
    }
    if (!isDefault(context.getConfiguration())) {
      return;
    }
    URL own = CliLogging.class.getClassLoader().getResource(CONFIGURATION);
    if (own != null) {
      try {
        context.setConfigLocation(own.toURI());
      } catch (URISyntaxException e) {
        // a jar's resource always has a URI; without it, the logging stays as it was
      }
    }
  }

  static boolean isDefault(Configuration configuration) {
    if (configuration instanceof DefaultConfiguration) {
      return true;
    }
    String location = configuration.getConfigurationSource().getLocation();
    return location != null && location.endsWith(SPARK_DEFAULTS);
  }

  /**
   * Turns the root logger up to INFO (Spark's, Delta's, Hadoop's logging); the loggers configured
   * on their own (Parquet's, Medallion's) keep their levels. Closing it turns it back.
   */
  static Restore verbose() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return () -> {};
    }
    Level before = context.getConfiguration().getRootLogger().getLevel();
    if (before.isLessSpecificThan(Level.INFO)) {
      return () -> {}; // already INFO, DEBUG or ALL
    }
    setRootLevel(context, Level.INFO);
    return () -> setRootLevel(context, before);
  }

  /** As log4j's {@code Configurator.setRootLevel}, on the context this class logs to. */
  private static void setRootLevel(LoggerContext context, Level level) {
    context.getConfiguration().getRootLogger().setLevel(level);
    context.updateLoggers();
  }

  /** Undoes a change of the logging. */
  @FunctionalInterface
  interface Restore extends AutoCloseable {
    @Override
    void close();
  }
}
