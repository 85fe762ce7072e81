package dev.medallion.warehouse.jdbc;

import dev.medallion.config.ConfigException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code --warehouse-url} names: an embedded PostgreSQL with its data in a directory, or a
 * PostgreSQL (RDS) or Redshift JDBC URL and the user to connect as. Parsed once; never holds a
 * password.
 *
 * <p>{@code jdbcUrl} is the URL without the user (which is in {@code user}) and with the port
 * written out; it is empty for {@link Kind#EMBEDDED}, whose URL is known only once its server runs
 * ({@link WarehouseConnector#jdbcUrl()}).
 */
public record WarehouseTarget(Kind kind, String jdbcUrl, String user, Optional<Path> embeddedDir) {

  /** The kind of warehouse. */
  public enum Kind {
    POSTGRES,
    REDSHIFT,
    EMBEDDED
  }

  public static final String URL_KEY = "--warehouse-url";
  public static final String USER_KEY = "--warehouse-user";

  /** Where {@code --warehouse-url embedded} keeps its data, relative to the working directory. */
  public static final Path DEFAULT_EMBEDDED_DIR = Path.of("warehouse");

  /** The one user of the embedded warehouse (its superuser, without a password). */
  public static final String EMBEDDED_USER = "postgres";

  static final String ACCEPTED_FORMS =
      "embedded (data in ./warehouse), embedded:DIR, jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER"
          + " or jdbc:redshift://HOST[:PORT]/DATABASE?user=USER (the user may come from "
          + USER_KEY
          + " instead)";

  private static final String EMBEDDED = "embedded";
  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
  private static final String REDSHIFT_PREFIX = "jdbc:redshift:";
  private static final int POSTGRES_PORT = 5432;
  private static final int REDSHIFT_PORT = 5439;

  // A password in any form a JDBC URL can carry one: a parameter of pgjdbc (password,
  // sslpassword) or of the Redshift driver (PWD), or user:password@ before the host.
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)[?&;]\\s*(ssl)?(password|pwd)\\s*=");
  private static final Pattern PASSWORD_USERINFO = Pattern.compile("//[^/?@]*:[^/?@]*@");

  public WarehouseTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(embeddedDir, "embeddedDir");
    if ((kind == Kind.EMBEDDED) != embeddedDir.isPresent()) {
      throw new IllegalArgumentException("an embedded directory goes with kind EMBEDDED only");
    }
    if (holdsPassword(jdbcUrl)) {
      throw new IllegalArgumentException("a WarehouseTarget never holds a password");
    }
  }

  /**
   * Parses {@code --warehouse-url}: {@code embedded}, {@code embedded:DIR}, {@code
   * jdbc:postgresql://HOST[:PORT]/DB?user=U} or {@code jdbc:redshift://HOST[:PORT]/DB?user=U}.
   *
   * @param userOption the value of {@code --warehouse-user}, or null
   * @throws ConfigException if the URL is none of these, holds a password, or names no user
   */
  public static WarehouseTarget parse(String url, String userOption) {
    if (url == null || url.isBlank()) {
      throw new ConfigException(URL_KEY, "is empty", "give one of: " + ACCEPTED_FORMS);
    }
    String text = url.trim();
    // First, before the URL is echoed in any message.
    if (holdsPassword(text)) {
      throw new ConfigException(
          URL_KEY,
          "holds a password, and a command line is visible to every user of the machine and in"
              + " the logs of Glue and of schedulers; it is refused (and not repeated here)",
          "remove it from the URL and give it in the environment variable "
              + PasswordSources.PASSWORD_ENV
              + ", or give the name or ARN of an AWS Secrets Manager secret in "
              + PasswordSources.SECRET_KEY);
    }
    String option = userOption == null || userOption.isBlank() ? null : userOption.trim();
    if (text.equals(EMBEDDED)) {
      return embedded(DEFAULT_EMBEDDED_DIR, option);
    }
    if (text.startsWith(EMBEDDED + ":")) {
      String dir = text.substring(EMBEDDED.length() + 1).trim();
      if (dir.isEmpty()) {
        throw new ConfigException(
            URL_KEY,
            "'embedded:' names no directory",
            "write embedded:DIR, or embedded for ./warehouse");
      }
      try {
        return embedded(Path.of(dir), option);
      } catch (InvalidPathException e) {
        throw new ConfigException(
            URL_KEY, "'" + dir + "' is not a directory path: " + e.getReason(), "give a path");
      }
    }
    if (text.startsWith(POSTGRES_PREFIX)) {
      return remote(Kind.POSTGRES, text, POSTGRES_PREFIX, POSTGRES_PORT, option);
    }
    if (text.startsWith(REDSHIFT_PREFIX)) {
      return remote(Kind.REDSHIFT, text, REDSHIFT_PREFIX, REDSHIFT_PORT, option);
    }
    throw new ConfigException(URL_KEY, unknownForm(text), "give one of: " + ACCEPTED_FORMS);
  }

  /**
   * The target for logs and messages: the URL with the user and without credentials ({@code
   * embedded:DIR} for an embedded warehouse).
   */
  public String redacted() {
    if (kind == Kind.EMBEDDED) {
      return EMBEDDED + ":" + embeddedDir.orElseThrow();
    }
    return jdbcUrl
        + (jdbcUrl.contains("?") ? "&" : "?")
        + "user="
        + URLEncoder.encode(user, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WarehouseTarget[" + kind + " " + redacted() + "]";
  }

  static boolean holdsPassword(String url) {
    return PASSWORD_PARAMETER.matcher(url).find() || PASSWORD_USERINFO.matcher(url).find();
  }

  private static WarehouseTarget embedded(Path dir, String userOption) {
    if (userOption != null && !userOption.equals(EMBEDDED_USER)) {
      throw new ConfigException(
          USER_KEY,
          "the embedded warehouse has one user, " + EMBEDDED_USER + ", not '" + userOption + "'",
          "drop " + USER_KEY + ", or give a jdbc:postgresql:// URL in " + URL_KEY);
    }
    return new WarehouseTarget(
        Kind.EMBEDDED, "", EMBEDDED_USER, Optional.of(dir.toAbsolutePath().normalize()));
  }

  private static WarehouseTarget remote(
      Kind kind, String url, String prefix, int defaultPort, String userOption) {
    String form = prefix + "//HOST[:PORT]/DATABASE?user=USER";
    String rest = url.substring(prefix.length());
    if (!rest.startsWith("//")) {
      throw new ConfigException(
          URL_KEY, "'" + url + "' names no host (no // after " + prefix + ")", "write " + form);
    }
    rest = rest.substring(2);
    int query = rest.indexOf('?');
    String beforeQuery = query < 0 ? rest : rest.substring(0, query);
    int slash = beforeQuery.indexOf('/');
    String hosts = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
    if (hosts.contains("@")) {
      throw new ConfigException(
          URL_KEY,
          "'" + url + "' has a user before the host, which JDBC does not read",
          "write " + form + ", or give the user in " + USER_KEY);
    }
    String hostsWithPorts = withPorts(url, hosts, defaultPort, form);
    if (database.isEmpty() || database.contains("/")) {
      throw new ConfigException(
          URL_KEY, "'" + url + "' names no database (or more than one)", "write " + form);
    }

    String urlUser = null;
    List<String> kept = new ArrayList<>();
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        if (name.trim().toLowerCase(Locale.ROOT).equals("user")) {
          urlUser =
              URLDecoder.decode(eq < 0 ? "" : parameter.substring(eq + 1), StandardCharsets.UTF_8);
        } else {
          kept.add(parameter);
        }
      }
    }
    String user = user(url, urlUser, userOption);
    String jdbcUrl =
        prefix
            + "//"
            + hostsWithPorts
            + "/"
            + database
            + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new WarehouseTarget(kind, jdbcUrl, user, Optional.empty());
  }

  private static String user(String url, String urlUser, String userOption) {
    String fromUrl = urlUser == null || urlUser.isBlank() ? null : urlUser;
    if (fromUrl != null && userOption != null && !fromUrl.equals(userOption)) {
      throw new ConfigException(
          USER_KEY,
          "names user '" + userOption + "' but " + URL_KEY + " names user '" + fromUrl + "'",
          "give the user once, in the URL (user=...) or in " + USER_KEY);
    }
    String user = fromUrl != null ? fromUrl : userOption;
    if (user == null) {
      throw new ConfigException(
          URL_KEY,
          "'" + url + "' names no user",
          "add user=USER to the URL (…/DATABASE?user=USER), or give " + USER_KEY + " USER");
    }
    return user;
  }

  /** Each host of a (possibly multi-host) authority, with its port written out. */
  private static String withPorts(String url, String hosts, int defaultPort, String form) {
    if (hosts.isEmpty()) {
      throw new ConfigException(URL_KEY, "'" + url + "' names no host", "write " + form);
    }
    List<String> out = new ArrayList<>();
    for (String hostPort : hosts.split(",", -1)) {
      String host;
      String port;
      if (hostPort.startsWith("[")) { // an IPv6 address: [::1]:5432
        int close = hostPort.indexOf(']');
        if (close < 0) {
          throw new ConfigException(
              URL_KEY, "'" + url + "' has an unclosed [ in its host", "write " + form);
        }
        host = hostPort.substring(0, close + 1);
        String after = hostPort.substring(close + 1);
        port = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : after;
      } else {
        int colon = hostPort.lastIndexOf(':');
        host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        port = colon < 0 ? null : hostPort.substring(colon + 1);
      }
      if (host.isEmpty() || host.equals("[]")) {
        throw new ConfigException(URL_KEY, "'" + url + "' names no host", "write " + form);
      }
      int number = defaultPort;
      if (port != null) {
        try {
          number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          number = -1;
        }
        if (number < 1 || number > 65535) {
          throw new ConfigException(
              URL_KEY,
              "'" + url + "' has port '" + port + "', not a number from 1 to 65535",
              "write " + form);
        }
      }
      out.add(host + ":" + number);
    }
    return String.join(",", out);
  }

  private static String unknownForm(String text) {
    // Name only the scheme: whatever follows may be a credential in a form not recognised above.
    int colon = text.indexOf(':');
    String scheme = colon < 0 ? text : text.substring(0, colon);
    if (scheme.length() > 40) {
      scheme = scheme.substring(0, 40) + "…";
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
      return "'" + scheme + "://…' is a libpq URL, not a JDBC URL (jdbc:postgresql://…)";
    }
    if (lower.startsWith("jdbc:")) {
      int second = text.indexOf(':', colon + 1);
      String driver = second < 0 ? text.substring(colon + 1) : text.substring(colon + 1, second);
      return "the JDBC driver '" + driver + "' is not supported (PostgreSQL and Redshift are)";
    }
    return "'" + scheme + (colon < 0 ? "" : ":…") + "' is not a warehouse URL";
  }
}
