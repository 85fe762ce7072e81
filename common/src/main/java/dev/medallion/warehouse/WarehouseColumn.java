package dev.medallion.warehouse;

import java.util.Objects;

/**
 * A warehouse column: its name, its SQL type as the dialect spells it, and whether it may hold
 * NULL.
 */
public record WarehouseColumn(String name, String type, boolean nullable) {
  public WarehouseColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank() || type.isBlank()) {
      throw new IllegalArgumentException(
          "a warehouse column needs a name and a type, got '" + name + "' '" + type + "'");
    }
  }
}
