package dev.medallion.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code medallion <args>} in a separate JVM with the test's class path, so that a test can
 * kill it (SIGKILL, or a fault point's halt) without killing itself. Its output goes to a file.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts the command; {@code properties} become {@code -Dkey=value} (e.g. MEDALLION_FAULT). */
  public static Process start(
      List<String> args, Map<String, String> properties, Map<String, String> env, Path output)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        command.add(arg);
      }
    }
    command.add("-Xmx1g");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("dev.medallion.cli.MedallionCli");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.redirectOutput(output.toFile());
    return builder.start();
  }
}
