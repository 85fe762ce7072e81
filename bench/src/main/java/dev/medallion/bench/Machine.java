package dev.medallion.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * The facts a benchmark figure needs beside it: the processors this JVM may use, the processor's
 * model, the operating system, Java, Spark and how it runs, and the load on the machine when the
 * benchmark started (these machines are shared).
 */
public record Machine(
    int cores,
    Optional<String> cpuModel,
    String os,
    String java,
    String spark,
    String sparkMaster,
    int sparkParallelism,
    int taskSlots,
    double loadAverage) {

  public static Machine describe(SparkSession spark) {
    return describe(spark, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * The machine, with the load average measured when the benchmark started (before the session
   * existed, for a benchmark that starts Spark only once its timed steps are over).
   */
  public static Machine describe(SparkSession spark, double loadAverageAtStart) {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        readCpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        spark.version(),
        spark.sparkContext().master(),
        spark.sparkContext().defaultParallelism(),
        taskSlots(spark.sparkContext().master()),
        loadAverageAtStart);
  }

  /** One line: {@code 2 cores (AMD EPYC ...), Linux amd64, OpenJDK 17.0.15, load 0.4}. */
  public String line() {
    return cores
        + " cores"
        + cpuModel.map(m -> " (" + m + ")").orElse("")
        + ", "
        + os
        + ", "
        + java
        + (loadAverage >= 0
            ? String.format(Locale.ROOT, ", load average %.2f at the start", loadAverage)
            : "");
  }

  /** How many tasks run at once: local[N] runs N, local[*] one per core; -1 when not local. */
  static int taskSlots(String master) {
    Matcher m = LOCAL.matcher(master);
    if (!m.matches()) {
      return -1;
    }
    if (m.group(1) == null) {
      return 1;
    }
    return m.group(1).equals("*")
        ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(m.group(1));
  }

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?\\])?");

  private static Optional<String> readCpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
