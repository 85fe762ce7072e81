package dev.medallion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step of {@code bench batch} run as a fresh {@code java} process with this JVM's class path and
 * options, which are those of {@code bin/medallion} when the benchmark runs from it (its {@code
 * jvm.options}, {@code -Xmx} from {@code MEDALLION_MEMORY}, the parallel collector, the log
 * configuration): a job as a user or a scheduler starts it, JVM start included. Its output goes to
 * a log file. Timed by wall clock; its peak resident set comes from {@code /usr/bin/time -f '%e
 * %M'} when that is there, else from polling {@code VmHWM} in {@code /proc/<pid>/status}.
 */
final class TimedJvm {
  static final Path GNU_TIME = Path.of("/usr/bin/time");

  /**
   * How a step went.
   *
   * @param seconds wall-clock time from start to exit
   * @param peakRss the process's peak resident set in bytes, when known
   * @param exit its exit code
   * @param log where its output went
   */
  record Run(double seconds, OptionalLong peakRss, int exit, Path log) {
    /** The last lines of the log, for an error message. */
    String tail(int lines) {
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException | RuntimeException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }
  }

  private TimedJvm() {}

  /** {@code java <this JVM's options> -cp <this class path> mainClass args}. */
  static List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib:") && !option.startsWith("-javaagent:")) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Runs {@code command} to its end, its output (both streams) to {@code log}. */
  static Run run(List<String> command, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      boolean gnuTime = Files.isExecutable(GNU_TIME);
      Path timeOutput = log.resolveSibling(log.getFileName() + ".time");
      List<String> full = new ArrayList<>();
      if (gnuTime) {
        full.addAll(List.of(GNU_TIME.toString(), "-f", "%e %M", "-o", timeOutput.toString()));
      }
      full.addAll(command);
      ProcessBuilder builder =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      long polled = gnuTime ? -1 : pollPeak(process);
      int exit = process.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      OptionalLong peak =
          gnuTime
              ? kilobytesOf(timeOutput)
              : polled > 0 ? OptionalLong.of(polled) : OptionalLong.empty();
      return new Run(seconds, peak, exit, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a step of the benchmark", e);
    }
  }

  /** The {@code %M} of GNU time's output (kilobytes), in bytes. */
  static OptionalLong kilobytesOf(Path timeOutput) {
    try {
      List<String> lines = Files.readAllLines(timeOutput, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        Matcher m = TIME_LINE.matcher(lines.get(i).trim());
        if (m.matches()) {
          return OptionalLong.of(Long.parseLong(m.group(2)) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no figure: the report says so
    }
    return OptionalLong.empty();
  }

  private static final Pattern TIME_LINE = Pattern.compile("(\\d+(?:\\.\\d+)?) (\\d+)");

  /** Polls the process's {@code VmHWM} until it ends; the last value read. */
  private static long pollPeak(Process process) throws InterruptedException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peak = -1;
    while (process.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process has ended, or there is no /proc
      }
      Thread.sleep(100);
    }
    return peak;
  }
}
