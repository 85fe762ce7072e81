package dev.medallion.kinesis;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kinesis-compatible server on 127.0.0.1 for tests, the demo and the benchmark: kinesalite (npm),
 * installed on first use into a cache directory and run by Node on a free port. It serves the
 * polling API (streams, shards, resharding, PutRecord(s), GetShardIterator, GetRecords) in memory.
 *
 * <p>The server stops with {@link #close()}, and also when this JVM dies: it exits as soon as its
 * standard input closes, which the operating system does when this process ends, even by SIGKILL.
 * What it prints goes to {@link #log()}; once it has stopped, {@link #exitReason()} says how.
 */
public final class KinesisEmulator implements AutoCloseable {
  public static final String PACKAGE = "kinesalite@3.3.3";

  private static final String SCRIPT =
      """
      // Started by Medallion: kinesalite on 127.0.0.1, the port given (0: a free one), in memory.
      // Every line it prints is kept by KinesisEmulator (a log file and a tail in memory), so
      // that when it stops, why is known: an uncaught error's stack, or how it was stopped.
      process.on('uncaughtException', (err, origin) => {
        console.error('kinesalite: ' + origin + ': ' + ((err && err.stack) || err));
        process.exit(70);
      });
      process.on('exit', code => console.error('kinesalite: exiting with code ' + code));
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
        process.on(signal, () => {
          console.error('kinesalite: ' + signal + ' received');
          process.exit(128 + require('os').constants.signals[signal]);
        });
      }
      const kinesalite = require('kinesalite');
      const server = kinesalite({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0,
                                 shardLimit: 1000});
      // kinesalite 3.3.3 rethrows every error of a request (index.js: req.on('error', function(err)
      // { throw err })), and Node emits one, 'aborted', when a client closes its connection after
      // the request's headers and before the end of its body. A Java client does that when its
      // thread is interrupted mid-call, as Spark interrupts a query's threads to stop it: the
      // rethrow then killed the server, for every other client too. Such a request has nobody left
      // to answer: it is noted and dropped instead.
      const [handle] = server.listeners('request');
      server.removeAllListeners('request');
      server.on('request', (req, res) => {
        handle(req, res);
        req.removeAllListeners('error');
        req.on('error', err => console.error('kinesalite: ' + req.headers['x-amz-target']
            + ' dropped, its client went away before sending all of it (' + err.message + ')'));
      });
      server.listen(Number(process.argv[2] || 0), '127.0.0.1', err => {
        if (err) { console.error(err.message); process.exit(1); }
        console.log('listening ' + server.address().port);
      });
      const stop = why => { console.error('kinesalite: ' + why + ', stopping'); process.exit(0); };
      process.stdin.on('end', () => stop('standard input closed'));
      process.stdin.on('error', err => stop('standard input failed: ' + err.message));
      process.stdin.resume();
      """;

  /** How many of the server's last output lines are kept in memory. */
  private static final int TAIL_LINES = 40;

  private final Process process;
  private final URI endpoint;
  private final Output output;
  private final Instant started = Instant.now();
  private volatile boolean closing;

  private KinesisEmulator(Process process, URI endpoint, Output output) {
    this.process = process;
    this.endpoint = endpoint;
    this.output = output;
  }

  /**
   * What the server prints, kept: every line in a log file, the last {@link #TAIL_LINES} in memory.
   * kinesalite prints nothing while it is well: what it prints says what went wrong, and why it
   * stopped.
   */
  private static final class Output {
    private final Path file;
    private final BufferedWriter log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread drain;
    private volatile Instant ended;

    Output(Path file, BufferedReader out) throws IOException {
      this.file = file;
      this.log = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      this.drain =
          new Thread(
              () -> {
                try {
                  String line;
                  while ((line = out.readLine()) != null) {
                    keep(line);
                  }
                } catch (IOException ignored) {
                  // the server stopped
                } finally {
                  ended = Instant.now();
                  try {
                    log.close();
                  } catch (IOException ignored) {
                    // the tail still has the lines
                  }
                }
              },
              "kinesis-emulator-output");
      drain.setDaemon(true);
    }

    private synchronized void keep(String line) {
      String stamped = Instant.now() + " " + line;
      tail.addLast(stamped);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
      try {
        log.write(stamped);
        log.newLine();
        log.flush();
      } catch (IOException ignored) {
        // a full disk: the tail still has the line
      }
    }

    /** The first line, read here so that it is kept too; then the rest in the background. */
    String firstLine(BufferedReader out) throws IOException {
      String line = out.readLine();
      if (line != null) {
        keep(line);
      }
      return line;
    }

    void start() {
      drain.start();
    }

    void discard() {
      try {
        drain.join(2_000);
        Files.deleteIfExists(file);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException ignored) {
        // a log left in the temporary directory
      }
    }

    /** The kept lines, after waiting a little for the end of the output of a stopped server. */
    String tail() {
      try {
        drain.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        return tail.isEmpty() ? "(nothing)" : String.join("\n", tail);
      }
    }
  }

  /** Why the emulator cannot run on this machine, or empty when it can. */
  public static Optional<String> unavailableReason() {
    for (String tool : List.of("node", "npm")) {
      if (!onPath(tool)) {
        return Optional.of(
            "the local Kinesis emulator needs Node.js 18+ with npm ('"
                + tool
                + "' is not on the PATH): install Node.js (e.g. 'apt-get install nodejs npm')");
      }
    }
    return Optional.empty();
  }

  /** The directory kinesalite is installed into: {@code $MEDALLION_CACHE} or ~/.cache/medallion. */
  public static Path defaultCache() {
    String cache = System.getenv("MEDALLION_CACHE");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "medallion");
    return base.resolve("kinesalite-3.3.3");
  }

  public static KinesisEmulator start() {
    return start(defaultCache());
  }

  /**
   * Installs kinesalite into {@code dir} when it is not there yet, and starts it on a free port.
   */
  public static KinesisEmulator start(Path dir) {
    return start(dir, 0);
  }

  /**
   * Installs kinesalite into {@code dir} when it is not there yet, and starts it on {@code port}
   * (0: a free one). Its output goes to a new file {@code medallion-kinesis-*.log} in {@code
   * java.io.tmpdir} ({@link #log()}).
   */
  public static KinesisEmulator start(Path dir, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    unavailableReason()
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    try {
      install(dir);
      Path script = writeScript(dir);
      Path logFile =
          Files.createTempFile(
              Path.of(System.getProperty("java.io.tmpdir")), "medallion-kinesis-", ".log");
      Process process =
          new ProcessBuilder("node", script.toString(), Integer.toString(port))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Output output = new Output(logFile, out);
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return output.firstLine(out);
                } catch (IOException e) {
                  return null;
                }
              });
      String line;
      try {
        line = first.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.destroyForcibly();
        throw new IllegalStateException("the Kinesis emulator did not start within 60 s", e);
      }
      output.start();
      if (line == null || !line.startsWith("listening ")) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the Kinesis emulator did not start: "
                + (line == null ? "(no output)" : line)
                + "\n"
                + output.tail());
      }
      int listening = Integer.parseInt(line.substring("listening ".length()).trim());
      return new KinesisEmulator(process, URI.create("http://127.0.0.1:" + listening), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kinesis emulator in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Kinesis emulator", e);
    }
  }

  /**
   * The script, written only when it differs, and then by an atomic rename: the cache directory is
   * shared by every JVM of this user, and a script rewritten in place could be read half-written by
   * a node starting at that moment in another one.
   */
  private static Path writeScript(Path dir) throws IOException {
    Path script = dir.resolve("medallion-kinesis.js");
    if (Files.isRegularFile(script)
        && Files.readString(script, StandardCharsets.UTF_8).equals(SCRIPT)) {
      return script;
    }
    Path fresh = Files.createTempFile(dir, "medallion-kinesis-", ".js.tmp");
    Files.writeString(fresh, SCRIPT, StandardCharsets.UTF_8);
    Files.move(fresh, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return script;
  }

  private static void install(Path dir) throws IOException, InterruptedException {
    if (Files.isRegularFile(dir.resolve("node_modules/kinesalite/package.json"))) {
      return;
    }
    Files.createDirectories(dir);
    List<String> command =
        new ArrayList<>(
            List.of(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                dir.toString(),
                PACKAGE));
    Process npm = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IllegalStateException(
          "could not install the Kinesis emulator ("
              + String.join(" ", command)
              + "): "
              + output.strip());
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  public URI endpoint() {
    return endpoint;
  }

  public KinesisEndpoint kinesis() {
    return KinesisEndpoint.local(endpoint);
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** The file the server's output goes to. */
  public Path log() {
    return output.file;
  }

  /**
   * Empty while the server runs; once it has stopped, how: its exit code (a signal's number when
   * above 128), whether {@link #close()} stopped it, and its last output.
   */
  public Optional<String> exitReason() {
    if (process.isAlive()) {
      return Optional.empty();
    }
    int code = process.exitValue();
    String tail = output.tail();
    return Optional.of(
        "the Kinesis emulator at "
            + endpoint
            + " (pid "
            + process.pid()
            + ", started "
            + started
            + ") exited with code "
            + code
            + (code > 128 ? " (signal " + (code - 128) + ")" : "")
            + (closing ? ", stopped by close()" : ", not stopped by close()")
            + (output.ended != null ? ", its output ended " + output.ended : "")
            + "; its last output:\n"
            + tail
            + (Files.exists(output.file) ? "\n(all of it: " + output.file + ")" : ""));
  }

  /** Waits until the server stops, and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  @Override
  public void close() {
    boolean stoppedByItself = !process.isAlive();
    closing = true;
    try {
      // Closing its input stops it, and its output is read to the end; Process.destroy() would
      // close that output unread.
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // it has stopped already
      }
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (!stoppedByItself) {
      // nothing to explain: the log of a server stopped here is not kept
      output.discard();
    }
  }
}
