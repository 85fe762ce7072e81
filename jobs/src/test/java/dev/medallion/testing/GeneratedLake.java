package dev.medallion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medallion.config.IngestConfig;
import dev.medallion.config.LakeLocation;
import dev.medallion.lake.LocalTrees;
import dev.medallion.pipeline.Pipeline;
import dev.medallion.run.RunSummary;
import dev.medallion.sample.SampleDataGenerator;
import dev.medallion.transform.LatePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A lake built the way a user builds one: the sample generator's runs arrive in a landing folder
 * one after the other, and the pipeline (ingest, curate) runs after each, on the shared session.
 *
 * @param expected the generator's {@code expected.json}: what the rules imply for every run
 * @param summaries per run, the pipeline's run summaries (ingest, then curate)
 * @param config the runs' settings: the landing folder holds every run's files now
 */
public record GeneratedLake(
    LakeLocation location,
    Path dir,
    JsonNode expected,
    List<List<RunSummary>> summaries,
    IngestConfig config) {

  /**
   * Generates {@code runs} runs of {@code eventsPerRun} events under {@code tmp} and ingests them.
   */
  public static GeneratedLake build(Path tmp, long seed, int eventsPerRun, int runs)
      throws IOException {
    Path sample = tmp.resolve("sample");
    new SampleDataGenerator(seed, eventsPerRun, runs).writeTo(sample);
    JsonNode expected = new ObjectMapper().readTree(sample.resolve("expected.json").toFile());
    Path landing = tmp.resolve("landing");
    Path dir = tmp.resolve("lake");
    LakeLocation location = LakeLocation.parse("--lake", dir.toString());
    IngestConfig config =
        new IngestConfig(
            LakeLocation.parse("--landing", landing.toString()),
            location,
            false,
            LatePolicy.KEEP,
            Duration.ofDays(3));
    Pipeline pipeline = new Pipeline(SharedSpark.get(), Landing.quiet());
    List<List<RunSummary>> summaries = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      LocalTrees.copy(sample.resolve("run-" + run), landing);
      summaries.add(pipeline.run(config));
    }
    return new GeneratedLake(location, dir, expected, summaries, config);
  }
}
