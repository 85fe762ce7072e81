package dev.medallion.validate;

import java.util.List;

/**
 * The outcome of validating one CSV reference row: its values as typed Java objects in the
 * contract's column order (String, {@link java.time.LocalDate}, {@link java.math.BigDecimal},
 * {@link java.time.Instant}; null where empty or invalid) and every reason it failed.
 */
public record ValidatedReference(List<Object> values, List<String> reasons, String reasonDetail) {
  public boolean isValid() {
    return reasons.isEmpty();
  }
}
