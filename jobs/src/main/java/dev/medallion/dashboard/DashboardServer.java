package dev.medallion.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.pages.Pages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard served on 127.0.0.1: the page at {@code /}, its data at {@code /data.json}. Every
 * {@code refresh} it looks at the versions of the lake's tables (listings, no Spark job) and, when
 * one has changed, runs the questions again (one run at a time, in a thread of their own); the open
 * page fetches the new answers, so that a streaming run's events appear while it runs. A lake that
 * did not change costs no queries: the server leaves the cores to the jobs that write it.
 */
public final class DashboardServer implements AutoCloseable {
  private final Answers answers;
  private final LakeLocation lake;
  private final long refreshSeconds;
  private final PrintStream log;
  private final HttpServer http;
  private final ScheduledExecutorService refresher;
  private volatile Answers.Snapshot latest;
  private volatile String latestJson;
  private Map<LakeTable, Long> answeredAt;
  private final AtomicInteger answered = new AtomicInteger();

  private DashboardServer(
      Answers answers, LakeLocation lake, Duration refresh, PrintStream log, HttpServer http) {
    this.answers = answers;
    this.lake = lake;
    this.refreshSeconds = Math.max(1, refresh.toSeconds());
    this.log = log;
    this.http = http;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "medallion-dashboard-refresh");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Answers the questions once, then serves them on 127.0.0.1:{@code port} (0: any free port) and
   * answers them again every {@code refresh}.
   */
  public static DashboardServer start(
      Answers answers, LakeLocation lake, int port, Duration refresh, PrintStream log)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    DashboardServer server = new DashboardServer(answers, lake, refresh, log, http);
    server.refresh();
    http.createContext("/", server::handle);
    http.start();
    server.refresher.scheduleWithFixedDelay(
        server::refreshQuietly, server.refreshSeconds, server.refreshSeconds, TimeUnit.SECONDS);
    return server;
  }

  /** Where the page is. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  /** The answers the page gets now. */
  public Answers.Snapshot latest() {
    return latest;
  }

  /** How many times the questions have run (once at the start, then once per change seen). */
  public int answered() {
    return answered.get();
  }

  private void refresh() {
    Instant now = Instant.now();
    // Read before the questions run: a commit made while they run is a change at the next look.
    Map<LakeTable, Long> versions = answers.versions(lake);
    Answers.Snapshot snapshot;
    if (latest != null && versions.equals(answeredAt)) {
      snapshot = latest.asOf(now);
    } else {
      snapshot = answers.of(lake, refreshSeconds);
      answeredAt = versions;
      answered.incrementAndGet();
    }
    latestJson = Pages.json(snapshot);
    latest = snapshot;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The lake may be mid-write or unreachable for a moment: keep the last answers, say why.
      log.println("dashboard: could not read the lake (" + e.getMessage() + "); trying again");
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "only GET");
      } else if (path.equals("/") || path.equals("/index.html")) {
        send(exchange, 200, "text/html; charset=utf-8", DashboardPage.html(latest));
      } else if (path.equals("/data.json")) {
        send(exchange, 200, "application/json", latestJson);
      } else {
        send(exchange, 404, "text/plain", "not found: " + path);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    http.stop(0);
  }
}
