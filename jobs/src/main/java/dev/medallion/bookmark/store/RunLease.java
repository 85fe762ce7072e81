package dev.medallion.bookmark.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.lake.HadoopFiles;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The mark a running job leaves in its state directory ({@code lease.json}), so that a second run
 * of the same job started meanwhile fails before it writes anything. The holder refreshes it (a
 * heartbeat) while it runs and removes it when it ends. A lease is taken over when it is stale: its
 * heartbeat is older than the time to live, or its holder ran on this host and its process is gone
 * (a run killed with SIGKILL leaves its lease, and the next run must not wait for it to expire).
 */
public final class RunLease implements AutoCloseable {
  /** How long a lease holds without a heartbeat. */
  public static final Duration TTL = Duration.ofSeconds(120);

  private static final Duration HEARTBEAT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * What a lease file holds.
   *
   * @param owner a random id of the holder
   * @param host the host it runs on
   * @param pid its process id
   * @param job the job
   * @param runId the run
   * @param attempt the attempt
   * @param baseVersion the state version the run started from
   * @param acquiredAt when it took the lease (epoch ms)
   * @param heartbeatAt when it last refreshed it (epoch ms)
   */
  public record Holder(
      String owner,
      String host,
      long pid,
      String job,
      String runId,
      int attempt,
      long baseVersion,
      long acquiredAt,
      long heartbeatAt) {

    /** Whether this lease still stands at {@code now}. */
    public boolean isLive(long now) {
      if (now - heartbeatAt >= TTL.toMillis()) {
        return false;
      }
      if (host.equals(thisHost())) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      }
      return true;
    }

    Holder beating(long now) {
      return new Holder(owner, host, pid, job, runId, attempt, baseVersion, acquiredAt, now);
    }

    String describe(long now) {
      return String.format(
          "run %s (attempt %d, from state version %d; process %d on %s, started %s, last"
              + " heartbeat %d s ago)",
          runId,
          attempt,
          baseVersion,
          pid,
          host,
          Instant.ofEpochMilli(acquiredAt),
          Math.max(0, (now - heartbeatAt) / 1000));
    }
  }

  private final HadoopFiles files;
  private final String path;
  private volatile Holder holder;
  private final ScheduledExecutorService heartbeat;

  private RunLease(HadoopFiles files, String path, Holder holder) {
    this.files = files;
    this.path = path;
    this.holder = holder;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "medallion-lease-" + holder.job());
              t.setDaemon(true);
              return t;
            });
    long every = HEARTBEAT.toMillis();
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease of {@code job} in {@code stateDir} for a run, or fails with {@link
   * ConcurrentRunException} when another run holds it.
   */
  public static RunLease acquire(
      HadoopFiles files, String stateDir, String job, String runId, int attempt, long version) {
    String path = stateDir + "/lease.json";
    long now = System.currentTimeMillis();
    Optional<Holder> other = read(files, path);
    if (other.isPresent() && other.get().isLive(now)) {
      throw new ConcurrentRunException(
          job,
          version,
          "another run of job "
              + job
              + " is in progress: "
              + other.get().describe(now)
              + ". This run is refused and wrote nothing. Run one "
              + job
              + " at a time. If that run is in fact dead on another host, its lease expires "
              + TTL.toSeconds()
              + " s after its last heartbeat (or delete "
              + path
              + ").");
    }
    Holder mine =
        new Holder(
            UUID.randomUUID().toString(),
            thisHost(),
            ProcessHandle.current().pid(),
            job,
            runId,
            attempt,
            version,
            now,
            now);
    files.writeString(path, write(mine));
    return new RunLease(files, path, mine);
  }

  /** The lease of {@code job} if some run holds it now. */
  public static Optional<Holder> live(HadoopFiles files, String stateDir) {
    long now = System.currentTimeMillis();
    return read(files, stateDir + "/lease.json").filter(h -> h.isLive(now));
  }

  /** Names the run holding the lease, once it is planned. */
  public void running(String runId, int attempt) {
    Holder h = holder;
    holder =
        new Holder(
            h.owner(),
            h.host(),
            h.pid(),
            h.job(),
            runId,
            attempt,
            h.baseVersion(),
            h.acquiredAt(),
            System.currentTimeMillis());
    files.writeString(path, write(holder));
  }

  /** Whether this lease is still this run's (no other run took it over as stale). */
  public boolean held() {
    return read(files, path).map(h -> h.owner().equals(holder.owner())).orElse(false);
  }

  private void beat() {
    try {
      if (held()) {
        holder = holder.beating(System.currentTimeMillis());
        files.writeString(path, write(holder));
      }
    } catch (RuntimeException e) {
      // a missed heartbeat shortens the lease; the run's commit still checks the version
    }
  }

  /** Stops the heartbeat and removes the lease if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      if (held()) {
        files.delete(path, false);
      }
    } catch (RuntimeException e) {
      // a lease left behind is stale once this process is gone
    }
  }

  private static Optional<Holder> read(HadoopFiles files, String path) {
    if (!files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(files.readString(path), Holder.class));
    } catch (JsonProcessingException | UncheckedIOException e) {
      return Optional.empty(); // unreadable or gone meanwhile: nobody holds it
    }
  }

  private static String write(Holder holder) {
    try {
      return JSON.writeValueAsString(holder);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String thisHost() {
    return Host.NAME;
  }

  private static final class Host {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }
  }
}
