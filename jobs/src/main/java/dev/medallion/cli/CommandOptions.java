package dev.medallion.cli;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a Medallion command takes, read from its picocli model, so that the workflow runner
 * knows which of a job's arguments the command takes and which of them are flags without a value.
 * Help and version options are left out: no job argument asks for them.
 *
 * @param command the command's name ({@code ingest}, {@code curate}, ...)
 * @param valued every name of every option that takes a value
 * @param flags every name of every boolean option (present or absent, no value)
 */
record CommandOptions(String command, Set<String> valued, Set<String> flags) {
  CommandOptions {
    valued = Collections.unmodifiableSet(new LinkedHashSet<>(valued));
    flags = Collections.unmodifiableSet(new LinkedHashSet<>(flags));
  }

  /** The options of {@code medallion COMMAND}; empty when this build has no such command. */
  static Optional<CommandOptions> of(String command) {
    CommandLine sub = new CommandLine(new MedallionCli()).getSubcommands().get(command);
    return sub == null ? Optional.empty() : Optional.of(of(sub.getCommandSpec()));
  }

  static CommandOptions of(CommandSpec spec) {
    Set<String> valued = new LinkedHashSet<>();
    Set<String> flags = new LinkedHashSet<>();
    for (OptionSpec option : spec.options()) {
      // Help, version and the command line's own --verbose (inherited) are no job arguments.
      if (option.usageHelp() || option.versionHelp() || option.inherited()) {
        continue;
      }
      Set<String> into = option.arity().max() == 0 ? flags : valued;
      into.addAll(List.of(option.names()));
    }
    return new CommandOptions(spec.name(), valued, flags);
  }

  /** Whether the command takes an option of this name, with a value or as a flag. */
  boolean takes(String name) {
    return valued.contains(name) || flags.contains(name);
  }

  boolean isFlag(String name) {
    return flags.contains(name);
  }
}
