package dev.medallion.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Table writes (or openings) that run beside the caller's own: each in a thread of its own, so that
 * Spark runs the jobs of independent tables at the same time (one table's last tasks leave cores
 * idle that another's can use). {@link #awaitAll()} waits for them and fails with the first
 * failure; closing without it (the caller failed) still waits, so that no write outlives the run
 * that started it.
 */
public final class ConcurrentWrites implements AutoCloseable {
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "medallion-table-write");
            t.setDaemon(true);
            return t;
          });
  private final List<Future<?>> pending = new ArrayList<>();

  public void submit(Runnable write) {
    pending.add(threads.submit(write));
  }

  /** Waits for every write; rethrows the first that failed. */
  public void awaitAll() {
    RuntimeException first = null;
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a table write", e);
      } catch (ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException("a table write failed", e.getCause());
        }
      }
    }
    pending.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    try {
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // the caller is failing already; its own failure is the one reported
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      threads.shutdown();
    }
  }
}
