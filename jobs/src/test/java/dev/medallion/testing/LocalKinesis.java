package dev.medallion.testing;

import dev.medallion.kinesis.KinesisEmulator;
import dev.medallion.kinesis.KinesisEndpoint;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * One Kinesis emulator per test JVM, started on first use and stopped when the JVM exits. Where
 * Node.js is missing, the tests that need it are skipped with a message saying what to install.
 */
public final class LocalKinesis {
  private LocalKinesis() {}

  private static KinesisEmulator emulator;

  /** Skips the calling test when the emulator cannot run here, saying what to install. */
  public static void assumeAvailable() {
    Optional<String> reason = KinesisEmulator.unavailableReason();
    Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
  }

  /** The shared emulator; skips the calling test when it cannot run here. */
  public static synchronized KinesisEndpoint endpoint() {
    assumeAvailable();
    if (emulator == null || !emulator.isRunning()) {
      emulator = KinesisEmulator.start();
      KinesisEmulator started = emulator;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kinesis-emulator-stop"));
    }
    return emulator.kinesis();
  }
}
