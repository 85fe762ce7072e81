package dev.medallion.progress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Shows the newest open {@link Work} on stderr, never on stdout (stdout carries the results and
 * summaries that scripts read). {@link ProgressMode#TTY}: one line redrawn in place a few times a
 * second and cleared when the work ends; whatever else the process prints through {@code
 * System.out} or {@code System.err} clears the line first, and the line comes back at the next
 * redraw. {@link ProgressMode#PLAIN}: a line every {@link #PLAIN_INTERVAL_MILLIS} ms and one when
 * the work ends, nothing else.
 *
 * <p>A terminal is one per process: the command line installs the process's display ({@link
 * #install}) and a job's {@link dev.medallion.run.Progress} opens its work there. Jobs run by
 * anything else (AWS Glue, tests) show none.
 */
public final class ProgressDisplay implements AutoCloseable {
  /** How often a terminal's line is redrawn (and a plain display looks whether a line is due). */
  static final long TTY_INTERVAL_MILLIS = 200;

  /** How often a plain display prints a line while work goes on. */
  static final long PLAIN_INTERVAL_MILLIS = 10_000;

  private static final AtomicReference<ProgressDisplay> INSTALLED = new AtomicReference<>();

  private final ProgressMode mode;
  private final PrintStream err;
  private final LongSupplier clock;
  private final long plainIntervalNanos;
  private final int width;
  private final Object lock = new Object();
  private final Deque<Work> open = new ArrayDeque<>();
  private final SparkTasks tasks = new SparkTasks();
  private final Set<SparkContext> listenedTo = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService ticker;
  private PrintStream replacedOut;
  private PrintStream replacedErr;
  private boolean installed;

  /** Characters of the line drawn on the terminal now (0: none). */
  private int drawn;

  /** Whether what else was printed ended its line: a line is drawn only then. */
  private boolean atLineStart = true;

  private long lastPrinted;

  /**
   * A display that shows nothing until {@link #tick()} is called: for tests, with their own clock.
   *
   * @param err where lines go
   * @param width the terminal's width (a redrawn line is cut to fit)
   */
  ProgressDisplay(
      ProgressMode mode, PrintStream err, LongSupplier clock, long plainIntervalNanos, int width) {
    this.mode = mode;
    this.err = err;
    this.clock = clock;
    this.plainIntervalNanos = plainIntervalNanos;
    this.width = width;
  }

  /**
   * Installs the display of this process, in {@code mode}, on the current {@code System.err}, and
   * starts redrawing; closing it uninstalls it. Does nothing (but return a display that shows
   * nothing) when {@code mode} is {@link ProgressMode#OFF} or a display is installed already.
   */
  public static ProgressDisplay install(ProgressMode mode) {
    ProgressDisplay display =
        new ProgressDisplay(
            mode,
            System.err,
            System::nanoTime,
            TimeUnit.MILLISECONDS.toNanos(PLAIN_INTERVAL_MILLIS),
            terminalWidth(System.getenv("COLUMNS")));
    if (mode == ProgressMode.OFF || !INSTALLED.compareAndSet(null, display)) {
      return display;
    }
    display.installed = true;
    if (mode == ProgressMode.TTY) {
      display.replacedOut = System.out;
      display.replacedErr = System.err;
      System.setOut(new PrintStream(display.clearingFirst(System.out), true));
      System.setErr(new PrintStream(display.clearingFirst(System.err), true));
    }
    display.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "medallion-progress");
              t.setDaemon(true);
              return t;
            });
    display.ticker.scheduleAtFixedRate(
        display::tick, TTY_INTERVAL_MILLIS, TTY_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return display;
  }

  /** The display the command line installed, if any. */
  public static Optional<ProgressDisplay> installed() {
    return Optional.ofNullable(INSTALLED.get());
  }

  /** The terminal's width from {@code $COLUMNS}, else 80. */
  static int terminalWidth(String columns) {
    try {
      int n = columns == null ? 0 : Integer.parseInt(columns.strip());
      return n >= 20 ? n : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /**
   * Opens a piece of work, shown until it is closed.
   *
   * @param label what it is, e.g. {@code ingest}
   * @param unit what its records are called, e.g. {@code records}
   */
  public Work open(String label, String unit) {
    // The tasks of the session's stages show when the work has nothing better to show.
    Option<SparkSession> session = SparkSession.getActiveSession();
    if (session.isEmpty()) {
      session = SparkSession.getDefaultSession();
    }
    if (session.isDefined()) {
      listenTo(session.get().sparkContext());
    }
    Work work = new Work(this, label, unit, now());
    synchronized (lock) {
      open.push(work);
      lastPrinted = now();
    }
    return work;
  }

  long now() {
    return clock.getAsLong();
  }

  void watch(SparkContext spark, ReadCounters counters) {
    tasks.watch(counters.ids());
    listenTo(spark);
  }

  private void listenTo(SparkContext spark) {
    if (mode != ProgressMode.OFF && !spark.isStopped() && listenedTo.add(spark)) {
      spark.addSparkListener(tasks);
    }
  }

  /** Called by {@link Work#close()}. */
  void closed(Work work) {
    synchronized (lock) {
      boolean shownNow = open.peek() == work;
      open.remove(work);
      if (mode == ProgressMode.TTY) {
        clear();
      } else if (mode == ProgressMode.PLAIN) {
        print(work.snapshot(now(), tasks));
      }
      if (shownNow) {
        lastPrinted = now();
      }
    }
  }

  /** Draws the line of the newest open work, or prints it if a plain line is due. */
  void tick() {
    try {
      synchronized (lock) {
        Work work = open.peek();
        if (work == null || work.closed()) {
          return; // a closed work's last line is closed()'s to show
        }
        // Taken at every tick in either mode: the rate's clock is when the records last grew.
        Snapshot snapshot = work.snapshot(now(), tasks);
        if (mode == ProgressMode.TTY) {
          draw(ProgressFormat.line(snapshot));
        } else if (mode == ProgressMode.PLAIN && now() - lastPrinted >= plainIntervalNanos) {
          print(snapshot);
          lastPrinted = now();
        }
      }
    } catch (RuntimeException e) {
      // Progress is an aid: whatever goes wrong here must not touch the work itself.
    }
  }

  private void print(Snapshot snapshot) {
    err.println(ProgressFormat.line(snapshot));
    err.flush();
  }

  private void draw(String text) {
    if (!atLineStart) {
      return; // something printed half a line: leave it be
    }
    String line = ProgressFormat.fit(text, width - 1);
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    err.flush();
    drawn = Math.max(drawn, line.length());
  }

  private void clear() {
    if (drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      err.flush();
      drawn = 0;
    }
  }

  /** A stream that clears the drawn line before whatever it writes to {@code target}. */
  OutputStream clearingFirst(PrintStream target) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        if (length == 0) {
          return;
        }
        synchronized (lock) {
          clear();
          target.write(bytes, offset, length);
          target.flush();
          atLineStart = bytes[offset + length - 1] == '\n';
        }
      }

      @Override
      public void flush() throws IOException {
        target.flush();
      }
    };
  }

  /**
   * Stops showing: ends the open work's line, stops listening to Spark, gives {@code System.out}
   * and {@code System.err} back, and uninstalls the display.
   */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    synchronized (lock) {
      clear();
    }
    for (SparkContext spark : listenedTo) {
      if (!spark.isStopped()) {
        spark.removeSparkListener(tasks);
      }
    }
    listenedTo.clear();
    if (replacedOut != null) {
      System.out.flush();
      System.setOut(replacedOut);
      System.setErr(replacedErr);
      replacedOut = null;
    }
    if (installed) {
      INSTALLED.compareAndSet(this, null);
      installed = false;
    }
  }
}
