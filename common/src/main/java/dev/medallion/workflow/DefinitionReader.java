package dev.medallion.workflow;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.ConfigException;
import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Condition;
import dev.medallion.workflow.WorkflowDefinition.Job;
import dev.medallion.workflow.WorkflowDefinition.Logical;
import dev.medallion.workflow.WorkflowDefinition.Predicate;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import dev.medallion.workflow.WorkflowDefinition.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a workflow definition from JSON, field by field, so that every error names the JSON path of
 * the field at fault. Unknown fields are errors: a misspelt {@code start_on_creaton} would
 * otherwise be ignored here and by Terraform alike.
 */
final class DefinitionReader {
  /** Names of workflows, jobs and triggers: usable as Glue names and as Terraform keys. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final String source;

  DefinitionReader(String source) {
    this.source = source;
  }

  WorkflowDefinition read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonParseException e) {
      throw new ConfigException(
          source,
          "is not valid JSON: "
              + e.getOriginalMessage()
              + " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")",
          "fix the JSON syntax");
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source, "is not valid JSON: " + e.getOriginalMessage(), "fix the JSON syntax");
    }
    if (root == null || root.isMissingNode()) {
      throw error("", "is empty", "write the workflow, jobs and triggers (see " + example() + ")");
    }
    object("", root, "workflow", "jobs", "triggers");
    Workflow workflow = workflow(required("", root, "workflow"));
    Map<String, Job> jobs = jobs(required("", root, "jobs"));
    List<Trigger> triggers = triggers(required("", root, "triggers"), jobs);
    return new WorkflowDefinition(workflow, jobs, triggers);
  }

  private static String example() {
    return WorkflowDefinition.DEFAULT_FILE;
  }

  // ---------------------------------------------------------------------------------------------
  // The parts

  private Workflow workflow(JsonNode node) {
    String path = "workflow";
    object(path, node, "name", "description", "default_run_properties", "max_concurrent_runs");
    String name = name(path + ".name", required(path, node, "name"));
    OptionalInt maxRuns = OptionalInt.empty();
    JsonNode max = node.get("max_concurrent_runs");
    if (max != null) {
      if (!max.isInt() || max.intValue() < 1) {
        throw error(
            path + ".max_concurrent_runs",
            "is " + max + ", not a positive whole number",
            "write e.g. 1, or leave it out for no limit");
      }
      maxRuns = OptionalInt.of(max.intValue());
    }
    return new Workflow(
        name,
        optionalText(path + ".description", node.get("description")),
        stringMap(path + ".default_run_properties", node.get("default_run_properties"), false),
        maxRuns);
  }

  private Map<String, Job> jobs(JsonNode node) {
    String path = "jobs";
    if (!node.isObject() || node.isEmpty()) {
      throw error(
          path,
          node.isObject() ? "has no jobs" : "is " + kind(node) + ", not an object of jobs by name",
          "write e.g. \"jobs\": {\"ingest\": {\"command\": \"ingest\"}}");
    }
    Map<String, Job> jobs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String jobPath = path + "." + entry.getKey();
      checkName(jobPath, entry.getKey());
      JsonNode job = entry.getValue();
      object(jobPath, job, "command", "description", "default_arguments");
      String commandPath = jobPath + ".command";
      String command = text(commandPath, required(jobPath, job, "command"));
      if (!WorkflowDefinition.COMMANDS.contains(command)) {
        throw error(
            commandPath,
            "'" + command + "' is not a command of this project",
            "use one of " + String.join(", ", WorkflowDefinition.COMMANDS));
      }
      jobs.put(
          entry.getKey(),
          new Job(
              entry.getKey(),
              command,
              optionalText(jobPath + ".description", job.get("description")),
              stringMap(jobPath + ".default_arguments", job.get("default_arguments"), true)));
    }
    return jobs;
  }

  private List<Trigger> triggers(JsonNode node, Map<String, Job> jobs) {
    String path = "triggers";
    if (!node.isArray() || node.isEmpty()) {
      throw error(
          path,
          node.isArray() ? "lists no trigger" : "is " + kind(node) + ", not a list of triggers",
          "list at least an ON_DEMAND or SCHEDULED trigger that starts a job");
    }
    List<Trigger> triggers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      Trigger trigger = trigger(path + "[" + i + "]", node.get(i), jobs);
      if (!names.add(trigger.name())) {
        throw error(
            path + "[" + i + "].name",
            "'" + trigger.name() + "' names an earlier trigger too",
            "give each trigger its own name");
      }
      triggers.add(trigger);
    }
    if (triggers.stream().noneMatch(t -> t.type().startsRuns())) {
      throw error(
          path,
          "has no ON_DEMAND or SCHEDULED trigger, so nothing starts a workflow run",
          "add one that starts the first job");
    }
    return triggers;
  }

  private Trigger trigger(String path, JsonNode node, Map<String, Job> jobs) {
    object(
        path,
        node,
        "name",
        "type",
        "description",
        "schedule",
        "predicate",
        "actions",
        "start_on_creation");
    String name = name(path + ".name", required(path, node, "name"));
    TriggerType type =
        constant(path + ".type", required(path, node, "type"), TriggerType.class, "EVENT");

    Optional<AwsCron> schedule = Optional.empty();
    JsonNode scheduleNode = node.get("schedule");
    if (type == TriggerType.SCHEDULED) {
      schedule = Optional.of(schedule(path + ".schedule", required(path, node, "schedule")));
    } else if (scheduleNode != null) {
      throw error(
          path + ".schedule",
          "is set on this " + type + " trigger; only SCHEDULED triggers have a schedule",
          "remove it, or make the trigger SCHEDULED");
    }

    Optional<Predicate> predicate = Optional.empty();
    JsonNode predicateNode = node.get("predicate");
    if (type == TriggerType.CONDITIONAL) {
      predicate =
          Optional.of(predicate(path + ".predicate", required(path, node, "predicate"), jobs));
    } else if (predicateNode != null) {
      throw error(
          path + ".predicate",
          "is set on this " + type + " trigger; only CONDITIONAL triggers have a predicate",
          "remove it, or make the trigger CONDITIONAL");
    }

    List<Action> actions = actions(path + ".actions", required(path, node, "actions"), jobs);

    boolean startOnCreation = false;
    JsonNode start = node.get("start_on_creation");
    if (start != null) {
      if (!start.isBoolean()) {
        throw error(
            path + ".start_on_creation", "is " + kind(start) + ", not true or false", "write true");
      }
      startOnCreation = start.booleanValue();
      if (startOnCreation && type == TriggerType.ON_DEMAND) {
        throw error(
            path + ".start_on_creation",
            "is true on an ON_DEMAND trigger, which Glue refuses (it fires only when started)",
            "remove it");
      }
    }

    if (predicate.isPresent()) {
      for (String watched : predicate.get().watchedJobs()) {
        for (int a = 0; a < actions.size(); a++) {
          if (actions.get(a).jobName().equals(watched)) {
            throw error(
                path + ".actions[" + a + "].job_name",
                "'"
                    + watched
                    + "' is both watched by the predicate and started by the trigger, which Glue"
                    + " refuses",
                "start it from another trigger, or watch another job");
          }
        }
      }
    }
    return new Trigger(
        name,
        type,
        optionalText(path + ".description", node.get("description")),
        schedule,
        predicate,
        actions,
        startOnCreation);
  }

  private AwsCron schedule(String path, JsonNode node) {
    String text = text(path, node);
    if (!text.strip().toLowerCase(Locale.ROOT).startsWith("cron(")) {
      AwsCron.parse(key(path), text); // a rate(...) or a field count gets its own message
      throw error(
          path,
          "'" + text + "' is not wrapped in cron(...), as Glue wants it",
          "write cron(" + text.strip() + ")");
    }
    AwsCron cron = AwsCron.parse(key(path), text);
    if (cron.shortestIntervalMinutes() < WorkflowDefinition.MIN_SCHEDULE_INTERVAL_MINUTES) {
      throw error(
          path,
          "'"
              + text
              + "' can fire "
              + cron.shortestIntervalMinutes()
              + " minute(s) apart; Glue schedules fire at most every "
              + WorkflowDefinition.MIN_SCHEDULE_INTERVAL_MINUTES
              + " minutes",
          "space the minutes at least "
              + WorkflowDefinition.MIN_SCHEDULE_INTERVAL_MINUTES
              + " apart, e.g. 0/5");
    }
    if (cron.next(Instant.EPOCH.minusSeconds(60)).isEmpty()) {
      throw error(
          path,
          "'"
              + text
              + "' never fires: no date from "
              + AwsCron.MIN_YEAR
              + " to "
              + AwsCron.MAX_YEAR
              + " matches it",
          "check the day and month fields (the 30th of February does not exist)");
    }
    return cron;
  }

  private Predicate predicate(String path, JsonNode node, Map<String, Job> jobs) {
    object(path, node, "logical", "conditions");
    JsonNode conditionsNode = required(path, node, "conditions");
    String conditionsPath = path + ".conditions";
    if (!conditionsNode.isArray() || conditionsNode.isEmpty()) {
      throw error(
          conditionsPath,
          conditionsNode.isArray()
              ? "lists no condition"
              : "is " + kind(conditionsNode) + ", not a list of conditions",
          "list e.g. {\"job_name\": \"ingest\", \"state\": \"SUCCEEDED\"}");
    }
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < conditionsNode.size(); i++) {
      String conditionPath = conditionsPath + "[" + i + "]";
      JsonNode condition = conditionsNode.get(i);
      object(conditionPath, condition, "job_name", "state", "logical_operator");
      String job =
          jobName(
              conditionPath + ".job_name", required(conditionPath, condition, "job_name"), jobs);
      JobRunState state =
          constant(
              conditionPath + ".state",
              required(conditionPath, condition, "state"),
              JobRunState.class);
      JsonNode operator = condition.get("logical_operator");
      if (operator != null && !"EQUALS".equals(operator.asText(null))) {
        throw error(
            conditionPath + ".logical_operator",
            "is " + operator + "; Glue knows only EQUALS",
            "write \"EQUALS\" or leave it out");
      }
      conditions.add(new Condition(job, state));
    }
    JsonNode logicalNode = node.get("logical");
    Logical logical;
    if (logicalNode == null) {
      if (conditions.size() > 1) {
        throw error(
            path + ".logical",
            "is missing, which Glue allows only with one condition",
            "write \"AND\" (all conditions) or \"ANY\" (any one)");
      }
      logical = Logical.AND;
    } else {
      logical = constant(path + ".logical", logicalNode, Logical.class);
    }
    return new Predicate(logical, conditions);
  }

  private List<Action> actions(String path, JsonNode node, Map<String, Job> jobs) {
    if (!node.isArray() || node.isEmpty()) {
      throw error(
          path,
          node.isArray() ? "lists no action" : "is " + kind(node) + ", not a list of actions",
          "list the jobs the trigger starts, e.g. [{\"job_name\": \"ingest\"}]");
    }
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String actionPath = path + "[" + i + "]";
      JsonNode action = node.get(i);
      object(actionPath, action, "job_name", "arguments");
      String job =
          jobName(actionPath + ".job_name", required(actionPath, action, "job_name"), jobs);
      actions.add(
          new Action(job, stringMap(actionPath + ".arguments", action.get("arguments"), true)));
    }
    return actions;
  }

  // ---------------------------------------------------------------------------------------------
  // Fields

  /** Checks the node is an object with only the known fields. */
  private void object(String path, JsonNode node, String... fields) {
    if (!node.isObject()) {
      throw error(
          path,
          "is " + kind(node) + ", not an object",
          "write an object with " + String.join(", ", fields));
    }
    List<String> known = Arrays.asList(fields);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw error(
            join(path, field),
            "is not a field here",
            "remove it or use one of " + String.join(", ", known));
      }
    }
  }

  private JsonNode required(String path, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error(join(path, field), "is missing", "add it");
    }
    return value;
  }

  private String text(String path, JsonNode node) {
    if (!node.isTextual()) {
      throw error(path, "is " + kind(node) + ", not a string", "write it in double quotes");
    }
    return node.textValue();
  }

  private String optionalText(String path, JsonNode node) {
    return node == null || node.isNull() ? "" : text(path, node);
  }

  private String name(String path, JsonNode node) {
    return checkName(path, text(path, node));
  }

  private String checkName(String path, String name) {
    if (!NAME.matcher(name).matches()) {
      throw error(
          path,
          "'" + name + "' is not a usable name",
          "use letters, digits, '-', '_' and '.', starting with a letter or digit");
    }
    return name;
  }

  private String jobName(String path, JsonNode node, Map<String, Job> jobs) {
    String name = text(path, node);
    if (!jobs.containsKey(name)) {
      throw error(
          path,
          "'" + name + "' is not a job of this workflow",
          "use one of " + String.join(", ", jobs.keySet()) + ", or add it under jobs");
    }
    return name;
  }

  private <E extends Enum<E>> E constant(
      String path, JsonNode node, Class<E> type, String... unsupported) {
    String text = text(path, node);
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(text)) {
        return value;
      }
    }
    String problem =
        Arrays.asList(unsupported).contains(text)
            ? "'" + text + "' is a Glue value this workflow does not support"
            : "'" + text + "' is not one of " + allowed;
    throw error(path, problem, "use one of " + allowed + " (upper case)");
  }

  /** An object of string values; argument names start with {@code --}, as Glue's do. */
  private Map<String, String> stringMap(String path, JsonNode node, boolean arguments) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw error(
          path, "is " + kind(node) + ", not an object", "write e.g. {\"--lake\": \"lake\"}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String entryPath = path + "[\"" + entry.getKey() + "\"]";
      if (arguments && (!entry.getKey().startsWith("--") || entry.getKey().length() < 3)) {
        throw error(
            entryPath,
            "is not an argument name: Glue argument names start with --",
            "write \"--" + entry.getKey().replaceFirst("^-+", "") + "\"");
      }
      if (!entry.getValue().isTextual()) {
        throw error(
            entryPath,
            "is " + kind(entry.getValue()) + "; Glue takes only strings here",
            "write it in double quotes, e.g. \"" + entry.getValue().asText() + "\"");
      }
      map.put(entry.getKey(), entry.getValue().textValue());
    }
    return map;
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "the string " + node;
      case NUMBER -> "the number " + node;
      case BOOLEAN -> node.asText();
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private String key(String path) {
    return path.isEmpty() ? source : source + ": " + path;
  }

  private ConfigException error(String path, String problem, String fix) {
    return new ConfigException(key(path), problem, fix);
  }
}
