package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.workflow.Schedule;
import dev.medallion.workflow.WorkflowDefinition;
import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Job;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medallion workflow}: the workflow definition ({@value WorkflowDefinition#DEFAULT_FILE})
 * that the local runner and Terraform share. None of its subcommands starts Spark except {@code
 * run}, by running a job.
 */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = {
      "The workflow: jobs, their default arguments and the triggers that start them,",
      "from the one definition file that Terraform reads too. 'show' prints it, 'next'",
      "says when its schedules fire, 'run' runs it here by Glue's trigger rules."
    },
    subcommands = {
      WorkflowCommand.Next.class,
      WorkflowCommand.Show.class,
      WorkflowRunCommand.class
    })
final class WorkflowCommand implements Runnable {
  /** Where "now" comes from when {@code --at} is not given; tests replace it. */
  static Clock clock = Clock.systemUTC();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw MedallionCli.missingSubcommand(spec, "subcommand");
  }

  /** The {@code --file} option of every workflow subcommand. */
  static final class DefinitionFile {
    @Option(
        names = "--file",
        paramLabel = "FILE",
        defaultValue = WorkflowDefinition.DEFAULT_FILE,
        description = "The workflow definition (JSON).")
    Path file;

    WorkflowDefinition load() {
      return WorkflowDefinition.load(file);
    }
  }

  @Command(
      name = "next",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "When the SCHEDULED triggers fire next (UTC), and which fires first.",
        "Times are strictly after --at (default: now)."
      })
  static final class Next implements Callable<Integer> {
    @Mixin DefinitionFile definition;

    @Option(
        names = "--at",
        paramLabel = "TIMESTAMP",
        description = {
          "Look ahead from this instant (default: now),",
          "e.g. 2026-11-21T10:00:00Z."
        })
    String at;

    @Option(
        names = "--count",
        paramLabel = "N",
        defaultValue = "3",
        description = "How many fire times to list per trigger.")
    int count;

    @Override
    public Integer call() {
      if (count < 1 || count > 1000) {
        throw new ConfigException(
            "--count", "must be from 1 to 1000, got " + count, "pass e.g. --count 5");
      }
      // Whole seconds: fire times are whole minutes, and the header reads better.
      Instant from =
          at == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : parseInstant(at);
      WorkflowDefinition workflow = definition.load();
      Schedule schedule = new Schedule(workflow);
      PrintStream out = System.out;
      out.println(
          "workflow "
              + workflow.workflow().name()
              + ": scheduled triggers after "
              + from
              + " (UTC)");
      if (schedule.triggers().isEmpty()) {
        out.println("  no SCHEDULED triggers");
        return MedallionCli.OK;
      }
      for (Trigger trigger : schedule.triggers()) {
        out.println(
            "  "
                + trigger.name()
                + "  "
                + trigger.schedule().orElseThrow()
                + "  starts "
                + jobs(trigger));
        List<Instant> times = schedule.upcoming(trigger, from, count);
        if (times.isEmpty()) {
          out.println("    never fires again");
        }
        times.forEach(t -> out.println("    " + t));
      }
      List<Schedule.Fire> first = schedule.firstToFire(from);
      if (first.isEmpty()) {
        out.println("next: none fires again");
      } else {
        out.println(
            "next: "
                + first.stream().map(Schedule.Fire::trigger).collect(Collectors.joining(", "))
                + " at "
                + first.get(0).at());
      }
      return MedallionCli.OK;
    }

    private static Instant parseInstant(String text) {
      try {
        return OffsetDateTime.parse(text.strip()).toInstant();
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            "--at",
            "'" + text + "' is not a timestamp with a time zone",
            "write e.g. 2026-11-21T10:00:00Z (UTC) or 2026-11-21T11:00:00+01:00");
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = "The workflow's jobs, with their default arguments, and its triggers.")
  static final class Show implements Callable<Integer> {
    @Mixin DefinitionFile definition;

    @Override
    public Integer call() {
      WorkflowDefinition workflow = definition.load();
      PrintStream out = System.out;
      var w = workflow.workflow();
      out.println(
          "workflow " + w.name() + (w.description().isEmpty() ? "" : ": " + w.description()));
      w.maxConcurrentRuns().ifPresent(n -> out.println("  max concurrent runs: " + n));
      if (!w.defaultRunProperties().isEmpty()) {
        out.println("  run properties: " + arguments(w.defaultRunProperties()));
      }
      out.println();
      out.println("jobs:");
      for (Job job : workflow.jobs().values()) {
        out.println(
            "  "
                + job.name()
                + " (medallion "
                + job.command()
                + ")"
                + (job.description().isEmpty() ? "" : ": " + job.description()));
        if (!job.defaultArguments().isEmpty()) {
          out.println("    " + arguments(job.defaultArguments()));
        }
      }
      out.println();
      out.println("triggers:");
      for (Trigger trigger : workflow.triggers()) {
        String when =
            switch (trigger.type()) {
              case ON_DEMAND -> "on demand";
              case SCHEDULED -> "scheduled " + trigger.schedule().orElseThrow();
              case CONDITIONAL -> "when " + trigger.predicate().orElseThrow();
            };
        out.println(
            "  "
                + trigger.name()
                + "  "
                + trigger.type()
                + "  "
                + when
                + (trigger.startOnCreation() ? "  (active on creation)" : ""));
        for (Action action : trigger.actions()) {
          out.println(
              "    starts "
                  + action.jobName()
                  + (action.arguments().isEmpty()
                      ? ""
                      : " overriding " + arguments(action.arguments())));
        }
      }
      return MedallionCli.OK;
    }
  }

  private static String jobs(Trigger trigger) {
    return trigger.actions().stream().map(Action::jobName).collect(Collectors.joining(", "));
  }

  private static String arguments(Map<String, String> arguments) {
    return arguments.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(" "));
  }
}
