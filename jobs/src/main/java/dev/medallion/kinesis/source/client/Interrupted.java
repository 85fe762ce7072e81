package dev.medallion.kinesis.source.client;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;

/**
 * The exception for a thread interrupted inside the source: Spark interrupts the query thread to
 * stop a query, and it recognises an {@link InterruptedIOException} (also wrapped in an {@link
 * UncheckedIOException}) as that stop rather than as a failure of the query.
 */
public final class Interrupted {
  private Interrupted() {}

  public static UncheckedIOException during(String doing, Throwable cause) {
    Thread.currentThread().interrupt();
    InterruptedIOException e = new InterruptedIOException("interrupted while " + doing);
    if (cause != null) {
      e.initCause(cause);
    }
    return new UncheckedIOException(e);
  }

  public static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof InterruptedIOException
          || t instanceof software.amazon.awssdk.core.exception.AbortedException) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }
}
