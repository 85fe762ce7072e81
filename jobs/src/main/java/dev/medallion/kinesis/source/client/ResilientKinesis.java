package dev.medallion.kinesis.source.client;

import dev.medallion.kinesis.source.KinesisSourceErrors;
import dev.medallion.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The calls of one stream with the source's error handling: throttling ({@code
 * ProvisionedThroughputExceededException}, {@code LimitExceededException}, KMS throttling) and
 * server errors are retried with {@link Backoff}; a client that cannot reach the endpoint is
 * retried a few times; a missing stream fails at once with a message naming stream and endpoint.
 * {@link ExpiredIteratorException} is left to the caller, which knows where to resume.
 */
public final class ResilientKinesis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientKinesis.class);

  /** Connection failures are retried at most this many times: a wrong endpoint should fail fast. */
  public static final int MAX_CONNECTION_RETRIES = 3;

  /** Waits between attempts; tests record instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final KinesisApi api;
  private final String stream;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  public ResilientKinesis(
      KinesisApi api, String stream, Backoff backoff, Sleeper sleeper, DoubleSupplier random) {
    this.api = api;
    this.stream = stream;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.random = random;
  }

  public static ResilientKinesis of(KinesisApi api, String stream, Backoff backoff) {
    return new ResilientKinesis(
        api,
        stream,
        backoff,
        d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000)),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  public String stream() {
    return stream;
  }

  public String endpoint() {
    return api.describe();
  }

  public List<Shard> listShards() {
    return call("ListShards", () -> api.listShards(stream));
  }

  public String shardIterator(String shardId, IteratorPosition position) {
    return call(
        "GetShardIterator " + position + " on " + shardId,
        () -> api.shardIterator(stream, shardId, position));
  }

  /** GetRecords; throws {@link ExpiredIteratorException} for the caller to handle. */
  public GetRecordsResponse getRecords(String shardIterator, int limit, String shardId) {
    return call("GetRecords on " + shardId, () -> api.getRecords(shardIterator, limit));
  }

  /** How many calls were made, retries included. */
  public long calls() {
    return calls.get();
  }

  /** How many calls were throttled. */
  public long throttledCalls() {
    return throttled.get();
  }

  private <T> T call(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    int attempt = 0;
    while (true) {
      attempt++;
      calls.incrementAndGet();
      RuntimeException failure;
      boolean connection = false;
      try {
        return call.get();
      } catch (ExpiredIteratorException e) {
        throw e;
      } catch (ResourceNotFoundException e) {
        throw KinesisSourceErrors.streamNotFound(stream, api.describe(), e);
      } catch (ProvisionedThroughputExceededException
          | LimitExceededException
          | KmsThrottlingException e) {
        throttled.incrementAndGet();
        if (attempt > backoff.maxRetries()) {
          throw KinesisSourceErrors.throttled(stream, operation, attempt, since(start), e);
        }
        failure = e;
      } catch (KinesisException e) {
        if (e.statusCode() < 500 || attempt > backoff.maxRetries()) {
          throw KinesisSourceErrors.callFailed(stream, api.describe(), operation, e);
        }
        failure = e;
      } catch (SdkClientException e) {
        if (Interrupted.isInterruption(e)) {
          throw Interrupted.during(operation, e);
        }
        if (attempt > Math.min(MAX_CONNECTION_RETRIES, backoff.maxRetries())) {
          throw KinesisSourceErrors.unreachable(
              api.describe(), operation, attempt, since(start), e);
        }
        failure = e;
        connection = true;
      }
      Duration wait =
          connection ? backoff.ceiling(attempt) : backoff.delay(attempt, random.getAsDouble());
      LOG.debug(
          "{} on {} failed ({}), retry {} in {} ms",
          operation,
          stream,
          failure,
          attempt,
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        throw Interrupted.during("waiting to retry " + operation, e);
      }
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    api.close();
  }
}
