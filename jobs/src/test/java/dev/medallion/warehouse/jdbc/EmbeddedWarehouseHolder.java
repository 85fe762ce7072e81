package dev.medallion.warehouse.jdbc;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Another process for {@link EmbeddedWarehouseIT}: starts an embedded warehouse on the directory
 * {@code args[0]}, writes a row into {@code held(note)}, prints {@code ready}, and stops the server
 * when its standard input ends (or never, when it is killed).
 */
public final class EmbeddedWarehouseHolder {
  private EmbeddedWarehouseHolder() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start(Path.of(args[0]))) {
      try (Connection connection = DriverManager.getConnection(warehouse.jdbcUrl());
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS held (note text)");
        statement.execute(
            "INSERT INTO held VALUES ('written by process " + ProcessHandle.current().pid() + "')");
      }
      System.out.println("ready");
      System.out.flush();
      waitForEndOfInput();
    }
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // until the parent closes our standard input
    }
  }
}
