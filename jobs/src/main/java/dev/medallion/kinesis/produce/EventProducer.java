package dev.medallion.kinesis.produce;

import dev.medallion.kinesis.produce.EventSource.Outgoing;
import dev.medallion.run.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Puts generated events on a Kinesis stream, as a device fleet would: valid events of the input
 * contract (DESIGN section 2) with {@code event_ts} the time they are put (UTC, milliseconds) and
 * {@code attributes.produced_at_ms} that time in epoch milliseconds, for measuring end-to-end
 * latency downstream; among them, as the options ask, retries (the same uuid, partition key and
 * bytes, put again after the event is on the stream, within {@value
 * EventSource#MAX_RETRY_GAP_RECORDS} records or {@value EventSource#MAX_RETRY_GAP_MILLIS} ms), late
 * events and malformed records. The partition key is the event's uuid.
 *
 * <p>Records go out with PutRecords at the options' rate; failed ones are retried until put (see
 * {@link RecordPutter}). The stream must exist. One run per instance; {@link #run} blocks until
 * every record is put, and reports progress every {@value #PROGRESS_SECONDS} s.
 */
public final class EventProducer {
  static final int PROGRESS_SECONDS = 5;

  private final KinesisClient client;
  private final String stream;
  private final ProduceOptions options;
  private final Ticker ticker;
  private Progress progress = Progress.silent();

  public EventProducer(KinesisClient client, String stream, ProduceOptions options) {
    this(client, stream, options, Ticker.SYSTEM);
  }

  EventProducer(KinesisClient client, String stream, ProduceOptions options, Ticker ticker) {
    this.client = client;
    this.stream = stream;
    this.options = options;
    this.ticker = ticker;
  }

  /** Where progress lines go (none by default), e.g. {@code Progress.to(System.err, "produce")}. */
  public EventProducer progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Puts every event and retry, and says what was put.
   *
   * @throws ProduceException when records kept failing for {@link ProduceOptions#giveUpAfter}, or
   *     the thread was interrupted
   */
  public ProduceSummary run() {
    EventSource source = new EventSource(options);
    RateLimiter limiter = new RateLimiter(options.rate(), ticker);
    RecordPutter putter =
        new RecordPutter(client, stream, ticker, options.giveUpAfter(), options.seed());
    long started = ticker.nanos();
    long lastReport = started;
    long putAtLastReport = 0;
    try {
      while (source.hasNext()) {
        int allowed = limiter.acquire(RecordPutter.MAX_RECORDS);
        List<Outgoing> batch = source.take(allowed, ticker.epochMillis());
        putter.put(batch);
        source.confirmed(batch, ticker.epochMillis());
        long now = ticker.nanos();
        if (now - lastReport >= PROGRESS_SECONDS * 1_000_000_000L) {
          progress.step(
              String.format(
                  Locale.ROOT,
                  "put %,d records (%,d of %,d events), %,.0f records/s over the last %.1f s,"
                      + " %,d retried",
                  source.put(),
                  source.generated(),
                  options.events(),
                  (source.put() - putAtLastReport) * 1e9 / (now - lastReport),
                  (now - lastReport) / 1e9,
                  putter.retried()));
          lastReport = now;
          putAtLastReport = source.put();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProduceException(
          "interrupted after putting " + putter.recordsPut() + " records on stream " + stream,
          putter.recordsPut(),
          e);
    }
    return new ProduceSummary(
        stream,
        options.seed(),
        source.put(),
        source.generated(),
        source.valid(),
        source.duplicates(),
        source.lateDuplicates(),
        source.late(),
        source.malformed(),
        putter.calls(),
        putter.retried(),
        source.firstProducedAtMs(),
        source.lastProducedAtMs(),
        Duration.ofNanos(ticker.nanos() - started));
  }
}
