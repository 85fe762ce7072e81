package dev.medallion.testing;

import dev.medallion.cli.MedallionCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the command line in the test JVM, as a user would run it, capturing what it prints. A
 * command that needs Spark finds the shared session and uses it as it is.
 */
public final class Cli {
  private Cli() {}

  /** An exit code and what was printed. */
  public record Result(int exit, String out, String err) {
    /** Everything, for an assertion's description. */
    public String both() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  public static synchronized Result run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = MedallionCli.execute(args);
      System.out.flush();
      System.err.flush();
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
