package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.kinesis.KinesisEmulator;
import dev.medallion.kinesis.KinesisStreams;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Command(
    name = "kinesis-emulator",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run a local Kinesis (kinesalite, in memory, on 127.0.0.1) until Ctrl-C, for",
      "'medallion produce' and the stream job without AWS, and print the endpoint",
      "to export as " + KinesisOptions.ENDPOINT_ENV + ". Needs Node.js 18+ with npm;",
      "installs kinesalite into $MEDALLION_CACHE (default ~/.cache/medallion) on",
      "first use.",
      ""
    })
final class KinesisEmulatorCommand implements Callable<Integer> {
  /** How the command waits for the end: until the server stops. Tests replace it. */
  interface Waiter {
    void await(KinesisEmulator emulator) throws InterruptedException;
  }

  static Waiter waiter = KinesisEmulator::awaitExit;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "The port to listen on; 0: a free one.")
  int port;

  @Option(
      names = "--stream",
      paramLabel = "NAME",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "Create this stream (repeatable).")
  List<String> streams = new ArrayList<>();

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "2",
      description = "Shards of each stream created.")
  int shards;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new ConfigException("--port", "must be from 0 to 65535, got " + port, "pass e.g. 4567");
    }
    if (shards < 1 || shards > 1000) {
      throw new ConfigException(
          "--shards", "must be from 1 to 1000, got " + shards, "pass e.g. --shards 2");
    }
    streams.forEach(s -> KinesisOptions.streamName("--stream", s));
    String unavailable = KinesisEmulator.unavailableReason().orElse(null);
    if (unavailable != null) {
      throw new ConfigException("kinesis-emulator", unavailable, "then run it again");
    }
    PrintStream out = System.out;
    try (KinesisEmulator emulator = KinesisEmulator.start(KinesisEmulator.defaultCache(), port)) {
      AtomicBoolean stopping = new AtomicBoolean();
      Thread stop =
          new Thread(
              () -> {
                stopping.set(true);
                emulator.close();
              },
              "kinesis-emulator-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      try {
        String url = emulator.endpoint().toString();
        out.println("Kinesis emulator (" + KinesisEmulator.PACKAGE + ", in memory) at " + url);
        try (KinesisClient client = emulator.kinesis().client()) {
          for (String stream : streams) {
            KinesisStreams.ensure(client, stream, shards);
            out.println("  stream " + stream + ": " + shards + " shard(s)");
          }
        }
        out.println("Use it from another shell:");
        out.println("  export " + KinesisOptions.ENDPOINT_ENV + "=" + url);
        out.println(
            "  bin/medallion produce --stream "
                + (streams.isEmpty() ? "events --shards 2" : streams.get(0))
                + " --events 1000");
        out.println("Ctrl-C stops it; its streams and records go with it.");
        out.flush();
        waiter.await(emulator);
        if (!emulator.isRunning() && !stopping.get()) {
          throw new IllegalStateException(
              emulator.exitReason().orElse("the Kinesis emulator at " + url + " stopped"));
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }
    return MedallionCli.OK;
  }
}
