package dev.medallion.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Helpers for tests that run jobs. */
public final class Landing {
  private Landing() {}

  /** A PrintStream that keeps what jobs print out of the test log. */
  public static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true);
  }
}
