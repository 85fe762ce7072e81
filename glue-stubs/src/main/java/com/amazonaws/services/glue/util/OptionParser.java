package com.amazonaws.services.glue.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of CPython 3.11's {@code argparse} (the Python of AWS Glue 5.0) that {@code
 * getResolvedOptions} relies on: an {@code ArgumentParser} with its default {@code -h/--help} and
 * only long, single-valued options, read with {@code parse_known_args}.
 *
 * <p>Reproduced, because the Glue rules are written on top of them:
 *
 * <ul>
 *   <li>{@code --name value} and {@code --name=value} (split at the first {@code =});
 *   <li>a unique prefix abbreviates an option ({@code allow_abbrev}); an ambiguous prefix is an
 *       error even where it was meant as a value;
 *   <li>the result key is the option without its leading dashes, other dashes turned into
 *       underscores ({@code --job-bookmark-option} gives {@code job_bookmark_option});
 *   <li>unknown options and stray values are ignored; a later occurrence replaces an earlier one;
 *   <li>an option's value must not look like an option ({@code --a --b} is "expected one
 *       argument"), except a negative number or a string with a space; after a lone {@code --}
 *       nothing is an option;
 *   <li>choices are checked per occurrence; required options are reported together, in the order
 *       they were added; adding the same option string twice is a conflict.
 * </ul>
 *
 * <p>Two departures: {@code --name=--} makes argparse store an empty list, which no string map can
 * hold; here it stores the empty string. {@code -h/--help} makes argparse print its usage and end
 * the process; here it is an error.
 */
final class OptionParser {

  /**
   * argparse's {@code _negative_number_matcher}, with Python's {@code $} (end or final newline).
   */
  private static final Pattern NEGATIVE_NUMBER =
      Pattern.compile("-\\d+\\n?|-\\d*\\.\\d+\\n?", Pattern.UNICODE_CHARACTER_CLASS);

  /** An option: its strings, where its value goes, its allowed values, whether it must be given. */
  private record Action(
      List<String> optionStrings, String dest, List<String> choices, boolean required) {

    boolean isHelp() {
      return dest == null;
    }

    String name() {
      return String.join("/", optionStrings);
    }
  }

  /**
   * A command-line string read as an option: the action (null if unknown), and any {@code =value}.
   */
  private record Match(Action action, String optionString, String explicitArg) {}

  /** An action with the strings it consumed, taken once the whole option string is understood. */
  private record Taken(Action action, List<String> argStrings) {}

  private final List<Action> actions = new ArrayList<>();
  private final Map<String, Action> actionsByOptionString = new LinkedHashMap<>();

  OptionParser() {
    register(new Action(List.of("-h", "--help"), null, null, false));
  }

  /**
   * Adds an option taking one value, as {@code add_argument(optionString, choices=...,
   * required=...)}.
   *
   * @param optionString the option as written on the command line, starting with {@code --}
   * @param choices the allowed values, or null for any
   * @param required whether parsing fails without it
   */
  void addOption(String optionString, List<String> choices, boolean required) {
    String dest = stripLeadingDashes(optionString);
    if (dest.isEmpty()) {
      throw new GlueArgumentError(
          "dest= is required for options like "
              + repr(optionString)
              + ": an option name must have a character other than '-'. Remove the empty or"
              + " all-dash name from the requested options.");
    }
    register(new Action(List.of(optionString), dest.replace('-', '_'), choices, required));
  }

  private void register(Action action) {
    List<String> conflicts =
        action.optionStrings().stream().filter(actionsByOptionString::containsKey).toList();
    if (!conflicts.isEmpty()) {
      throw argumentError(
          action,
          (conflicts.size() == 1 ? "conflicting option string: " : "conflicting option strings: ")
              + String.join(", ", conflicts),
          "Each option can be requested once; remove the repeated name from the requested"
              + " options.");
    }
    actions.add(action);
    for (String optionString : action.optionStrings()) {
      actionsByOptionString.put(optionString, action);
    }
  }

  /**
   * Parses {@code args} as {@code parse_known_args} does and returns the namespace: every
   * destination, with null for an option not given. Unknown arguments are dropped.
   */
  Map<String, String> parseKnownArgs(List<String> args) {
    Map<String, String> namespace = new LinkedHashMap<>();
    for (Action action : actions) {
      if (!action.isHelp()) {
        namespace.putIfAbsent(action.dest(), null);
      }
    }

    // Classify every string first, as argparse does: 'O' an option, 'A' a value, '-' a lone "--".
    int count = args.size();
    char[] pattern = new char[count];
    Match[] options = new Match[count];
    for (int i = 0; i < count; i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        pattern[i] = '-';
        for (int j = i + 1; j < count; j++) {
          pattern[j] = 'A';
        }
        break;
      }
      Match match = parseOptional(arg);
      pattern[i] = match == null ? 'A' : 'O';
      options[i] = match;
    }

    // Then read left to right; a value that is not an option's is ignored, like an unknown option.
    Set<Action> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int index = 0;
    while (index < count) {
      if (options[index] == null) {
        index++;
      } else {
        index = consumeOption(index, args, pattern, options, namespace, seen);
      }
    }

    List<String> missing = new ArrayList<>();
    for (Action action : actions) {
      if (action.required() && !seen.contains(action)) {
        missing.add(action.name());
      }
    }
    if (!missing.isEmpty()) {
      String names = String.join(", ", missing);
      throw new GlueArgumentError(
          "the following arguments are required: "
              + names
              + ". getResolvedOptions requires every option the script requests: pass each as"
              + " '--name value' in the job's arguments (its DefaultArguments or the run's"
              + " Arguments).");
    }
    return namespace;
  }

  /** {@code consume_optional}: takes the option at {@code start}; returns the index after it. */
  private int consumeOption(
      int start,
      List<String> args,
      char[] pattern,
      Match[] options,
      Map<String, String> namespace,
      Set<Action> seen) {
    Match match = options[start];
    Action action = match.action();
    String optionString = match.optionString();
    String explicitArg = match.explicitArg();
    List<Taken> taken = new ArrayList<>();
    int stop;
    while (true) {
      if (action == null) {
        return start + 1; // an unknown option: ignored, and whatever follows is read on its own
      }
      if (explicitArg != null) {
        int argCount = action.isHelp() ? 0 : 1;
        if (argCount == 0 && optionString.charAt(1) != '-' && !explicitArg.isEmpty()) {
          // -hX: a flag followed by more single-letter flags in the same string.
          taken.add(new Taken(action, List.of()));
          int firstEnd = explicitArg.offsetByCodePoints(0, 1);
          String next = optionString.charAt(0) + explicitArg.substring(0, firstEnd);
          Action nextAction = actionsByOptionString.get(next);
          if (nextAction == null) {
            throw ignoredExplicitArgument(action, explicitArg);
          }
          action = nextAction;
          optionString = next;
          explicitArg = firstEnd == explicitArg.length() ? null : explicitArg.substring(firstEnd);
        } else if (argCount == 1) {
          stop = start + 1;
          taken.add(new Taken(action, List.of(explicitArg)));
          break;
        } else {
          throw ignoredExplicitArgument(action, explicitArg);
        }
      } else {
        int valueIndex = start + 1;
        int argCount = 0;
        if (!action.isHelp()) {
          if (valueIndex >= pattern.length || pattern[valueIndex] != 'A') {
            String name = action.name();
            throw argumentError(
                action,
                "expected one argument",
                "Follow "
                    + name
                    + " with its value: '"
                    + name
                    + " value', or '"
                    + name
                    + "=value' for a value that starts with '-'.");
          }
          argCount = 1;
        }
        stop = valueIndex + argCount;
        taken.add(new Taken(action, args.subList(valueIndex, stop)));
        break;
      }
    }
    for (Taken each : taken) {
      seen.add(each.action());
      takeAction(each, namespace);
    }
    return stop;
  }

  /** {@code take_action} with {@code _get_values} and {@code _check_value}, for a store action. */
  private void takeAction(Taken taken, Map<String, String> namespace) {
    Action action = taken.action();
    if (action.isHelp()) {
      throw new GlueArgumentError(
          "argument -h/--help: help requested. On Glue, argparse prints its usage and ends the"
              + " script without running the job. Remove -h/--help (or an abbreviation of it,"
              + " such as --he) from the job's arguments.");
    }
    List<String> values = new ArrayList<>(taken.argStrings());
    values.remove("--"); // argparse strips the first "--" from an option's strings
    String value = values.isEmpty() ? "" : values.get(0);
    if (!values.isEmpty() && action.choices() != null && !action.choices().contains(value)) {
      List<String> quoted = action.choices().stream().map(OptionParser::repr).toList();
      throw argumentError(
          action,
          "invalid choice: " + repr(value) + " (choose from " + String.join(", ", quoted) + ")",
          "Pass one of the listed values.");
    }
    namespace.put(action.dest(), value);
  }

  /** {@code _parse_optional}: null for a value, otherwise the option (action null if unknown). */
  private Match parseOptional(String arg) {
    if (arg.isEmpty() || arg.charAt(0) != '-') {
      return null;
    }
    Action exact = actionsByOptionString.get(arg);
    if (exact != null) {
      return new Match(exact, arg, null);
    }
    if (arg.length() == 1) {
      return null;
    }
    int equals = arg.indexOf('=');
    if (equals >= 0) {
      String optionString = arg.substring(0, equals);
      Action action = actionsByOptionString.get(optionString);
      if (action != null) {
        return new Match(action, optionString, arg.substring(equals + 1));
      }
    }
    List<Match> candidates = optionTuples(arg);
    if (candidates.size() > 1) {
      List<String> names = candidates.stream().map(Match::optionString).toList();
      throw new GlueArgumentError(
          "ambiguous option: "
              + arg
              + " could match "
              + String.join(", ", names)
              + ". argparse accepts a unique prefix of an option only; spell the option out in"
              + " full.");
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    // No option string here can look like a negative number (all start with "--"), so a negative
    // number is always a value.
    if (NEGATIVE_NUMBER.matcher(arg).matches() || arg.contains(" ")) {
      return null;
    }
    return new Match(null, arg, null);
  }

  /** {@code _get_option_tuples}: the options {@code arg} may abbreviate. */
  private List<Match> optionTuples(String arg) {
    List<Match> result = new ArrayList<>();
    if (arg.charAt(1) == '-') {
      int equals = arg.indexOf('=');
      String prefix = equals >= 0 ? arg.substring(0, equals) : arg;
      String explicitArg = equals >= 0 ? arg.substring(equals + 1) : null;
      actionsByOptionString.forEach(
          (optionString, action) -> {
            if (optionString.startsWith(prefix)) {
              result.add(new Match(action, optionString, explicitArg));
            }
          });
    } else {
      int shortEnd = arg.offsetByCodePoints(0, 2);
      String shortPrefix = arg.substring(0, shortEnd);
      String shortExplicitArg = arg.substring(shortEnd);
      actionsByOptionString.forEach(
          (optionString, action) -> {
            if (optionString.equals(shortPrefix)) {
              result.add(new Match(action, optionString, shortExplicitArg));
            } else if (optionString.startsWith(arg)) {
              result.add(new Match(action, optionString, null));
            }
          });
    }
    return result;
  }

  private static GlueArgumentError ignoredExplicitArgument(Action action, String explicitArg) {
    return argumentError(
        action,
        "ignored explicit argument " + repr(explicitArg),
        action.name() + " takes no value; remove " + repr(explicitArg) + " from it.");
  }

  /** An {@code ArgumentError}: "argument NAME: PROBLEM", then the fix. */
  private static GlueArgumentError argumentError(Action action, String problem, String fix) {
    return new GlueArgumentError("argument " + action.name() + ": " + problem + ". " + fix);
  }

  private static String stripLeadingDashes(String optionString) {
    int start = 0;
    while (start < optionString.length() && optionString.charAt(start) == '-') {
      start++;
    }
    return optionString.substring(start);
  }

  /** Python's {@code repr} of a string, as argparse quotes values in its messages. */
  static String repr(String value) {
    char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    value
        .codePoints()
        .forEach(
            c -> {
              if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else if (c == '\n') {
                out.append("\\n");
              } else if (c == '\r') {
                out.append("\\r");
              } else if (c == '\t') {
                out.append("\\t");
              } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append(quote).toString();
  }
}
