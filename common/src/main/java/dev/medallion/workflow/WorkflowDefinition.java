package dev.medallion.workflow;

import dev.medallion.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The project's workflow: its jobs with their default arguments, and the triggers that start them,
 * read once from one JSON file ({@value #DEFAULT_FILE}) that the local runner and Terraform both
 * read. The file mirrors Glue's CreateWorkflow, CreateJob and CreateTrigger requests in Terraform's
 * snake_case names:
 *
 * <pre>{@code
 * {
 *   "workflow": {"name": "medallion", "description": "...", "default_run_properties": {}},
 *   "jobs": {
 *     "ingest": {"command": "ingest", "description": "...",
 *                "default_arguments": {"--lake": "lake", "--late-policy": "keep"}}
 *   },
 *   "triggers": [
 *     {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
 *     {"name": "hourly", "type": "SCHEDULED", "schedule": "cron(15 * * * ? *)",
 *      "start_on_creation": true, "actions": [{"job_name": "ingest"}]},
 *     {"name": "curate-after-ingest", "type": "CONDITIONAL", "start_on_creation": true,
 *      "predicate": {"logical": "AND", "conditions": [
 *          {"job_name": "ingest", "state": "SUCCEEDED", "logical_operator": "EQUALS"}]},
 *      "actions": [{"job_name": "curate", "arguments": {"--lake": "s3a://bucket/lake"}}]}
 *   ]
 * }
 * }</pre>
 *
 * <p>Every field is validated when read; a {@link ConfigException} names the file and the JSON path
 * of the field, says what is wrong and how to fix it.
 *
 * @param workflow the workflow's own settings
 * @param jobs the jobs by name, in file order
 * @param triggers the triggers, in file order
 */
public record WorkflowDefinition(Workflow workflow, Map<String, Job> jobs, List<Trigger> triggers) {

  /** Where the project's workflow definition lives, relative to the repository root. */
  public static final String DEFAULT_FILE = "workflow/medallion.json";

  /** The commands a job can run: the project's jobs. */
  public static final List<String> COMMANDS =
      List.of("ingest", "curate", "load", "stream", "maintenance");

  /** Glue refuses schedules that fire more often than this. */
  public static final int MIN_SCHEDULE_INTERVAL_MINUTES = 5;

  public WorkflowDefinition {
    jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    triggers = List.copyOf(triggers);
  }

  /**
   * Reads and validates a definition file.
   *
   * @throws ConfigException when the file is missing, is not JSON or is not a valid definition
   */
  public static WorkflowDefinition load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file.toString(),
          "no workflow definition there",
          "pass --file with the path of the definition (the project's is " + DEFAULT_FILE + ")");
    } catch (IOException e) {
      throw new ConfigException(
          file.toString(), "cannot be read: " + e.getMessage(), "check the path and permissions");
    }
    return parse(json, file.toString());
  }

  /**
   * Parses and validates a definition.
   *
   * @param source where the JSON came from, named in messages
   * @throws ConfigException when the text is not a valid definition
   */
  public static WorkflowDefinition parse(String json, String source) {
    return new DefinitionReader(source).read(json);
  }

  /** The job of that name; the definition guarantees every name a trigger uses exists. */
  public Job job(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      throw new IllegalArgumentException("no job '" + name + "' in workflow " + workflow.name());
    }
    return job;
  }

  public Optional<Trigger> trigger(String name) {
    return triggers.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public List<Trigger> triggers(TriggerType type) {
    return triggers.stream().filter(t -> t.type() == type).toList();
  }

  /**
   * The trigger a workflow run starts from: the named one, which must be ON_DEMAND or SCHEDULED, or
   * without a name the one ON_DEMAND trigger.
   *
   * @throws ConfigException when there is no such trigger or the choice is ambiguous
   */
  public Trigger startTrigger(Optional<String> name) {
    List<String> starters =
        triggers.stream().filter(t -> t.type().startsRuns()).map(Trigger::name).toList();
    if (name.isPresent()) {
      Trigger trigger =
          trigger(name.get())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "trigger",
                          "workflow " + workflow.name() + " has no trigger '" + name.get() + "'",
                          "name one of " + String.join(", ", starters)));
      if (!trigger.type().startsRuns()) {
        throw new ConfigException(
            "trigger",
            "'"
                + trigger.name()
                + "' is CONDITIONAL: it fires inside a workflow run, never starts one",
            "name one of " + String.join(", ", starters));
      }
      return trigger;
    }
    List<Trigger> onDemand = triggers(TriggerType.ON_DEMAND);
    if (onDemand.size() != 1) {
      throw new ConfigException(
          "trigger",
          "workflow "
              + workflow.name()
              + " has "
              + onDemand.size()
              + " ON_DEMAND triggers, so which to start from is not clear",
          "name the trigger to start from: one of " + String.join(", ", starters));
    }
    return onDemand.get(0);
  }

  /**
   * The arguments an action runs its job with: the job's default arguments, each overridden by the
   * action's argument of the same name, then the action's other arguments.
   */
  public Map<String, String> arguments(Action action) {
    Map<String, String> merged = new LinkedHashMap<>(job(action.jobName()).defaultArguments());
    merged.putAll(action.arguments());
    return Collections.unmodifiableMap(merged);
  }

  /**
   * This definition with arguments given for one run only: each job's are added to every action
   * that starts the job, so they override both the job's defaults and the trigger's arguments, as
   * the arguments of a Glue StartJobRun override the job's default arguments.
   *
   * @param byJob arguments ({@code --name: value}) by job name
   * @throws IllegalArgumentException when a name is not a job of this workflow or an argument name
   *     does not start with {@code --}
   */
  public WorkflowDefinition withRunArguments(Map<String, Map<String, String>> byJob) {
    byJob.forEach(
        (jobName, arguments) -> {
          job(jobName);
          arguments
              .keySet()
              .forEach(
                  name -> {
                    if (!name.startsWith("--") || name.length() < 3) {
                      throw new IllegalArgumentException(
                          "'" + name + "' is not an argument name: they start with --");
                    }
                  });
        });
    List<Trigger> changed =
        triggers.stream()
            .map(
                t ->
                    new Trigger(
                        t.name(),
                        t.type(),
                        t.description(),
                        t.schedule(),
                        t.predicate(),
                        t.actions().stream().map(a -> withArguments(a, byJob)).toList(),
                        t.startOnCreation()))
            .toList();
    return new WorkflowDefinition(workflow, jobs, changed);
  }

  private static Action withArguments(Action action, Map<String, Map<String, String>> byJob) {
    Map<String, String> extra = byJob.getOrDefault(action.jobName(), Map.of());
    if (extra.isEmpty()) {
      return action;
    }
    Map<String, String> merged = new LinkedHashMap<>(action.arguments());
    merged.putAll(extra);
    return new Action(action.jobName(), merged);
  }

  /**
   * The workflow's own settings (Glue's CreateWorkflow).
   *
   * @param name the workflow's name
   * @param description what it does ("" when not given)
   * @param defaultRunProperties properties every run of it starts with
   * @param maxConcurrentRuns how many runs may overlap on Glue; empty when unlimited
   */
  public record Workflow(
      String name,
      String description,
      Map<String, String> defaultRunProperties,
      OptionalInt maxConcurrentRuns) {
    public Workflow {
      defaultRunProperties = Collections.unmodifiableMap(new LinkedHashMap<>(defaultRunProperties));
    }
  }

  /**
   * A job of the workflow.
   *
   * @param name its name, as triggers refer to it
   * @param command the command that runs it: one of {@link #COMMANDS}
   * @param description what it does ("" when not given)
   * @param defaultArguments its arguments ({@code --name: value}) unless a trigger overrides them
   */
  public record Job(
      String name, String command, String description, Map<String, String> defaultArguments) {
    public Job {
      defaultArguments = Collections.unmodifiableMap(new LinkedHashMap<>(defaultArguments));
    }
  }

  /**
   * A trigger (Glue's CreateTrigger).
   *
   * @param name its name, unique in the workflow
   * @param type when it fires
   * @param description what it is for ("" when not given)
   * @param schedule when a SCHEDULED trigger fires; empty for the other types
   * @param predicate what a CONDITIONAL trigger waits for; empty for the other types
   * @param actions the jobs it starts, with the arguments that override their defaults
   * @param startOnCreation whether Glue activates it when it is created (never for ON_DEMAND)
   */
  public record Trigger(
      String name,
      TriggerType type,
      String description,
      Optional<AwsCron> schedule,
      Optional<Predicate> predicate,
      List<Action> actions,
      boolean startOnCreation) {
    public Trigger {
      actions = List.copyOf(actions);
    }
  }

  /** How a predicate combines its conditions (Glue's Predicate.Logical). */
  public enum Logical {
    /** Every condition holds. */
    AND,
    /** At least one condition holds. */
    ANY
  }

  /**
   * What a CONDITIONAL trigger waits for.
   *
   * @param logical how the conditions combine
   * @param conditions at least one
   */
  public record Predicate(Logical logical, List<Condition> conditions) {
    public Predicate {
      conditions = List.copyOf(conditions);
    }

    /**
     * Whether the predicate holds, given how the latest run of each job in the workflow run ended
     * (a job missing from the map has not run in it).
     */
    public boolean holds(Map<String, JobRunState> latestStates) {
      return logical == Logical.AND
          ? conditions.stream().allMatch(c -> c.state() == latestStates.get(c.jobName()))
          : conditions.stream().anyMatch(c -> c.state() == latestStates.get(c.jobName()));
    }

    /** The jobs its conditions watch. */
    public List<String> watchedJobs() {
      return conditions.stream().map(Condition::jobName).distinct().toList();
    }

    @Override
    public String toString() {
      return conditions.stream()
          .map(c -> c.jobName() + " " + c.state())
          .collect(Collectors.joining(" " + logical + " "));
    }
  }

  /**
   * A job state a trigger waits for (its logical operator is always EQUALS).
   *
   * @param jobName the watched job
   * @param state the state its run must end in
   */
  public record Condition(String jobName, JobRunState state) {}

  /**
   * A job a trigger starts.
   *
   * @param jobName the job
   * @param arguments arguments that override the job's defaults (may be empty)
   */
  public record Action(String jobName, Map<String, String> arguments) {
    public Action {
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
  }
}
