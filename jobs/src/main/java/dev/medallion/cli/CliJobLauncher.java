package dev.medallion.cli;

import dev.medallion.workflow.JobLauncher;
import dev.medallion.workflow.JobRunState;
import dev.medallion.workflow.WorkflowDefinition;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Runs a workflow's jobs in this JVM, each through the Medallion command line as a user would type
 * it ({@code medallion ingest --landing ... --lake ...}), so a job runs exactly the code, checks
 * and exit codes of its command. The arguments are mapped by {@link GlueArguments}.
 *
 * <p>The jobs share the process's one SparkSession: the first job that needs Spark makes it, the
 * next ones find it ({@link dev.medallion.spark.Sessions#getOrCreate}) and none stops it.
 *
 * <p>Exit code 0 is {@link JobRunState#SUCCEEDED}. Any other exit code, and an argument that cannot
 * be mapped, is a failed job: the launcher throws, and the trigger engine records the job run as
 * {@link JobRunState#FAILED} with the error the command printed.
 */
final class CliJobLauncher implements JobLauncher {
  private final List<String> sparkConf;
  private final boolean dryRun;
  private final PrintStream out;

  /**
   * @param sparkConf {@code KEY=VALUE} settings passed to every job as {@code --conf}
   * @param dryRun print each job's command line and count it as succeeded, without running it
   * @param out where the command lines and notes go
   */
  CliJobLauncher(List<String> sparkConf, boolean dryRun, PrintStream out) {
    this.sparkConf = List.copyOf(sparkConf);
    this.dryRun = dryRun;
    this.out = out;
  }

  @Override
  public JobRunState run(String jobName, String command, Map<String, String> arguments) {
    CommandOptions options =
        CommandOptions.of(command)
            .orElseThrow(
                () ->
                    new JobFailedException(
                        "this build has no 'medallion "
                            + command
                            + "' command yet (job "
                            + jobName
                            + "); the commands are "
                            + commands()));
    GlueArguments.CommandArgs mapped = GlueArguments.toCommandLine(options, arguments);
    List<String> argv = new ArrayList<>();
    argv.add(command);
    argv.addAll(mapped.args());
    if (options.takes("--conf")) {
      sparkConf.forEach(
          setting -> {
            argv.add("--conf");
            argv.add(setting);
          });
    }
    mapped.notes().forEach(note -> out.println("  note: " + note));
    out.println("  $ medallion " + display(argv));
    out.flush();
    if (dryRun) {
      return JobRunState.SUCCEEDED;
    }

    StringWriter captured = new StringWriter();
    PrintWriter err =
        new PrintWriter(
            new Tee(new OutputStreamWriter(System.err, Charset.defaultCharset()), captured), true);
    CommandLine cli = MedallionCli.commandLine();
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          // One line, not the whole usage text in the middle of the workflow's output.
          PrintWriter w = e.getCommandLine().getErr();
          w.println("medallion " + command + ": " + e.getMessage());
          w.println("  (see 'medallion " + command + " --help' for its options)");
          w.flush();
          return MedallionCli.USAGE;
        });
    int exit = cli.execute(argv.toArray(String[]::new));
    err.flush();
    out.flush();
    if (exit == MedallionCli.OK) {
      return JobRunState.SUCCEEDED;
    }
    throw new JobFailedException(error(captured.toString(), exit));
  }

  /**
   * Spark's default {@code spark.redaction.regex}: settings and arguments whose names match it are
   * printed without their values.
   */
  private static final Pattern SECRET = Pattern.compile("(?i)secret|password|token|access[.]key");

  private static final String REDACTED = "*********(redacted)";

  /** A command line as one would type it in a shell, with secret values left out. */
  static String display(List<String> argv) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      int eq = arg.indexOf('=');
      boolean named = arg.startsWith("--");
      if (named && eq > 0) {
        boolean secret = SECRET.matcher(arg.substring(0, eq)).find();
        shown.add(secret ? arg.substring(0, eq + 1) + REDACTED : arg);
      } else if (named && i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
        String value = argv.get(i + 1);
        int valueEq = value.indexOf('=');
        shown.add(arg);
        if (arg.equals("--conf") && valueEq > 0) {
          String key = value.substring(0, valueEq);
          shown.add(SECRET.matcher(key).find() ? key + "=" + REDACTED : value);
        } else {
          shown.add(SECRET.matcher(arg).find() ? REDACTED : value);
        }
        i++;
      } else {
        shown.add(arg);
      }
    }
    return shown.stream().map(GlueArguments::quote).collect(Collectors.joining(" "));
  }

  /** The error lines the command printed: its message and the causes, without hints. */
  static String error(String stderr, int exit) {
    List<String> lines =
        stderr
            .lines()
            .filter(l -> l.startsWith("medallion") || l.startsWith("  caused by: "))
            .map(l -> l.startsWith("medallion: error: ") ? l.substring(18) : l)
            .toList();
    return lines.isEmpty()
        ? "exit code " + exit + " (see the output above)"
        : String.join("\n", lines).strip();
  }

  private static String commands() {
    var names = new ArrayList<>(new CommandLine(new MedallionCli()).getSubcommands().keySet());
    names.retainAll(WorkflowDefinition.COMMANDS);
    return String.join(", ", names);
  }

  /** A job run that did not succeed; its message is the error shown for the run. */
  static final class JobFailedException extends RuntimeException {
    JobFailedException(String message) {
      super(message);
    }
  }

  /** Writes to the error stream and keeps a copy. */
  private static final class Tee extends Writer {
    private final Writer first;
    private final Writer second;

    Tee(Writer first, Writer second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      first.write(buffer, offset, length);
      second.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
