package dev.medallion.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.transform.LatePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamConfigTest {
  static StreamConfig of(String stream, String trigger, String position, String source) {
    return StreamConfig.of(
        stream,
        KinesisEndpoint.aws(null),
        "/tmp/lake",
        source,
        trigger,
        null,
        null,
        position,
        null,
        null,
        0,
        null);
  }

  @Test
  void theDefaultsAreASecondTriggerTenMinutesOfWatermarkAndTheStartOfTheStream() {
    StreamConfig c = of("events", null, null, null);

    assertThat(c.trigger()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.availableNow()).isFalse();
    assertThat(c.watermarkDelay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.latePolicy()).isEqualTo(LatePolicy.KEEP);
    assertThat(c.startingPosition()).isEqualTo("TRIM_HORIZON");
    assertThat(c.source()).isEqualTo(StreamSource.MEDALLION);
    assertThat(c.rocksDbState()).isTrue();
    assertThat(c.kinesis().endpoint()).isNull();
    assertThat(c.checkpoint()).isEqualTo("file:/tmp/lake/_checkpoints/stream/events");
  }

  @Test
  void availableNowAndAtTimestampAreRead() {
    StreamConfig c = of("events", "available-now", "at-timestamp:2026-11-21T10:00:00Z", null);

    assertThat(c.availableNow()).isTrue();
    assertThat(c.startingPosition()).isEqualTo("AT_TIMESTAMP");
    assertThat(c.startingTimestamp()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(c.source().options(c))
        .containsEntry("streamName", "events")
        .containsEntry("startingPosition", "AT_TIMESTAMP")
        .containsEntry("startingTimestamp", "2026-11-21T10:00:00Z");
    assertThatThrownBy(
            () ->
                of("events", null, "at-timestamp:2026-11-21T10:00:00Z", "aws")
                    .source()
                    .options(of("events", null, "at-timestamp:2026-11-21T10:00:00Z", "aws")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--source medallion only");
  }

  @Test
  void theAwslabsConnectorGetsItsPrefixedOptionsAndAnEndpointForTheRegion() {
    StreamConfig c =
        StreamConfig.of(
            "events",
            KinesisEndpoint.aws("eu-west-1"),
            "/tmp/lake",
            "aws-kinesis",
            null,
            null,
            null,
            "latest",
            null,
            null,
            0,
            null);
    assertThat(c.source().format()).isEqualTo("aws-kinesis");
    assertThat(c.source().options(c))
        .containsEntry("kinesis.streamName", "events")
        .containsEntry("kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com")
        .containsEntry("kinesis.region", "eu-west-1")
        .containsEntry("kinesis.startingPosition", "LATEST");
  }

  @Test
  void theCheckpointOfAZonedLakeIsInItsStateLocation() {
    StreamConfig c =
        StreamConfig.of(
            "events",
            KinesisEndpoint.aws(null),
            "s3://acme-{zone}",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            "memory");
    assertThat(c.checkpoint()).isEqualTo("s3://acme-state/_checkpoints/stream/events");
    assertThat(c.rocksDbState()).isFalse();
  }

  @Test
  void wrongValuesNameTheirOption() {
    assertThatThrownBy(() -> of("bad name!", null, null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--stream");
    assertThatThrownBy(() -> of("events", "soon", null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--trigger");
    assertThatThrownBy(() -> of("events", null, "middle", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--starting-position")
        .hasMessageContaining("trim-horizon, latest or at-timestamp");
    assertThatThrownBy(() -> of("events", null, "at-timestamp:yesterday", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> of("events", null, null, "kafka"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--source");
    assertThatThrownBy(() -> KinesisEndpoint.parse("localhost:4567", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--endpoint");
  }
}
