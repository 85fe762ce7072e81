package dev.medallion.warehouse.jdbc;

import java.util.Objects;

/**
 * The user and password to connect with. The password is a {@code char[]} so that its holder can
 * wipe it ({@link WarehouseConnector#close()} does); {@link #toString()} never shows it.
 */
public record Credentials(String user, char[] password) {

  public Credentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /** No password: the embedded warehouse, whose server trusts local connections. */
  static Credentials withoutPassword(String user) {
    return new Credentials(user, new char[0]);
  }

  @Override
  public String toString() {
    return "Credentials[user="
        + user
        + ", password="
        + (password.length == 0 ? "(none)" : "***")
        + "]";
  }
}
