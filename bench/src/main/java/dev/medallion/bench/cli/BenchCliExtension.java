package dev.medallion.bench.cli;

import dev.medallion.cli.CliExtension;

/**
 * Adds {@code medallion bench} to the command line of the job jar when this module's jar is on the
 * class path (registered in {@code META-INF/services/dev.medallion.cli.CliExtension}).
 */
public final class BenchCliExtension implements CliExtension {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
