package dev.medallion.run;

/**
 * Named points in the jobs where a test can make a run die, to prove that a run killed anywhere and
 * run again leaves the same tables as a run that never died. Off unless the system property or
 * environment variable {@code MEDALLION_FAULT} names a point: {@code <point>} throws there, {@code
 * <point>:halt} ends the JVM at once, as a SIGKILL would (exit code 137), and {@code
 * <point>:halt:<n>} does so the n-th time the point is reached (a streaming job reaches its points
 * once per micro-batch).
 */
public final class Faults {
  private Faults() {}

  /** Thrown at a fault point in throw mode. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String point) {
      super("fault injected at " + point + " (MEDALLION_FAULT)");
    }
  }

  public static void point(String name) {
    String setting = System.getProperty("MEDALLION_FAULT", System.getenv("MEDALLION_FAULT"));
    if (setting == null || setting.isEmpty()) {
      return;
    }
    if (setting.equals(name)) {
      throw new InjectedFault(name);
    }
    if (setting.equals(name + ":halt")
        || (setting.startsWith(name + ":halt:")
            && REACHED.merge(name, 1, Integer::sum)
                == Integer.parseInt(setting.substring(name.length() + 6)))) {
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  private static final java.util.Map<String, Integer> REACHED =
      new java.util.concurrent.ConcurrentHashMap<>();
}
