package dev.medallion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the in-process job launcher prints and records: the command line without secrets, and the
 * error of a failed job. Running jobs is in {@link WorkflowRunCommandTest} and {@link
 * WorkflowRunIT}.
 */
class CliJobLauncherTest {
  @Test
  void thePrintedCommandLineLeavesOutSecrets() {
    assertThat(
            CliJobLauncher.display(
                List.of(
                    "ingest",
                    "--lake",
                    "s3a://bucket/lake",
                    "--reprocess-all",
                    "--late-threshold=-3d",
                    "--conf",
                    "spark.hadoop.fs.s3a.secret.key=abc",
                    "--conf",
                    "spark.hadoop.fs.s3a.access.key=def",
                    "--conf",
                    "spark.sql.shuffle.partitions=2",
                    "--warehouse-password",
                    "ghi",
                    "--api-token=jkl")))
        .isEqualTo(
            "ingest --lake s3a://bucket/lake --reprocess-all --late-threshold=-3d"
                + " --conf 'spark.hadoop.fs.s3a.secret.key=*********(redacted)'"
                + " --conf 'spark.hadoop.fs.s3a.access.key=*********(redacted)'"
                + " --conf spark.sql.shuffle.partitions=2"
                + " --warehouse-password '*********(redacted)'"
                + " '--api-token=*********(redacted)'");
  }

  @Test
  void theErrorOfAFailedJobIsWhatTheCommandSaid() {
    assertThat(
            CliJobLauncher.error(
                "medallion: error: --lake: no location given. Pass a directory.\n"
                    + "  (set MEDALLION_DEBUG=1 to see the stack trace)\n",
                2))
        .isEqualTo("--lake: no location given. Pass a directory.");
    assertThat(
            CliJobLauncher.error(
                "medallion: the curate run failed: boom\n  caused by: disk full\n"
                    + "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\n",
                1))
        .isEqualTo("medallion: the curate run failed: boom\n  caused by: disk full");
    assertThat(CliJobLauncher.error("", 1)).isEqualTo("exit code 1 (see the output above)");
  }
}
