package dev.medallion.run;

import java.io.PrintStream;

/** Where a job reports what it is doing, a line per step, for long runs. */
@FunctionalInterface
public interface Progress {
  void step(String message);

  /** Lines like {@code [ingest +12.3s] validating events}: the time since the job started. */
  static Progress to(PrintStream out, String job) {
    long started = System.nanoTime();
    return message ->
        out.printf("[%s +%.1fs] %s%n", job, (System.nanoTime() - started) / 1e9, message);
  }

  static Progress silent() {
    return message -> {};
  }
}
