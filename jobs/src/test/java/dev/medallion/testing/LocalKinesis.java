package dev.medallion.testing;

import dev.medallion.kinesis.KinesisEmulator;
import dev.medallion.kinesis.KinesisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One Kinesis emulator per test JVM, started on first use and stopped when the JVM exits. Where
 * Node.js is missing, the tests that need it are skipped with a message saying what to install.
 *
 * <p>An emulator that stopped by itself is never silent: the next {@link #endpoint()} says on
 * stderr how it ended (exit code, last output) before starting another one, and a test class
 * extended with {@link Diagnose} gets that account attached to its failure.
 */
public final class LocalKinesis {
  private LocalKinesis() {}

  private static KinesisEmulator emulator;

  /** How every shared emulator of this JVM that stopped by itself ended, in order. */
  private static final List<String> deaths = new ArrayList<>();

  /** Skips the calling test when the emulator cannot run here, saying what to install. */
  public static void assumeAvailable() {
    Optional<String> reason = KinesisEmulator.unavailableReason();
    Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
  }

  /** The shared emulator; skips the calling test when it cannot run here. */
  public static synchronized KinesisEndpoint endpoint() {
    assumeAvailable();
    if (emulator != null && !emulator.isRunning()) {
      noteDeath(emulator);
      System.err.println(
          "LocalKinesis: starting another emulator on a new port: "
              + deaths.get(deaths.size() - 1));
    }
    if (emulator == null || !emulator.isRunning()) {
      emulator = KinesisEmulator.start();
      KinesisEmulator started = emulator;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kinesis-emulator-stop"));
    }
    return emulator.kinesis();
  }

  private static void noteDeath(KinesisEmulator dead) {
    dead.exitReason()
        .ifPresent(
            reason -> {
              if (!deaths.contains(reason)) {
                deaths.add(reason);
              }
            });
  }

  /** How the shared emulators of this JVM that stopped by themselves ended; empty when none did. */
  public static synchronized List<String> deaths() {
    if (emulator != null) {
      noteDeath(emulator);
    }
    return List.copyOf(deaths);
  }

  /**
   * Attaches to a failing test (or lifecycle method) of the class how the shared emulator ended,
   * when it did: a "Connection refused" then says why nothing listens any more.
   */
  public static final class Diagnose
      implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure)
        throws Throwable {
      throw explained(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext c, Throwable failure)
        throws Throwable {
      throw explained(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext c, Throwable failure)
        throws Throwable {
      throw explained(failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext c, Throwable failure)
        throws Throwable {
      throw explained(failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext c, Throwable failure)
        throws Throwable {
      throw explained(failure);
    }

    private static Throwable explained(Throwable failure) {
      for (String death : deaths()) {
        failure.addSuppressed(new IllegalStateException(death));
      }
      return failure;
    }
  }
}
