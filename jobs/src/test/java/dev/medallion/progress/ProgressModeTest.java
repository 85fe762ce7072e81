package dev.medallion.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import org.junit.jupiter.api.Test;

/** MEDALLION_PROGRESS first, then whether stderr is a terminal. */
class ProgressModeTest {
  @Test
  void theEnvironmentVariableDecidesWhenSet() {
    assertThat(ProgressMode.choose("plain", true, "/dev/pts/0")).isEqualTo(ProgressMode.PLAIN);
    assertThat(ProgressMode.choose("TTY", false, "/tmp/log")).isEqualTo(ProgressMode.TTY);
    assertThat(ProgressMode.choose(" off ", true, "/dev/pts/0")).isEqualTo(ProgressMode.OFF);
    assertThat(ProgressMode.choose("", true, "/dev/pts/0")).isEqualTo(ProgressMode.TTY);
  }

  @Test
  void aTerminalGetsTheRedrawnLineAndAnythingElsePlainLines() {
    assertThat(ProgressMode.choose(null, true, "/dev/pts/3")).isEqualTo(ProgressMode.TTY);
    assertThat(ProgressMode.choose(null, true, "/dev/tty1")).isEqualTo(ProgressMode.TTY);
    // Where the system cannot say where stderr goes, the console decides.
    assertThat(ProgressMode.choose(null, true, null)).isEqualTo(ProgressMode.TTY);
    // `medallion ... 2> log` on a terminal, a pipe, no console at all (CI, Glue, > file)
    assertThat(ProgressMode.choose(null, true, "/tmp/medallion.log")).isEqualTo(ProgressMode.PLAIN);
    assertThat(ProgressMode.choose(null, true, "pipe:[123]")).isEqualTo(ProgressMode.PLAIN);
    assertThat(ProgressMode.choose(null, false, "/dev/pts/3")).isEqualTo(ProgressMode.PLAIN);
  }

  @Test
  void anUnknownValueIsAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> ProgressMode.choose("fancy", true, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MEDALLION_PROGRESS")
        .hasMessageContaining("'fancy'")
        .hasMessageContaining("tty")
        .hasMessageContaining("plain")
        .hasMessageContaining("off");
  }
}
