package dev.medallion.config;

import dev.medallion.transform.LatePolicy;
import java.time.Duration;

/**
 * The batch ingest/cleanse job's configuration, parsed and validated once at the edge.
 *
 * @param landing the landing root: {@code events/**}, {@code users/*.csv}, {@code
 *     transactions/*.csv}
 * @param lake the lake root
 * @param reprocessAll ignore what earlier runs processed and rebuild every table from all files
 * @param latePolicy where events behind the watermark go
 * @param lateThreshold how far behind the newest event time seen an event is late
 */
public record IngestConfig(
    LakeLocation landing,
    LakeLocation lake,
    boolean reprocessAll,
    LatePolicy latePolicy,
    Duration lateThreshold) {

  public static final LatePolicy DEFAULT_LATE_POLICY = LatePolicy.KEEP;
  public static final Duration DEFAULT_LATE_THRESHOLD = Duration.ofDays(3);

  public IngestConfig {
    if (lateThreshold.isNegative() || lateThreshold.isZero()) {
      throw new ConfigException(
          "--late-threshold", "must be positive, got " + lateThreshold, "pass e.g. 3d");
    }
  }
}
