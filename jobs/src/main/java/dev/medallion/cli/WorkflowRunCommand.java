package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.workflow.JobRunState;
import dev.medallion.workflow.TriggerEngine;
import dev.medallion.workflow.TriggerType;
import dev.medallion.workflow.WorkflowDefinition;
import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Job;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import dev.medallion.workflow.WorkflowRun;
import dev.medallion.workflow.WorkflowRun.JobRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medallion workflow run [TRIGGER]}: one run of the workflow here, by Glue's trigger rules
 * ({@link TriggerEngine}), each job run by its Medallion command in this JVM ({@link
 * CliJobLauncher}). Prints each trigger that fires and each job run as it goes, then a table of the
 * job runs and the conditional triggers that did not fire. Exit code 0 when every job run
 * succeeded, 1 when one did not, 2 for a usage error (no such trigger, a bad {@code --arg}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the workflow here, one job at a time, by Glue's trigger rules.",
      "It starts from TRIGGER, then fires each CONDITIONAL trigger whose predicate",
      "holds over this run's job runs (a failed job starts nothing unless a trigger",
      "waits for FAILED). Each job runs its command (medallion ingest, curate, ...)",
      "in this JVM with its default_arguments, overridden by the trigger's arguments,",
      "then by --arg. A flag given as \"true\" is passed bare, \"false\" not at all.",
      "Glue's own parameters (--TempDir, --enable-metrics, --conf, ...) are not",
      "passed: a note says so. Relative paths are relative to the current directory.",
      "Exit code: 0 if every job run succeeded, 1 if one did not, 2 for a usage error."
    })
final class WorkflowRunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TRIGGER",
      description = {
        "The ON_DEMAND or SCHEDULED trigger to start from",
        "(default: the workflow's ON_DEMAND trigger, if it has exactly one)."
      })
  String trigger;

  @Mixin WorkflowCommand.DefinitionFile definition;

  @Option(
      names = "--arg",
      paramLabel = "[JOB:]NAME=VALUE",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = {
        "An argument for this run (repeatable). It overrides",
        "the job's default and the trigger's argument.",
        "Without JOB: for every job whose command takes NAME.",
        "NAME with or without its leading --, e.g.",
        "  --arg lake=/tmp/lake",
        "  --arg ingest:late-policy=quarantine",
        "  --arg ingest:reprocess-all=true"
      })
  List<String> runArguments = List.of();

  @Option(
      names = "--dry-run",
      description = {
        "Print the command line of each job run, as if every job succeeded, and run nothing."
      })
  boolean dryRun;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    spark.parsed(); // a malformed --conf is a usage error before any job runs
    WorkflowDefinition loaded = definition.load();
    WorkflowDefinition workflow = loaded.withRunArguments(RunArguments.parse(loaded, runArguments));
    Trigger start = workflow.startTrigger(Optional.ofNullable(trigger));

    out.println(
        "workflow "
            + workflow.workflow().name()
            + ": run from trigger "
            + start.name()
            + " ("
            + start.type()
            + ")"
            + (dryRun ? ", dry run: nothing runs, every job counts as SUCCEEDED" : ""));
    if (!workflow.workflow().defaultRunProperties().isEmpty()) {
      // On Glue, jobs read run properties through the API; Medallion's jobs do not read them.
      out.println(
          "  run properties (not passed to jobs): " + workflow.workflow().defaultRunProperties());
    }
    ProgressPrinter progress = new ProgressPrinter(out);
    WorkflowRun run =
        new TriggerEngine(workflow, new CliJobLauncher(spark.conf, dryRun, out), progress)
            .run(Optional.of(start.name()));
    printSummary(out, workflow, run, progress.seconds);
    return run.succeeded() ? MedallionCli.OK : MedallionCli.FAILED;
  }

  /** Prints the triggers and job runs as they happen, and times each job run. */
  private static final class ProgressPrinter implements TriggerEngine.Listener {
    private final PrintStream out;
    private final Map<Integer, Long> started = new HashMap<>();
    final Map<Integer, Double> seconds = new HashMap<>();

    ProgressPrinter(PrintStream out) {
      this.out = out;
    }

    @Override
    public void triggerFired(Trigger trigger) {
      String jobs =
          trigger.actions().stream().map(Action::jobName).collect(Collectors.joining(", "));
      String why =
          trigger.type() == TriggerType.CONDITIONAL
              ? " (" + trigger.predicate().orElseThrow() + ")"
              : "";
      out.println("trigger " + trigger.name() + " fired" + why + ": starts " + jobs);
    }

    @Override
    public void jobStarting(int number, Job job, String trigger, Map<String, String> arguments) {
      out.println(
          "job run "
              + number
              + ": "
              + job.name()
              + " (medallion "
              + job.command()
              + "), started by "
              + trigger);
      out.flush();
      started.put(number, System.nanoTime());
    }

    @Override
    public void jobEnded(JobRun run) {
      double elapsed = (System.nanoTime() - started.get(run.number())) / 1e9;
      seconds.put(run.number(), elapsed);
      out.printf(
          "job run %d: %s %s in %.1f s%s%n",
          run.number(),
          run.jobName(),
          run.state(),
          elapsed,
          run.error().map(e -> ": " + e).orElse(""));
    }
  }

  private static void printSummary(
      PrintStream out, WorkflowDefinition workflow, WorkflowRun run, Map<Integer, Double> seconds) {
    List<JobRun> runs = run.jobRuns();
    long failed = run.unsuccessful().size();
    out.println();
    out.println(
        "workflow "
            + run.workflowName()
            + " from "
            + run.startTrigger()
            + ": "
            + runs.size()
            + (runs.size() == 1 ? " job run, " : " job runs, ")
            + (failed == 0
                ? "all " + JobRunState.SUCCEEDED
                : failed + " not " + JobRunState.SUCCEEDED));
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("run", "job", "trigger", "state", "seconds"));
    for (JobRun r : runs) {
      rows.add(
          List.of(
              String.valueOf(r.number()),
              r.jobName(),
              r.trigger(),
              r.state().name(),
              String.format("%.1f", seconds.getOrDefault(r.number(), 0.0))));
    }
    int[] widths = new int[5];
    rows.forEach(
        row -> {
          for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
          }
        });
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      out.println(
          String.format(
                  "  %" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-"
                      + widths[3] + "s  %" + widths[4] + "s",
                  row.toArray())
              .stripTrailing());
      if (i > 0) {
        runs.get(i - 1)
            .error()
            .ifPresent(e -> e.lines().forEach(l -> out.println("       " + l.strip())));
      }
    }
    List<String> unfired = run.unfiredTriggers();
    if (unfired.isEmpty()) {
      out.println("conditional triggers not fired: none");
    } else {
      out.println("conditional triggers not fired:");
      for (String name : unfired) {
        Trigger t = workflow.trigger(name).orElseThrow();
        out.println(
            "  "
                + name
                + "  when "
                + t.predicate().orElseThrow()
                + "  (would start "
                + t.actions().stream().map(Action::jobName).collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  /**
   * Reads {@code --arg [JOB:]NAME=VALUE} into arguments by job: with a JOB, for that job, whose
   * command must take NAME; without, for every job whose command takes NAME (at least one must).
   * Later ones win.
   */
  static final class RunArguments {
    private RunArguments() {}

    static Map<String, Map<String, String>> parse(
        WorkflowDefinition workflow, List<String> entries) {
      Map<String, Map<String, String>> byJob = new LinkedHashMap<>();
      Map<String, Optional<CommandOptions>> options = new HashMap<>();
      for (Job job : workflow.jobs().values()) {
        options.put(job.name(), CommandOptions.of(job.command()));
      }
      for (String entry : entries) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(
              "--arg",
              "'" + entry + "' is not [JOB:]NAME=VALUE",
              "write e.g. --arg lake=/tmp/lake or --arg ingest:late-policy=quarantine"
                  + " (a flag as --arg ingest:reprocess-all=true)");
        }
        String target = entry.substring(0, eq);
        String value = entry.substring(eq + 1);
        int colon = target.indexOf(':');
        String name = "--" + target.substring(colon + 1).replaceFirst("^-+", "");
        if (name.length() < 3) {
          throw new ConfigException(
              "--arg", "'" + entry + "' names no argument", "write e.g. --arg lake=/tmp/lake");
        }
        if (GlueArguments.GLUE_INTERNAL.contains(name)) {
          throw new ConfigException(
              "--arg",
              name + " is set by Glue itself and never passed to a job",
              name.equals("--conf")
                  ? "give Spark settings with 'workflow run --conf KEY=VALUE'"
                  : "leave it out");
        }
        List<String> jobs;
        if (colon >= 0) {
          String jobName = target.substring(0, colon);
          if (!workflow.jobs().containsKey(jobName)) {
            throw new ConfigException(
                "--arg",
                "'" + jobName + "' is not a job of workflow " + workflow.workflow().name(),
                "use one of " + String.join(", ", workflow.jobs().keySet()));
          }
          Job job = workflow.job(jobName);
          if (!options.get(jobName).map(o -> o.takes(name)).orElse(false)) {
            throw new ConfigException(
                "--arg",
                "job "
                    + jobName
                    + " runs 'medallion "
                    + job.command()
                    + "', which takes no "
                    + name,
                "see 'medallion " + job.command() + " --help' for its options");
          }
          jobs = List.of(jobName);
        } else {
          jobs =
              workflow.jobs().keySet().stream()
                  .filter(j -> options.get(j).map(o -> o.takes(name)).orElse(false))
                  .toList();
          if (jobs.isEmpty()) {
            throw new ConfigException(
                "--arg",
                "no job of workflow "
                    + workflow.workflow().name()
                    + " runs a command that takes "
                    + name,
                "check the name against 'medallion COMMAND --help' for the commands "
                    + workflow.jobs().values().stream()
                        .map(Job::command)
                        .distinct()
                        .collect(Collectors.joining(", ")));
          }
        }
        jobs.forEach(j -> byJob.computeIfAbsent(j, k -> new LinkedHashMap<>()).put(name, value));
      }
      return byJob;
    }
  }
}
