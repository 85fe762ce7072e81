package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.ingest.LandingNotFoundException;
import dev.medallion.progress.ProgressDisplay;
import dev.medallion.progress.ProgressMode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code medallion}: the command line of the project. Each subcommand parses its options into a
 * typed configuration, builds the session and runs a job; exit codes: 0 success, 1 the job failed,
 * 2 a usage or configuration error.
 */
@Command(
    name = "medallion",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "A medallion lakehouse ETL on Apache Spark and Delta Lake:",
      "landing files -> raw -> cleansed (+ quarantine) -> curated.",
      ""
    },
    subcommands = {
      PipelineCommand.class,
      IngestCommand.class,
      CurateCommand.class,
      StreamCommand.class,
      LoadCommand.class,
      MaintenanceCommand.class,
      QueryCommand.class,
      DashboardCommand.class,
      ReportCommand.class,
      BookmarksCommand.class,
      DemoCommand.class,
      SampleCommand.class,
      ProduceCommand.class,
      KinesisEmulatorCommand.class,
      WorkflowCommand.class
    },
    footer = {"", "Run 'medallion COMMAND --help' for a command's options."})
public final class MedallionCli implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /**
   * Commands that come from another module through a {@link CliExtension}, and where they are: for
   * the error when their jar is not on the class path (e.g. under spark-submit with the job jar).
   */
  private static final Map<String, String> ELSEWHERE =
      Map.of(
          "bench",
          "the benchmarks are in module bench (medallion-bench-VERSION.jar), which the job jar never"
              + " holds");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final String VERBOSE = "--verbose";

  @CommandLine.Option(
      names = VERBOSE,
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Show Spark's, Delta's and Hadoop's own logging (INFO and up) on stderr; by default only"
              + " their warnings.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    CliLogging.quietUnlessConfigured();
    System.exit(execute(args));
  }

  /**
   * The usage error of a command group run without one of its subcommands, naming them all.
   *
   * @param what what a subcommand is called here, e.g. "subcommand" or "benchmark"
   */
  public static CommandLine.ParameterException missingSubcommand(
      CommandLine.Model.CommandSpec spec, String what) {
    return new CommandLine.ParameterException(
        spec.commandLine(),
        "name a " + what + ": " + String.join(", ", spec.subcommands().keySet()));
  }

  /**
   * Runs the command line and returns its exit code (for tests: no System.exit), with the progress
   * of long work on stderr as {@link ProgressMode#ENV} or the terminal says.
   */
  public static int execute(String... args) {
    ProgressMode mode;
    try {
      mode = ProgressMode.ofProcess();
    } catch (ConfigException e) {
      System.err.println("medallion: error: " + e.getMessage());
      return USAGE;
    }
    try (ProgressDisplay display = ProgressDisplay.install(mode)) {
      return commandLine().execute(args);
    }
  }

  /**
   * The command line with its error handling: a configuration error is a usage error (exit 2), any
   * other exception a failed run (exit 1), each told in one message on the error writer. Its
   * subcommands are this module's, then those of every {@link CliExtension} on the class path.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MedallionCli());
    for (CliExtension extension :
        ServiceLoader.load(CliExtension.class, MedallionCli.class.getClassLoader())) {
      cli.addSubcommand(extension.command());
    }
    ELSEWHERE.forEach(
        (name, where) -> {
          if (!cli.getSubcommands().containsKey(name)) {
            cli.addSubcommand(name, new Elsewhere(name, where));
          }
        });
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setExecutionStrategy(
        parseResult -> {
          try (CliLogging.Restore logging =
              verbose(parseResult) ? CliLogging.verbose() : () -> {}) {
            return new CommandLine.RunLast().execute(parseResult);
          }
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof ConfigException || e instanceof LandingNotFoundException) {
            err.println("medallion: error: " + e.getMessage());
            err.flush();
            return USAGE;
          }
          err.println(
              "medallion: the " + commandLine.getCommandName() + " run failed: " + message(e));
          err.println("  (set MEDALLION_DEBUG=1 to see the stack trace)");
          if (System.getenv("MEDALLION_DEBUG") != null) {
            e.printStackTrace(err);
          }
          err.flush();
          return FAILED;
        });
    return cli;
  }

  /**
   * Stands for a command whose module's jar is not on the class path: hidden from the help, it
   * takes any arguments (so that {@code bench load --rows N} cannot fall through to {@code load})
   * and fails with a usage error saying where the command is.
   */
  @Command(hidden = true)
  static final class Elsewhere implements Runnable {
    private final String name;
    private final String where;

    @CommandLine.Unmatched List<String> arguments = new ArrayList<>();

    Elsewhere(String name, String where) {
      this.name = name;
      this.where = where;
    }

    @Override
    public void run() {
      throw new ConfigException(
          name,
          "not a command of this jar: " + where,
          "run it with bin/medallion, which puts that jar beside the job jar, or add the jar to the"
              + " class path");
    }
  }

  /** Whether {@value #VERBOSE} was given, to the command or to any of its subcommands. */
  static boolean verbose(CommandLine.ParseResult parseResult) {
    for (var r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }

  /** The message and, where they add something, the messages of its causes. */
  static String message(Throwable e) {
    StringBuilder out = new StringBuilder();
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage().strip();
      if (out.indexOf(m) < 0) {
        out.append(out.length() == 0 ? "" : "\n  caused by: ").append(m);
      }
    }
    return out.toString();
  }
}
