package dev.medallion.warehouse.jdbc;

/**
 * The warehouse refused the user or the password (SQLState class 28). Never retried: the same
 * password fails again, and repeated failures can lock the user out.
 */
public final class WarehouseAuthenticationException extends RuntimeException {
  private final String url;
  private final String user;

  WarehouseAuthenticationException(String url, String user, Throwable cause) {
    super(
        "the warehouse at "
            + url
            + " refused user '"
            + user
            + "': "
            + WarehouseConnector.describe(cause)
            + ". Check the password (in "
            + PasswordSources.PASSWORD_ENV
            + " or the secret of "
            + PasswordSources.SECRET_KEY
            + "), that the user exists and may log in, and that the server lets it connect from"
            + " this host (pg_hba.conf; the database's allowed users)",
        cause);
    this.url = url;
    this.user = user;
  }

  /** The warehouse URL, without credentials. */
  public String url() {
    return url;
  }

  public String user() {
    return user;
  }
}
