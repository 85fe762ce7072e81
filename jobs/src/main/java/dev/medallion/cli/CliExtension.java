package dev.medallion.cli;

/**
 * A subcommand of {@code medallion} that lives outside the job jar, found with {@link
 * java.util.ServiceLoader} on the class path (a {@code
 * META-INF/services/dev.medallion.cli.CliExtension} file in its jar). The benchmarks come this way
 * from module {@code bench}, so that the job jar, which never holds them, still runs them when
 * bin/medallion puts that module's jar beside it.
 */
public interface CliExtension {
  /** A new picocli command object, annotated with {@code @Command(name = ...)}. */
  Object command();
}
