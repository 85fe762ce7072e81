package dev.medallion.progress;

import dev.medallion.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How progress is shown on stderr: one line redrawn in place on a terminal, plain lines now and
 * then elsewhere (a file, a pipe, the logs of CI or AWS Glue), or not at all. Chosen by {@link
 * #ENV} when set, else by whether stderr is a terminal.
 */
public enum ProgressMode {
  /** One line, redrawn with a carriage return a few times a second, cleared at the end. */
  TTY,
  /** A plain line every few seconds and one at the end: no carriage return, no escape codes. */
  PLAIN,
  /** Nothing. */
  OFF;

  /** The environment variable that chooses the mode: {@code tty}, {@code plain} or {@code off}. */
  public static final String ENV = "MEDALLION_PROGRESS";

  /** The mode of this process: {@link #ENV}, else whether stderr is a terminal. */
  public static ProgressMode ofProcess() {
    return choose(System.getenv(ENV), System.console() != null, stderrTarget());
  }

  /**
   * The mode.
   *
   * @param env the value of {@link #ENV}, or null
   * @param console whether the JVM has a console (its stdin and stdout are a terminal)
   * @param stderrTarget what file descriptor 2 points to where the system says it ({@code
   *     /dev/pts/3}, {@code pipe:[123]}, a file), or null where it does not
   * @throws ConfigException for a value of {@link #ENV} that is not a mode
   */
  public static ProgressMode choose(String env, boolean console, String stderrTarget) {
    if (env != null && !env.isBlank()) {
      try {
        return valueOf(env.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            ENV,
            "'" + env + "' is not a progress mode",
            "set it to tty (one line redrawn in place), plain (a line now and then) or off");
      }
    }
    // System.console() says nothing about stderr: `medallion ... 2> log` still has one.
    boolean stderrTerminal =
        stderrTarget == null
            || stderrTarget.startsWith("/dev/pts/")
            || stderrTarget.startsWith("/dev/tty");
    return console && stderrTerminal ? TTY : PLAIN;
  }

  /** Where stderr points (Linux's /proc), or null where that cannot be told. */
  private static String stderrTarget() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }
}
