package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.config.DurationParser;
import dev.medallion.dashboard.Answers;
import dev.medallion.dashboard.DashboardPage;
import dev.medallion.dashboard.DashboardServer;
import dev.medallion.pages.Pages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "The business dashboard over the lake: events per day by type, daily active users, revenue"
          + " by country, top event types, quarantine reasons, late events, duplicates and"
          + " freshness, with filters on dates, event type and country. Its data is the answer to"
          + " the SQL of athena/queries/, the questions Athena and QuickSight run.",
      "Writes one self-contained HTML page (no network needed to open it), or with --serve"
          + " serves it on 127.0.0.1 and, every --refresh, answers the questions again if a table"
          + " of the lake has a new version, so that a running stream's events appear on the open"
          + " page."
    })
final class DashboardCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "dashboard.html",
      description = "Where to write the page (not with --serve).")
  Path out;

  @Option(
      names = "--serve",
      description = "Serve the page on 127.0.0.1 until stopped (Ctrl-C) instead of writing it.")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8050",
      description = "The port --serve listens on (0: any free port).")
  int port;

  @Option(
      names = "--refresh",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "With --serve: how often the versions of the lake's tables are looked at (the questions"
              + " run again when one changed) and the open page updated.")
  String refresh;

  @Mixin SparkOptions spark;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port", "must be 0..65535, got " + port, "e.g. --port 8050");
    }
    Duration every = DurationParser.parse("--refresh", refresh);
    if (every.toSeconds() < 1) {
      throw new ConfigException("--refresh", "must be at least 1s, got " + refresh, "e.g. 5s");
    }
    Answers answers = new Answers(spark.session("dashboard"));
    if (!serve) {
      Answers.Snapshot snapshot = answers.of(lake.location(), 0);
      if (snapshot.questions().values().stream().allMatch(a -> a.error() != null)) {
        System.err.println(
            "medallion: note: the lake has no tables yet at "
                + lake.location()
                + " (the page says so); run a pipeline or a stream into it");
      }
      Path written = Pages.write(out, DashboardPage.html(snapshot));
      System.out.println("dashboard: " + written);
      return MedallionCli.OK;
    }
    try (DashboardServer server =
        DashboardServer.start(answers, lake.location(), port, every, System.err)) {
      System.out.println(
          "dashboard: "
              + server.uri()
              + " (follows the lake: looks for new table versions every "
              + every.toSeconds()
              + " s; Ctrl-C stops)");
      System.out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return MedallionCli.OK;
  }
}
