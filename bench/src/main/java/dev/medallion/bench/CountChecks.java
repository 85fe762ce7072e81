package dev.medallion.bench;

import dev.medallion.run.RecordCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The counts two pipelines must agree on for a run, per kind (events, users, transactions): records
 * read, cleansed, duplicates, quarantined, and how often each quarantine reason occurred. Late
 * events are shown beside them, not compared: they depend on each run's start.
 */
final class CountChecks {
  static final List<String> KINDS = List.of("events", "users", "transactions");

  private CountChecks() {}

  /** One line per count that differs; empty when they agree. */
  static List<String> differences(
      Map<String, RecordCounts> ours, String us, Map<String, RecordCounts> theirs, String them) {
    List<String> out = new ArrayList<>();
    for (String kind : KINDS) {
      RecordCounts a = ours.get(kind);
      RecordCounts b = theirs.get(kind);
      if (a == null || b == null) {
        if (a != b) {
          out.add(kind + ": counted by " + (a == null ? them : us) + " only");
        }
        continue;
      }
      compare(out, kind, "read", a, b, RecordCounts::read, us, them);
      compare(out, kind, "cleansed", a, b, RecordCounts::cleansed, us, them);
      compare(out, kind, "duplicates", a, b, RecordCounts::duplicates, us, them);
      compare(out, kind, "quarantined", a, b, RecordCounts::quarantined, us, them);
      if (!Objects.equals(a.quarantinedByReason(), b.quarantinedByReason())) {
        out.add(
            kind
                + " quarantine reasons: "
                + us
                + " "
                + a.quarantinedByReason()
                + ", "
                + them
                + " "
                + b.quarantinedByReason());
      }
    }
    return out;
  }

  private static void compare(
      List<String> out,
      String kind,
      String count,
      RecordCounts a,
      RecordCounts b,
      ToLongFunction<RecordCounts> value,
      String us,
      String them) {
    long x = value.applyAsLong(a);
    long y = value.applyAsLong(b);
    if (x != y) {
      out.add(String.format(Locale.ROOT, "%s %s: %s %,d, %s %,d", kind, count, us, x, them, y));
    }
  }
}
