package dev.medallion.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionTest {
  static final long MB = 1024 * 1024;

  @Test
  void theSmallFilesOfEachPartitionBecomeOneAndALoneFileIsLeftAlone() {
    assertThat(
            Compaction.of(
                List.of(List.of(1L, 2L, 3L), List.of(5L), List.of()),
                Compaction.DEFAULT_FILE_SIZE,
                Compaction.DEFAULT_FILE_SIZE))
        .isEqualTo(new Compaction.Result(2, 1));
  }

  @Test
  void bigFilesStayAndSmallOnesArePackedIntoBinsOfTheMaximumSize() {
    // 100 MB is not small; smallest first, 30+40 make a bin, the other 40 and 70 one each.
    assertThat(
            Compaction.of(
                List.of(List.of(100 * MB, 40 * MB, 70 * MB, 40 * MB, 30 * MB)), 100 * MB, 100 * MB))
        .isEqualTo(new Compaction.Result(1 + 3, 1));
  }
}
