package dev.medallion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium for the page tests, driven over the DevTools protocol with the JDK's own
 * WebSocket client: open a page, run JavaScript in it, take a screenshot. Debian's {@code chromium}
 * ({@code .ci/install-chromium} installs it); {@link #find} says where it is, or why not.
 */
public final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  /** The flags a closed network and a root user need: no sandbox, no calls home. */
  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--hide-scrollbars",
          "--remote-debugging-port=0");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

  /** The browser to use: $CHROMIUM, else the first of the usual names on the PATH. */
  public static Optional<Path> find() {
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(Files::isExecutable);
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Why the page tests skip where there is no browser. */
  public static final String MISSING =
      "no Chromium here: run .ci/install-chromium (Debian's chromium package), or set CHROMIUM";

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts the browser with one blank tab and connects to that tab. */
  public static Chromium start(Path browser) throws Exception {
    Path profile = Files.createTempDirectory("medallion-chromium");
    List<String> command = new ArrayList<>();
    command.add(browser.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browserSocket = null;
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line; (line = err.readLine()) != null; ) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        browserSocket = m.group(1);
        break;
      }
      seen.add(line);
    }
    if (browserSocket == null) {
      process.destroyForcibly();
      throw new IOException("Chromium did not start:\n" + String.join("\n", seen));
    }
    Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI http = URI.create(browserSocket.replaceFirst("^ws://", "http://"));
    HttpClient client = HttpClient.newHttpClient();
    String pageSocket = null;
    for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
      HttpResponse<String> list =
          client.send(
              HttpRequest.newBuilder(http.resolve("/json/list")).build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(list.body())) {
        if ("page".equals(target.path("type").asText())) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      process.destroyForcibly();
      throw new IOException("Chromium opened no page to drive");
    }
    Chromium[] self = new Chromium[1];
    WebSocket socket =
        client
            .newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener(self))
            .get(10, TimeUnit.SECONDS);
    self[0] = new Chromium(process, profile, socket);
    return self[0];
  }

  /** Calls a DevTools method and returns its result. */
  public JsonNode call(String method, Map<String, Object> params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode reply = answer.get(60, TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + ": " + reply.get("error"));
      }
      return reply.path("result");
    } catch (Exception e) {
      throw new IllegalStateException("DevTools " + method + " failed: " + e.getMessage(), e);
    } finally {
      waiting.remove(id);
    }
  }

  /** Opens {@code url} and waits until it has loaded and its scripts have run. */
  public void open(String url) {
    call("Page.navigate", Map.of("url", url));
    waitFor(
        "document.readyState === 'complete' && location.href !== 'about:blank'",
        Duration.ofSeconds(30));
  }

  /** The value of a JavaScript expression in the page (JSON-able). */
  public JsonNode eval(String expression) {
    JsonNode result =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw on " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Waits until a JavaScript expression is true in the page. */
  public void waitFor(String expression, Duration timeout) {
    waitUntil(() -> eval(expression).asBoolean(false), timeout, expression);
  }

  /** Waits until {@code check} holds. */
  public static void waitUntil(
      java.util.function.BooleanSupplier check, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited " + timeout + " in vain for: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Errors the page's scripts reported to its console, as text: none is expected. */
  public JsonNode errors() {
    return eval("window.__errors || []");
  }

  /** Records uncaught errors of the next pages opened, for {@link #errors}. */
  public void watchErrors() {
    call(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__errors = []; window.addEventListener('error', e =>"
                + " window.__errors.push(String(e.message)));"));
  }

  /** A screenshot of the whole page, {@code width} pixels wide, as PNG. */
  public Path screenshot(Path file, int width) throws IOException {
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    int height = eval("document.documentElement.scrollHeight").asInt(900);
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    return file;
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }

  /** Hands each answer to the call that waits for it; events are ignored. */
  private static final class Listener implements WebSocket.Listener {
    private final Chromium[] owner;
    private final StringBuilder partial = new StringBuilder();

    Listener(Chromium[] owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id") && owner[0] != null) {
            CompletableFuture<JsonNode> f = owner[0].waiting.get(message.get("id").asLong());
            if (f != null) {
              f.complete(message);
            }
          }
        } catch (IOException ignored) {
          // not an answer
        }
      }
      socket.request(1);
      return null;
    }
  }
}
