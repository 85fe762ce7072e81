package dev.medallion.kinesis.produce;

import dev.medallion.kinesis.produce.EventSource.Outgoing;
import dev.medallion.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records on a stream with PutRecords, in requests of at most {@value #MAX_RECORDS} records
 * and {@value #MAX_BYTES} bytes (data and partition keys), and retries what fails until it is put.
 *
 * <p>A record that a request reports as failed (ProvisionedThroughputExceeded, InternalFailure, a
 * KMS throttle) is sent again after a back-off (50 ms doubling to 2 s, jittered), as is a whole
 * request that fails in a way that may pass (throttling, a server error, the network). Nothing is
 * dropped: it gives up, with a {@link ProduceException} that says what kept failing, only when no
 * record could be put for {@code giveUpAfter}. Other errors (no such stream, access denied) end the
 * run at once.
 */
final class RecordPutter {
  static final int MAX_RECORDS = 500;
  static final long MAX_BYTES = 5L * 1024 * 1024;
  static final long MAX_RECORD_BYTES = 1024L * 1024;

  /** Retried until no record has been put for a while (below), so no limit of its own. */
  private static final Backoff BACKOFF =
      new Backoff(Integer.MAX_VALUE, Duration.ofMillis(50), Duration.ofSeconds(2));

  /** Where one record went. */
  record Placed(String shardId, String sequenceNumber) {}

  private final KinesisClient client;
  private final String stream;
  private final Ticker ticker;
  private final Duration giveUpAfter;
  private final Random jitter;
  private long recordsPut;
  private long calls;
  private long retried;

  RecordPutter(
      KinesisClient client, String stream, Ticker ticker, Duration giveUpAfter, long seed) {
    this.client = client;
    this.stream = stream;
    this.ticker = ticker;
    this.giveUpAfter = giveUpAfter;
    this.jitter = new Random(seed);
  }

  /** Puts every record, and returns where each went, in order. */
  List<Placed> put(List<Outgoing> records) throws InterruptedException {
    List<Placed> placed = new ArrayList<>(records.size());
    for (List<Outgoing> request : split(records, Outgoing::size)) {
      placed.addAll(putAll(request));
    }
    return placed;
  }

  /** Consecutive runs of {@code items} that fit in one request each. */
  static <T> List<List<T>> split(List<T> items, ToLongFunction<T> size) {
    List<List<T>> requests = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 0;
    for (T item : items) {
      long n = size.applyAsLong(item);
      if (n > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException(
            "a record of " + n + " bytes is over Kinesis's limit of " + MAX_RECORD_BYTES);
      }
      if (!current.isEmpty() && (current.size() == MAX_RECORDS || bytes + n > MAX_BYTES)) {
        requests.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(item);
      bytes += n;
    }
    if (!current.isEmpty()) {
      requests.add(current);
    }
    return requests;
  }

  private List<Placed> putAll(List<Outgoing> request) throws InterruptedException {
    Placed[] placed = new Placed[request.size()];
    List<Integer> waiting = new ArrayList<>(request.size());
    for (int i = 0; i < request.size(); i++) {
      waiting.add(i);
    }
    long lastProgress = ticker.nanos();
    int attempt = 0;
    String lastError = null;
    Throwable lastException = null;
    while (true) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>(waiting.size());
      for (int i : waiting) {
        Outgoing r = request.get(i);
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(r.partitionKey())
                .data(SdkBytes.fromByteArrayUnsafe(r.data()))
                .build());
      }
      List<Integer> failed = new ArrayList<>();
      try {
        calls++;
        PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(entries));
        List<PutRecordsResultEntry> results = response.records();
        if (results.size() != waiting.size()) {
          throw new IllegalStateException(
              "PutRecords answered "
                  + results.size()
                  + " results for "
                  + waiting.size()
                  + " records");
        }
        for (int k = 0; k < results.size(); k++) {
          PutRecordsResultEntry result = results.get(k);
          int i = waiting.get(k);
          if (result.errorCode() == null) {
            placed[i] = new Placed(result.shardId(), result.sequenceNumber());
            recordsPut++;
          } else {
            failed.add(i);
            lastError = result.errorCode() + ": " + result.errorMessage();
          }
        }
        if (failed.size() < waiting.size()) {
          lastProgress = ticker.nanos();
          attempt = 0;
        }
        if (failed.isEmpty()) {
          return List.of(placed);
        }
      } catch (RuntimeException e) {
        if (!retryable(e)) {
          throw e;
        }
        failed = waiting;
        lastError = describe(e);
        lastException = e;
      }
      retried += failed.size();
      waiting = failed;
      long stuck = ticker.nanos() - lastProgress;
      if (stuck >= giveUpAfter.toNanos()) {
        throw new ProduceException(
            "gave up putting records on stream "
                + stream
                + ": "
                + waiting.size()
                + " of a request of "
                + request.size()
                + " kept failing, with no record put for "
                + seconds(stuck)
                + " (last error: "
                + lastError
                + "); "
                + recordsPut
                + " records were put before. Check that the stream is ACTIVE and has enough"
                + " shards for the rate, or lower the rate",
            recordsPut,
            lastException);
      }
      attempt++;
      long ceiling = BACKOFF.ceiling(attempt).toNanos();
      // "equal jitter": at least half the ceiling, so that a throttled stream gets its pause
      ticker.sleepNanos(ceiling / 2 + (long) (jitter.nextDouble() * (ceiling / 2)));
    }
  }

  /** Whether a failed request may pass when sent again. */
  static boolean retryable(RuntimeException e) {
    if (e instanceof ProvisionedThroughputExceededException
        || e instanceof LimitExceededException
        || e instanceof KmsThrottlingException) {
      return true;
    }
    if (e instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    if (e instanceof SdkClientException) {
      // The network (refused, reset, timed out) may come back; missing credentials will not.
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof java.io.IOException) {
          return true;
        }
      }
    }
    return false;
  }

  /** The exception's class and message, and the messages of its causes that add something. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && text.indexOf(m) < 0) {
        text.append(": ").append(m);
      }
    }
    return text.toString();
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  long recordsPut() {
    return recordsPut;
  }

  long calls() {
    return calls;
  }

  long retried() {
    return retried;
  }
}
