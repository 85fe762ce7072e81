package dev.medallion.run;

import java.io.PrintStream;

/** Where a job reports what it is doing, a line per step, for long runs. */
@FunctionalInterface
public interface Progress {
  void step(String message);

  static Progress to(PrintStream out, String job) {
    return message -> out.println("[" + job + "] " + message);
  }

  static Progress silent() {
    return message -> {};
  }
}
