package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a workflow job's arguments, written as Glue takes them ({@code "--name": "value"}, the
 * job's default arguments overridden by the trigger's and the run's), into the command line of the
 * Medallion command that runs the job. Rule by rule, in this order:
 *
 * <ol>
 *   <li>An argument Glue sets itself ({@link #GLUE_INTERNAL}: {@code --conf}, {@code --JOB_NAME},
 *       ...) is never passed, with a note. Glue's {@code --conf} is not Medallion's: Spark settings
 *       for a local workflow run go to {@code workflow run --conf}.
 *   <li>A Glue special parameter ({@link #GLUE_SPECIAL}: {@code --TempDir}, {@code
 *       --enable-metrics}, ...) that the command does not take is dropped, with a note; one it does
 *       take ({@code --job-bookmark-option}) is passed like any other.
 *   <li>A boolean option of the command: {@code "true"} becomes the bare flag, {@code "false"}
 *       nothing (either case); any other value is an error.
 *   <li>Anything else passes as {@code --name value}, or {@code --name=value} when the value starts
 *       with {@code -} (so that it cannot be taken for an option), and the command judges it: an
 *       option it does not take, or a value it refuses, fails the job.
 * </ol>
 *
 * <p>The Glue lists follow the job parameter reference,
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html, and the
 * arguments Glue itself passes to a job run.
 */
final class GlueArguments {
  private GlueArguments() {}

  /** Arguments Glue sets itself ("internal to AWS Glue, do not set") or passes to every run. */
  static final Set<String> GLUE_INTERNAL =
      Set.of(
          "--conf",
          "--debug",
          "--mode",
          "--JOB_NAME",
          "--JOB_ID",
          "--JOB_RUN_ID",
          "--WORKFLOW_NAME",
          "--WORKFLOW_RUN_ID",
          "--continuation-option");

  /** The special parameters with which Glue sets up a job's environment. */
  static final Set<String> GLUE_SPECIAL =
      Set.of(
          "--additional-python-modules",
          "--auto-scale-within-microbatch",
          "--class",
          "--continuous-log-conversionPattern",
          "--continuous-log-logGroup",
          "--continuous-log-logStreamPrefix",
          "--customer-driver-env-vars",
          "--customer-executor-env-vars",
          "--datalake-formats",
          "--disable-proxy-v2",
          "--enable-auto-scaling",
          "--enable-continuous-cloudwatch-log",
          "--enable-continuous-log-filter",
          "--enable-glue-datacatalog",
          "--enable-job-insights",
          "--enable-lakeformation-fine-grained-access",
          "--enable-metrics",
          "--enable-observability-metrics",
          "--enable-rename-algorithm-v2",
          "--enable-s3-parquet-optimized-committer",
          "--enable-spark-ui",
          "--executor-cores",
          "--extra-files",
          "--extra-jars",
          "--extra-py-files",
          "--job-bookmark-option",
          "--job-bookmark-from",
          "--job-bookmark-to",
          "--job-language",
          "--python-modules-installer-option",
          "--scriptLocation",
          "--spark-event-logs-path",
          "--TempDir",
          "--use-postgres-driver",
          "--user-jars-first");

  /**
   * A command line for one job.
   *
   * @param args the arguments after the command's name
   * @param notes one line per argument that was not passed, saying why
   */
  record CommandArgs(List<String> args, List<String> notes) {
    CommandArgs {
      args = List.copyOf(args);
      notes = List.copyOf(notes);
    }

    /** The arguments as one might type them in a shell. */
    String display() {
      return args.stream().map(GlueArguments::quote).collect(Collectors.joining(" "));
    }
  }

  /**
   * The command line for a job.
   *
   * @param command what the command takes
   * @param arguments the job's arguments, in the order they are passed
   * @throws ConfigException when a flag's value is neither true nor false
   */
  static CommandArgs toCommandLine(CommandOptions command, Map<String, String> arguments) {
    List<String> args = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String medallion = "'medallion " + command.command() + "'";
    arguments.forEach(
        (name, value) -> {
          if (name.equals("--conf")) {
            notes.add(
                "--conf is internal to Glue, not passed; give Spark settings to"
                    + " 'medallion workflow run --conf KEY=VALUE'");
          } else if (GLUE_INTERNAL.contains(name)) {
            notes.add(name + " is set by Glue itself, not passed");
          } else if (GLUE_SPECIAL.contains(name) && !command.takes(name)) {
            notes.add(
                name + " is a Glue parameter that " + medallion + " does not take, not passed");
          } else if (command.isFlag(name)) {
            if (flag(name, value, medallion)) {
              args.add(name);
            }
          } else if (value.startsWith("-")) {
            args.add(name + "=" + value);
          } else {
            args.add(name);
            args.add(value);
          }
        });
    return new CommandArgs(args, notes);
  }

  private static boolean flag(String name, String value, String medallion) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigException(
              name,
              "is a flag of " + medallion + ", so its value is true or false, not '" + value + "'",
              "write \""
                  + name
                  + "\": \"true\" to set it, or \"false\" (or nothing) to leave it off");
    };
  }

  /** Quotes an argument for a POSIX shell when it needs it. */
  static String quote(String arg) {
    if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
