package dev.medallion.bench;

import static org.apache.spark.sql.functions.col;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Rows of {@code curated.daily_event_metrics}, as two pipelines' tables are compared: by their key
 * ({@code event_date}, {@code event_type}, {@code country}), every value equal but {@code
 * value_sum}, a sum of doubles, which may differ in its last bits with the order of the additions.
 */
final class MetricsRows {
  /** How far two value sums may be apart, relative to the larger: a few units in the last place. */
  static final double VALUE_SUM_TOLERANCE = 1e-9;

  /** One row; {@code country} null is the group of events without a known user. */
  record Metric(
      String date,
      String type,
      String country,
      long events,
      long distinctUsers,
      double valueSum,
      BigDecimal revenue) {
    String key() {
      return date + " / " + type + " / " + (country == null ? "(no country)" : country);
    }
  }

  private MetricsRows() {}

  /** The rows of a metrics table, whatever the order of its columns. */
  static List<Metric> of(Dataset<Row> table) {
    List<Metric> rows = new ArrayList<>();
    for (Row r :
        table
            .select(
                col("event_date").cast(DataTypes.StringType),
                col("event_type"),
                col("country"),
                col("events").cast(DataTypes.LongType),
                col("distinct_users").cast(DataTypes.LongType),
                col("value_sum").cast(DataTypes.DoubleType),
                col("revenue").cast(DataTypes.createDecimalType(38, 2)))
            .collectAsList()) {
      rows.add(
          new Metric(
              r.getString(0),
              r.getString(1),
              r.isNullAt(2) ? null : r.getString(2),
              r.getLong(3),
              r.getLong(4),
              r.getDouble(5),
              r.getDecimal(6)));
    }
    return rows;
  }

  /**
   * What differs between {@code ours} and {@code theirs}, one line per row (at most {@code limit}
   * lines, then how many more); empty when they hold the same rows.
   */
  static List<String> differences(List<Metric> ours, List<Metric> theirs, String them, int limit) {
    Map<String, Metric> a = byKey(ours);
    Map<String, Metric> b = byKey(theirs);
    List<String> out = new ArrayList<>();
    if (a.size() != ours.size() || b.size() != theirs.size()) {
      out.add(
          String.format(
              Locale.ROOT,
              "a key appears twice: %,d rows with %,d keys (Medallion), %,d rows with %,d keys (%s)",
              ours.size(),
              a.size(),
              theirs.size(),
              b.size(),
              them));
    }
    TreeMap<String, Boolean> keys = new TreeMap<>();
    a.keySet().forEach(k -> keys.put(k, true));
    b.keySet().forEach(k -> keys.put(k, true));
    for (String key : keys.keySet()) {
      Metric x = a.get(key);
      Metric y = b.get(key);
      if (x == null) {
        out.add(key + ": only in " + them + " " + values(y));
      } else if (y == null) {
        out.add(key + ": only in Medallion " + values(x));
      } else if (!same(x, y)) {
        out.add(key + ": Medallion " + values(x) + ", " + them + " " + values(y));
      }
    }
    if (out.size() > limit) {
      int more = out.size() - limit;
      List<String> cut = new ArrayList<>(out.subList(0, limit));
      cut.add("... and " + more + " more");
      return cut;
    }
    return out;
  }

  private static boolean same(Metric x, Metric y) {
    double scale = Math.max(Math.abs(x.valueSum()), Math.abs(y.valueSum()));
    return x.events() == y.events()
        && x.distinctUsers() == y.distinctUsers()
        && Math.abs(x.valueSum() - y.valueSum()) <= VALUE_SUM_TOLERANCE * Math.max(1, scale)
        && Objects.equals(x.revenue(), y.revenue());
  }

  private static String values(Metric r) {
    return String.format(
        Locale.ROOT,
        "(events %d, distinct_users %d, value_sum %s, revenue %s)",
        r.events(),
        r.distinctUsers(),
        r.valueSum(),
        r.revenue().toPlainString());
  }

  private static Map<String, Metric> byKey(List<Metric> rows) {
    Map<String, Metric> map = new TreeMap<>();
    rows.forEach(r -> map.put(r.key(), r));
    return map;
  }
}
