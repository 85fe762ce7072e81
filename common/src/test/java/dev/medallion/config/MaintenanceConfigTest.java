package dev.medallion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceConfigTest {
  static final LakeLocation LAKE = LakeLocation.parse("--lake", "/tmp/lake");

  @Test
  void theDefaultIsDeltasOwnSevenDays() {
    MaintenanceConfig config = MaintenanceConfig.of(LAKE, null, false, false);

    assertThat(config.retain()).isEqualTo(Duration.ofDays(7));
    assertThat(config.retainHours()).isEqualTo(168);
    assertThat(config.dryRun()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"168h, 168", "14d, 336", "10081m, 169"})
  void aRetentionOfAtLeastSevenDaysIsTakenInWholeHoursRoundedUp(String text, long hours) {
    assertThat(MaintenanceConfig.of(LAKE, text, false, true).retainHours()).isEqualTo(hours);
  }

  @Test
  void aShorterRetentionIsRefusedNamingTheOptionTheMinimumAndTheWayOut() {
    assertThatThrownBy(() -> MaintenanceConfig.of(LAKE, "24h", false, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--retain: '24h' is shorter than the 168h (7 days)")
        .hasMessageContaining("add --allow-short-retention");
  }

  @Test
  void aShorterRetentionAskedForExplicitlyIsTaken() {
    assertThat(MaintenanceConfig.of(LAKE, "0h", true, false).retainHours()).isZero();
  }

  @Test
  void aRetentionThatIsNoDurationNamesTheOption() {
    assertThatThrownBy(() -> MaintenanceConfig.of(LAKE, "a week", false, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--retain: 'a week' is not a duration");
  }
}
