package dev.medallion.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Named points in the jobs where a test can make a run die, to prove that a run killed anywhere and
 * run again leaves the same tables as a run that never died. Off unless the system property or
 * environment variable {@code MEDALLION_FAULT} names a point: {@code <point>} throws there, {@code
 * <point>:halt} ends the JVM at once, as a SIGKILL would (exit code 137), and {@code
 * <point>:halt:<n>} does so the n-th time the point is reached (a streaming job reaches its points
 * once per micro-batch).
 *
 * <p>In-process tests can also run code at a point ({@link #onPoint}): another writer's commit
 * exactly between a job's check and its write, for instance. The action runs in the thread that
 * reached the point, before the {@code MEDALLION_FAULT} setting is looked at.
 */
public final class Faults {
  private Faults() {}

  /** Thrown at a fault point in throw mode. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String point) {
      super("fault injected at " + point + " (MEDALLION_FAULT)");
    }
  }

  /** An action registered at a point; closing it removes it. */
  public static final class Hook implements AutoCloseable {
    private final String point;
    private final Runnable action;

    private Hook(String point, Runnable action) {
      this.point = point;
      this.action = action;
    }

    @Override
    public void close() {
      List<Hook> hooks = HOOKS.get(point);
      if (hooks != null) {
        hooks.remove(this);
      }
    }
  }

  /**
   * Runs {@code action} each time a thread of this JVM reaches the point {@code name}, until the
   * returned hook is closed. For tests; an exception the action throws propagates from the point.
   */
  public static Hook onPoint(String name, Runnable action) {
    Hook hook = new Hook(name, action);
    HOOKS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(hook);
    return hook;
  }

  public static void point(String name) {
    List<Hook> hooks = HOOKS.get(name);
    if (hooks != null) {
      for (Hook hook : hooks) {
        hook.action.run();
      }
    }
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

  private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();
  private static final Map<String, List<Hook>> HOOKS = new ConcurrentHashMap<>();
}
