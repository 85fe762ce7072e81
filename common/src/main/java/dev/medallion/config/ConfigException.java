package dev.medallion.config;

/**
 * A configuration value that cannot be used. The message names the key, says what is wrong and how
 * to fix it.
 */
public final class ConfigException extends IllegalArgumentException {
  private final String key;

  public ConfigException(String key, String problem, String fix) {
    super(key + ": " + problem + ". " + capitalize(fix) + ".");
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
