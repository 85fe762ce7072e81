package dev.medallion.warehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.ConfigException;
import dev.medallion.warehouse.jdbc.WarehouseTarget.Kind;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --warehouse-url} (and {@code --warehouse-user}): every accepted form and every refusal.
 */
class WarehouseTargetTest {
  private static final String SECRET = "hunter2-Secret";
  private static final Path CWD = Path.of("").toAbsolutePath();

  static Stream<Arguments> accepted() {
    return Stream.of(
        // url, --warehouse-user, kind, jdbcUrl, user, redacted
        Arguments.of(
            "embedded",
            null,
            Kind.EMBEDDED,
            "",
            "postgres",
            "embedded:" + CWD.resolve("warehouse")),
        Arguments.of(
            "  embedded  ",
            "postgres",
            Kind.EMBEDDED,
            "",
            "postgres",
            "embedded:" + CWD.resolve("warehouse")),
        Arguments.of("embedded:/data/wh", null, Kind.EMBEDDED, "", "postgres", "embedded:/data/wh"),
        Arguments.of(
            "embedded:rel/../wh",
            null,
            Kind.EMBEDDED,
            "",
            "postgres",
            "embedded:" + CWD.resolve("wh")),
        Arguments.of(
            "jdbc:postgresql://db.example.com:5432/analytics?user=loader",
            null,
            Kind.POSTGRES,
            "jdbc:postgresql://db.example.com:5432/analytics",
            "loader",
            "jdbc:postgresql://db.example.com:5432/analytics?user=loader"),
        Arguments.of(
            "jdbc:postgresql://db.example.com/analytics?sslmode=require&user=loader",
            null,
            Kind.POSTGRES,
            "jdbc:postgresql://db.example.com:5432/analytics?sslmode=require",
            "loader",
            "jdbc:postgresql://db.example.com:5432/analytics?sslmode=require&user=loader"),
        Arguments.of(
            "jdbc:postgresql://db/analytics",
            "loader",
            Kind.POSTGRES,
            "jdbc:postgresql://db:5432/analytics",
            "loader",
            "jdbc:postgresql://db:5432/analytics?user=loader"),
        Arguments.of(
            "jdbc:postgresql://db/analytics?user=loader",
            "loader",
            Kind.POSTGRES,
            "jdbc:postgresql://db:5432/analytics",
            "loader",
            "jdbc:postgresql://db:5432/analytics?user=loader"),
        Arguments.of(
            "jdbc:postgresql://h1,h2:5433/db?user=u&targetServerType=primary",
            null,
            Kind.POSTGRES,
            "jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary",
            "u",
            "jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=primary&user=u"),
        Arguments.of(
            "jdbc:postgresql://[::1]/db?user=u",
            null,
            Kind.POSTGRES,
            "jdbc:postgresql://[::1]:5432/db",
            "u",
            "jdbc:postgresql://[::1]:5432/db?user=u"),
        Arguments.of(
            "jdbc:postgresql://db/a?user=etl%40corp",
            null,
            Kind.POSTGRES,
            "jdbc:postgresql://db:5432/a",
            "etl@corp",
            "jdbc:postgresql://db:5432/a?user=etl%40corp"),
        Arguments.of(
            "jdbc:redshift://wh.abc123.eu-west-1.redshift.amazonaws.com/dev?user=etl",
            null,
            Kind.REDSHIFT,
            "jdbc:redshift://wh.abc123.eu-west-1.redshift.amazonaws.com:5439/dev",
            "etl",
            "jdbc:redshift://wh.abc123.eu-west-1.redshift.amazonaws.com:5439/dev?user=etl"),
        Arguments.of(
            "jdbc:redshift://wh:5439/dev?ssl=true",
            "etl",
            Kind.REDSHIFT,
            "jdbc:redshift://wh:5439/dev?ssl=true",
            "etl",
            "jdbc:redshift://wh:5439/dev?ssl=true&user=etl"));
  }

  @ParameterizedTest(name = "{0} (user option {1})")
  @MethodSource("accepted")
  void parsesEveryAcceptedForm(
      String url, String userOption, Kind kind, String jdbcUrl, String user, String redacted) {
    WarehouseTarget target = WarehouseTarget.parse(url, userOption);

    assertThat(target.kind()).isEqualTo(kind);
    assertThat(target.jdbcUrl()).isEqualTo(jdbcUrl);
    assertThat(target.user()).isEqualTo(user);
    assertThat(target.redacted()).isEqualTo(redacted);
    assertThat(target.embeddedDir().isPresent()).isEqualTo(kind == Kind.EMBEDDED);
    target.embeddedDir().ifPresent(dir -> assertThat(dir).isAbsolute());
  }

  static Stream<Arguments> passwords() {
    return Stream.of(
            "jdbc:postgresql://db/a?user=u&password=" + SECRET,
            "jdbc:postgresql://db/a?password=" + SECRET + "&user=u",
            "jdbc:postgresql://db/a?user=u&PassWord=" + SECRET,
            "jdbc:postgresql://db/a?user=u&sslpassword=" + SECRET,
            "jdbc:postgresql://u:" + SECRET + "@db/a",
            "jdbc:redshift://wh:5439/dev?user=u;PWD=" + SECRET,
            "jdbc:redshift://wh:5439/dev?user=u&password=" + SECRET,
            "postgresql://u:" + SECRET + "@db:5432/a")
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("passwords")
  void refusesAPasswordInTheUrlWithoutRepeatingIt(String url) {
    assertThatThrownBy(() -> WarehouseTarget.parse(url, null))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo("--warehouse-url");
              assertThat(e.getMessage())
                  .contains("password")
                  .contains("MEDALLION_WAREHOUSE_PASSWORD")
                  .contains("--warehouse-secret")
                  .doesNotContain(SECRET)
                  .doesNotContain("db/a")
                  .doesNotContain("wh:5439");
            });
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // url, --warehouse-user, the key named, what the message says
        Arguments.of(null, null, "--warehouse-url", "is empty"),
        Arguments.of(" ", null, "--warehouse-url", "is empty"),
        Arguments.of("postgresql://db:5432/a", null, "--warehouse-url", "libpq URL"),
        Arguments.of(
            "jdbc:mysql://db/a?user=u", null, "--warehouse-url", "'mysql' is not supported"),
        Arguments.of(
            "http://example.com", null, "--warehouse-url", "'http:…' is not a warehouse URL"),
        Arguments.of("warehouse", null, "--warehouse-url", "'warehouse' is not a warehouse URL"),
        Arguments.of("jdbc:postgresql:analytics", null, "--warehouse-url", "names no host"),
        Arguments.of(
            "jdbc:postgresql:///analytics?user=u", null, "--warehouse-url", "names no host"),
        Arguments.of("jdbc:postgresql://db/analytics", null, "--warehouse-url", "names no user"),
        Arguments.of(
            "jdbc:postgresql://db/analytics?user=", " ", "--warehouse-url", "names no user"),
        Arguments.of("jdbc:redshift://wh:5439/dev", null, "--warehouse-url", "names no user"),
        Arguments.of(
            "jdbc:postgresql://db:99999/a?user=u", null, "--warehouse-url", "port '99999'"),
        Arguments.of("jdbc:postgresql://db:x/a?user=u", null, "--warehouse-url", "port 'x'"),
        Arguments.of("jdbc:postgresql://db/?user=u", null, "--warehouse-url", "names no database"),
        Arguments.of("jdbc:postgresql://db?user=u", null, "--warehouse-url", "names no database"),
        Arguments.of("jdbc:postgresql://u@db/a", null, "--warehouse-url", "a user before the host"),
        Arguments.of("embedded:", null, "--warehouse-url", "names no directory"),
        Arguments.of("embedded", "alice", "--warehouse-user", "one user, postgres"),
        Arguments.of("jdbc:postgresql://db/a?user=bob", "alice", "--warehouse-user", "'alice'"));
  }

  @ParameterizedTest(name = "{0} (user option {1})")
  @MethodSource("refused")
  void refusesWhatItCannotUseNamingTheKey(
      String url, String userOption, String key, String problem) {
    assertThatThrownBy(() -> WarehouseTarget.parse(url, userOption))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo(key);
              assertThat(e.getMessage()).startsWith(key + ": ").contains(problem);
            });
  }

  @Test
  void anUnknownFormListsTheAcceptedOnes() {
    assertThatThrownBy(() -> WarehouseTarget.parse("jdbc:oracle:thin:@db:1521/x", null))
        .hasMessageContaining("embedded (data in ./warehouse)")
        .hasMessageContaining("embedded:DIR")
        .hasMessageContaining("jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER")
        .hasMessageContaining("jdbc:redshift://HOST[:PORT]/DATABASE?user=USER")
        .hasMessageContaining("--warehouse-user");
  }

  @Test
  void aMissingUserSaysWhereToGiveIt() {
    assertThatThrownBy(() -> WarehouseTarget.parse("jdbc:postgresql://db/a", null))
        .hasMessageContaining("user=USER")
        .hasMessageContaining("--warehouse-user USER");
  }

  @Test
  void aTargetNeverHoldsAPassword() {
    assertThatThrownBy(
            () ->
                new WarehouseTarget(
                    Kind.POSTGRES,
                    "jdbc:postgresql://db:5432/a?password=" + SECRET,
                    "u",
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void toStringIsTheRedactedForm() {
    WarehouseTarget target = WarehouseTarget.parse("jdbc:postgresql://db/a?user=loader", null);
    assertThat(target)
        .hasToString("WarehouseTarget[POSTGRES jdbc:postgresql://db:5432/a?user=loader]");
  }
}
