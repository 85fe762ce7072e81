package dev.medallion.validate;

import dev.medallion.contract.Reasons;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every reason a record fails validation: the machine-readable reasons and, in step with
 * them, one human sentence each.
 */
final class Problems {
  private final List<String> reasons = new ArrayList<>(2);
  private final List<String> details = new ArrayList<>(2);

  void add(String code, String field, String detail) {
    reasons.add(field == null ? code : Reasons.of(code, field));
    details.add(detail);
  }

  boolean isEmpty() {
    return reasons.isEmpty();
  }

  List<String> reasons() {
    return List.copyOf(reasons);
  }

  /** The details joined, or null when there is nothing wrong. */
  String detail() {
    return details.isEmpty() ? null : String.join("; ", details);
  }
}
