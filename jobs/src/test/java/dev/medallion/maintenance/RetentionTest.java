package dev.medallion.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionTest {
  static final Instant NOW = Instant.parse("2026-11-21T03:30:00Z");

  @Test
  void withNoBookmarkBehindItIsTheRetentionAskedFor() {
    assertThat(Retention.of(168, Optional.empty(), "curate", NOW))
        .isEqualTo(new Retention(168, null));
  }

  @Test
  void aBookmarkWithinTheRetentionChangesNothing() {
    assertThat(Retention.of(168, Optional.of(NOW.minus(Duration.ofDays(2))), "curate", NOW))
        .isEqualTo(new Retention(168, null));
  }

  @Test
  void aBookmarkOlderThanTheRetentionKeepsItsFilesWithAnHourToSpare() {
    Instant since = NOW.minus(Duration.ofDays(9)).minus(Duration.ofMinutes(10));
    Retention retention = Retention.of(168, Optional.of(since), "curate", NOW);

    assertThat(retention.hours()).isEqualTo(9 * 24 + 1 + 1);
    assertThat(retention.note())
        .isEqualTo(
            "kept 218h, not 168h: curate has not read the changes committed since "
                + since
                + " yet");
  }

  @Test
  void aCommitFromAClockAheadCountsAsNow() {
    assertThat(Retention.of(0, Optional.of(NOW.plusSeconds(60)), "load", NOW).hours()).isEqualTo(1);
  }
}
