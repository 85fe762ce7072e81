package dev.medallion.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.kinesis.KinesisEndpoint;
import dev.medallion.kinesis.source.offsets.StartingPosition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KinesisSourceConfigTest {
  @Test
  void theDefaultsApplyWhenOnlyTheStreamIsGiven() {
    KinesisSourceConfig config = KinesisSourceConfig.parse(Map.of("streamName", "orders"));

    assertThat(config.streamName()).isEqualTo("orders");
    assertThat(config.endpoint()).isEqualTo(KinesisEndpoint.aws(null));
    assertThat(config.startingPosition()).isEqualTo(StartingPosition.latest());
    assertThat(config.maxRecordsPerBatch()).isEqualTo(200_000);
    assertThat(config.maxRecordsPerFetch()).isEqualTo(10_000);
    assertThat(config.shardDiscoveryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.deaggregate()).isTrue();
  }

  @Test
  void theHelperOptionsParseBackToTheEndpoint() {
    KinesisEndpoint local = KinesisEndpoint.local(URI.create("http://127.0.0.1:4567"));

    KinesisSourceConfig config =
        KinesisSourceConfig.parse(KinesisSourceOptions.options(local, "orders"));

    assertThat(config.endpoint()).isEqualTo(local);
    assertThat(config.streamName()).isEqualTo("orders");
  }

  @Test
  void namesAreCaseInsensitiveAndTheAwsKinesisNamesAreAccepted() {
    KinesisSourceConfig config =
        KinesisSourceConfig.parse(
            Map.of(
                "kinesis.streamName", "orders",
                "kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com",
                "kinesis.startingPosition", "AT_TIMESTAMP 2025-01-31T12:00:00Z",
                "MAXRECORDSPERBATCH", "500"));

    assertThat(config.streamName()).isEqualTo("orders");
    assertThat(config.endpoint().region()).isEqualTo("eu-west-1");
    assertThat(config.startingPosition())
        .isEqualTo(StartingPosition.atTimestamp(Instant.parse("2025-01-31T12:00:00Z")));
    assertThat(config.maxRecordsPerBatch()).isEqualTo(500);
  }

  @Test
  void atTimestampTakesStartingTimestampWithAZone() {
    KinesisSourceConfig config =
        KinesisSourceConfig.parse(
            Map.of(
                "streamName", "s",
                "startingPosition", "at_timestamp",
                "startingTimestamp", "2025-01-31T14:00:00+02:00"));

    assertThat(config.startingPosition().timestamp())
        .isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));
    assertThat(
            KinesisSourceConfig.parse(Map.of("streamName", "s", "startingPosition", "EARLIEST"))
                .startingPosition())
        .isEqualTo(StartingPosition.trimHorizon());
  }

  @Test
  void errorsNameTheOptionAndWhatIsAllowed() {
    assertThatThrownBy(() -> KinesisSourceConfig.parse(Map.of()))
        .hasMessageContaining("needs the option 'streamName'");
    assertThatThrownBy(
            () -> KinesisSourceConfig.parse(Map.of("streamName", "s", "startingPosition", "NOW")))
        .hasMessageContaining("'startingPosition'")
        .hasMessageContaining("TRIM_HORIZON, LATEST, AT_TIMESTAMP");
    assertThatThrownBy(
            () ->
                KinesisSourceConfig.parse(
                    Map.of("streamName", "s", "startingPosition", "AT_TIMESTAMP")))
        .hasMessageContaining("'startingTimestamp'");
    assertThatThrownBy(
            () ->
                KinesisSourceConfig.parse(
                    Map.of(
                        "streamName", "s",
                        "startingPosition", "AT_TIMESTAMP",
                        "startingTimestamp", "2025-01-31 12:00")))
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(
            () -> KinesisSourceConfig.parse(Map.of("streamName", "s", "maxRecordsPerFetch", "0")))
        .hasMessageContaining("'maxRecordsPerFetch'")
        .hasMessageContaining("between 1 and 10000");
    assertThatThrownBy(
            () -> KinesisSourceConfig.parse(Map.of("streamName", "s", "deaggregate", "yes")))
        .hasMessageContaining("true or false");
    assertThatThrownBy(
            () -> KinesisSourceConfig.parse(Map.of("streamName", "s", "endpointUrl", "localhost")))
        .hasMessageContaining("'endpointUrl'");
  }
}
