package dev.medallion.kinesis.produce;

import dev.medallion.config.ConfigException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * What {@link EventProducer} puts on a stream. Build with {@link #of} and the {@code with...}
 * methods; each value is checked as it is set, and a bad one is a {@link ConfigException} named
 * after the command-line option that sets it.
 *
 * @param events how many events to generate, valid and malformed; retries (duplicates) come on top
 * @param rate records per second, duplicates included; 0 for as fast as the stream takes them
 * @param duplicates the fraction of valid events put a second time (a retry), from 0 to 1
 * @param late the fraction of valid events whose {@code event_ts} is {@code lateBy} in the past
 * @param lateBy how far behind the time it is put a late event's {@code event_ts} is
 * @param malformed the fraction of events that fail validation, from 0 to 1
 * @param seed the seed of every random choice: the same seed gives the same events
 * @param giveUpAfter how long records may keep failing, with no record put, before the run fails
 */
public record ProduceOptions(
    long events,
    double rate,
    double duplicates,
    double late,
    Duration lateBy,
    double malformed,
    long seed,
    Duration giveUpAfter) {
  public static final Duration DEFAULT_LATE_BY = Duration.ofHours(2);
  public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofMinutes(2);

  public ProduceOptions {
    if (events < 0) {
      throw new ConfigException("--events", "must be 0 or more, got " + events, "pass e.g. 1000");
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new ConfigException(
          "--rate", "must be a number of events per second >= 0, got " + rate, "0 means no limit");
    }
    fraction("--duplicates", duplicates);
    fraction("--late", late);
    fraction("--malformed", malformed);
    if (lateBy == null || lateBy.isNegative() || lateBy.isZero()) {
      throw new ConfigException("--late-by", "must be positive, got " + lateBy, "pass e.g. 2h");
    }
    if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
      throw new ConfigException(
          "--give-up-after", "must be positive, got " + giveUpAfter, "pass e.g. 2m");
    }
  }

  private static void fraction(String option, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new ConfigException(
          option, "is a fraction from 0 to 1, got " + p, "pass e.g. 0.05 for 5%");
    }
  }

  /** {@code events} valid events, as fast as possible, with a new random seed. */
  public static ProduceOptions of(long events) {
    return new ProduceOptions(
        events, 0, 0, 0, DEFAULT_LATE_BY, 0, new SecureRandom().nextLong(), DEFAULT_GIVE_UP_AFTER);
  }

  public ProduceOptions withEvents(long events) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withRate(double rate) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withDuplicates(double duplicates) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withLate(double late) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withLateBy(Duration lateBy) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withMalformed(double malformed) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withSeed(long seed) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }

  public ProduceOptions withGiveUpAfter(Duration giveUpAfter) {
    return new ProduceOptions(events, rate, duplicates, late, lateBy, malformed, seed, giveUpAfter);
  }
}
