package dev.medallion.cli;

import dev.medallion.config.ConfigException;
import dev.medallion.config.DurationParser;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.KinesisStreams;
import dev.medallion.kinesis.produce.EventProducer;
import dev.medallion.kinesis.produce.ProduceOptions;
import dev.medallion.kinesis.produce.ProduceSummary;
import dev.medallion.run.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Put generated events on a Kinesis stream (AWS, or the local emulator of",
      "'medallion kinesis-emulator') with PutRecords, for the stream job to read.",
      "",
      "Events follow the input contract: event_ts is the time each is put (UTC,",
      "milliseconds) and attributes.produced_at_ms that time in epoch ms, for",
      "measuring latency downstream; the partition key is the event_uuid. The",
      "fractions add what a real feed has: retries (duplicates), late events,",
      "malformed records. Failed records are retried until put. Progress goes to",
      "stderr every 5 s, the summary to stdout and, with --summary, to a JSON file",
      "with the counts a stream job must give: raw = recordsPut, cleansed =",
      "distinctValidUuids (late policy keep), duplicates = duplicates,",
      "quarantined = malformed.",
      ""
    })
final class ProduceCommand implements Callable<Integer> {
  @Option(
      names = "--stream",
      required = true,
      paramLabel = "NAME",
      description = "The stream to put the events on.")
  String stream;

  @Mixin KinesisOptions kinesis;

  @Option(
      names = "--events",
      required = true,
      paramLabel = "N",
      description = "How many events to make, valid and malformed; retries come on top.")
  Long events;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "0",
      description = "Records per second, retries included; 0: as fast as the stream takes them.")
  double rate;

  @Option(
      names = "--duplicates",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "The fraction of valid events put twice: the retry has the same uuid, partition"
              + " key and bytes, and follows within 500 records or 2 s of the event being put.")
  double duplicates;

  @Option(
      names = "--late",
      paramLabel = "P",
      defaultValue = "0",
      description = "The fraction of valid events whose event_ts is --late-by behind the time.")
  double late;

  @Option(
      names = "--late-by",
      paramLabel = "DURATION",
      defaultValue = "2h",
      description = "How far behind a late event's event_ts is (e.g. 90s, 15m, 2h, 3d).")
  String lateBy;

  @Option(
      names = "--malformed",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "The fraction of events that fail validation, in twelve ways (broken JSON, no"
              + " event_uuid, a bad event_type or event_ts, a non-finite value, ...).")
  double malformed;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "The random seed: the same seed and options make the same events (uuids, types,"
              + " fractions; only the times differ). Default: a new one, printed in the"
              + " summary.")
  Long seed;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "Create the stream with N shards if it does not exist (default: it must exist)."
              + " An existing stream is used as it is.")
  Integer shards;

  @Option(
      names = "--summary",
      paramLabel = "FILE",
      description = "Also write the summary as JSON to FILE.")
  Path summary;

  @Option(
      names = "--give-up-after",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description = "Fail when records keep failing with none put for this long.")
  String giveUpAfter;

  @Override
  public Integer call() {
    String name = KinesisOptions.streamName("--stream", stream);
    Duration lateByDuration = DurationParser.parse("--late-by", lateBy);
    Duration giveUp = DurationParser.parse("--give-up-after", giveUpAfter);
    ProduceOptions options =
        new ProduceOptions(
            events,
            rate,
            duplicates,
            late,
            lateByDuration,
            malformed,
            seed != null ? seed : new SecureRandom().nextLong(),
            giveUp);
    if (shards != null && (shards < 1 || shards > 1000)) {
      throw new ConfigException(
          "--shards", "must be from 1 to 1000, got " + shards, "pass e.g. --shards 2");
    }
    if (summary != null && Files.isDirectory(summary)) {
      throw new ConfigException(
          "--summary", summary + " is a directory", "give a file, e.g. produce-summary.json");
    }
    KinesisEndpoint target = kinesis.endpoint();
    try (KinesisClient client = KinesisOptions.client(target)) {
      prepare(client, target, name);
      ProduceSummary result =
          new EventProducer(client, name, options)
              .progress(Progress.to(System.err, "produce"))
              .run();
      System.out.print(result.render());
      if (summary != null) {
        result.writeJson(summary);
        System.out.println("  summary: " + summary.toAbsolutePath());
      }
    }
    return MedallionCli.OK;
  }

  /** Makes sure the stream is there and ACTIVE, creating it when --shards allows. */
  private void prepare(KinesisClient client, KinesisEndpoint target, String name) {
    boolean exists;
    try {
      exists = KinesisStreams.exists(client, name);
    } catch (SdkClientException e) {
      throw KinesisOptions.unreachable(target, e);
    }
    if (!exists) {
      if (shards == null) {
        throw new ConfigException(
            "--stream",
            "stream " + name + " does not exist at " + target,
            "create it, or pass --shards N to create it with N shards");
      }
      KinesisStreams.ensure(client, name, shards);
      System.err.println("created stream " + name + " with " + shards + " shard(s) at " + target);
      return;
    }
    KinesisStreams.awaitActive(client, name, Duration.ofSeconds(60));
    if (shards != null) {
      int open = KinesisStreams.openShards(client, name);
      if (open != shards) {
        System.err.println(
            "stream "
                + name
                + " exists with "
                + open
                + " open shard(s); --shards "
                + shards
                + " applies only to a new stream");
      }
    }
  }
}
