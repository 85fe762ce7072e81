package dev.medallion.kinesis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public final class KinesisEmulator implements AutoCloseable {
  public static final String PACKAGE = "kinesalite@3.3.3";

  private static final String SCRIPT =
      """
      // Started by Medallion: kinesalite on 127.0.0.1, the port given (0: a free one), in memory.
      const kinesalite = require('kinesalite');
      const server = kinesalite({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0,
                                 shardLimit: 1000});
      server.listen(Number(process.argv[2] || 0), '127.0.0.1', err => {
        if (err) { console.error(err.message); process.exit(1); }
        console.log('listening ' + server.address().port);
      });
      process.stdin.on('end', () => process.exit(0));
      process.stdin.on('error', () => process.exit(0));
      process.stdin.resume();
      """;

  private final Process process;
  private final URI endpoint;

  private KinesisEmulator(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
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
   * (0: a free one).
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
      Path script = dir.resolve("medallion-kinesis.js");
      Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder("node", script.toString(), Integer.toString(port))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
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
      if (line == null || !line.startsWith("listening ")) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the Kinesis emulator did not start: " + (line == null ? "(no output)" : line));
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // kinesalite logs nothing by default; keep the pipe from filling
                  }
                } catch (IOException ignored) {
                  // the server stopped
                }
              },
              "kinesis-emulator-output");
      drain.setDaemon(true);
      drain.start();
      int listening = Integer.parseInt(line.substring("listening ".length()).trim());
      return new KinesisEmulator(process, URI.create("http://127.0.0.1:" + listening));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kinesis emulator in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Kinesis emulator", e);
    }
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

  /** Waits until the server stops, and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
