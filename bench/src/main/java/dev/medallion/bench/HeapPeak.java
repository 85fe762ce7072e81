package dev.medallion.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap this JVM had in use, sampled every {@value #PERIOD_MS} ms by a daemon thread, over
 * the whole benchmark and since the last {@link #phase()}. "In use" is what the JVM reports: live
 * objects and garbage not yet collected, so it says as much about the collector's sizing as about
 * what the work needs; {@link #residentPeak()} adds what is off the heap.
 */
final class HeapPeak implements AutoCloseable {
  static final long PERIOD_MS = 20;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong overall = new AtomicLong();
  private final AtomicLong phase = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  HeapPeak() {
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "medallion-heap-peak");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    overall.accumulateAndGet(used, Math::max);
    phase.accumulateAndGet(used, Math::max);
  }

  /** The peak since the last call (or since the start), and starts a new phase. */
  long phase() {
    sample();
    return phase.getAndSet(0);
  }

  long overall() {
    sample();
    return overall.get();
  }

  /** The heap's limit ({@code -Xmx}). */
  static long max() {
    return Runtime.getRuntime().maxMemory();
  }

  /** The process's peak resident set (Linux {@code VmHWM}): heap, off-heap and code. */
  static OptionalLong residentPeak() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String kb = line.substring("VmHWM:".length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: the figure is left out
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
