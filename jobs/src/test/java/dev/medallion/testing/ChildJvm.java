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
    ProcessBuilder builder = builder(args, properties, env).redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    return builder.start();
  }

  /** Starts the command with its stdout and its stderr each in a file of its own. */
  public static Process start(
      List<String> args,
      Map<String, String> properties,
      Map<String, String> env,
      Path stdout,
      Path stderr)
      throws IOException {
    ProcessBuilder builder = builder(args, properties, env);
    builder.redirectOutput(stdout.toFile());
    builder.redirectError(stderr.toFile());
    return builder.start();
  }

  private static ProcessBuilder builder(
      List<String> args, Map<String, String> properties, Map<String, String> env) {
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
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder;
  }
}
