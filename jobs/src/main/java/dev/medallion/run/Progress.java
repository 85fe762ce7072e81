package dev.medallion.run;

import dev.medallion.progress.ProgressDisplay;
import dev.medallion.progress.Work;
import java.io.PrintStream;

/**
 * Where a job reports what it is doing: a line per step, for long runs, and the long pieces of work
 * it counts as it goes (files, records), which a progress display shows.
 */
@FunctionalInterface
public interface Progress {
  void step(String message);

  /**
   * Opens a piece of work counted as it goes; close it when it ends. Nothing shows it unless the
   * command line installed a {@link ProgressDisplay}.
   *
   * @param label what it is, e.g. {@code ingest}
   * @param unit what its records are called, e.g. {@code records} or {@code rows}
   */
  default Work work(String label, String unit) {
    return Work.untracked();
  }

  /**
   * Lines like {@code [ingest +12.3s] validating events}: the time since the job started; the work
   * goes to the process's progress display, if the command line installed one.
   */
  static Progress to(PrintStream out, String job) {
    long started = System.nanoTime();
    return new Progress() {
      @Override
      public void step(String message) {
        out.printf("[%s +%.1fs] %s%n", job, (System.nanoTime() - started) / 1e9, message);
      }

      @Override
      public Work work(String label, String unit) {
        return ProgressDisplay.installed()
            .map(display -> display.open(label, unit))
            .orElse(Work.untracked());
      }
    };
  }

  static Progress silent() {
    return message -> {};
  }
}
