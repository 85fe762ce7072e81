package dev.medallion.bench;

import dev.medallion.bench.LoadBenchmark.Measurement;
import dev.medallion.bench.LoadBenchmark.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LoadBenchmark}'s result as text: the facts, the table of paths, the speed-up, where the
 * time went.
 */
public final class LoadBenchReport {
  private LoadBenchReport() {}

  public static String render(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(
        "Warehouse load: COPY + MERGE (the load job) against Spark's JDBC writer, both timed in a"
            + " warm JVM\n");
    out.append(
        String.format(
            Locale.ROOT,
            "rows:      %,d of curated.events_enriched (synthetic, seed %d); the load job also"
                + " loads the %,d rows of curated.daily_event_metrics%n",
            r.config().rows(),
            LoadBenchmark.SEED,
            r.metricsRows()));
    out.append("machine:   ")
        .append(r.machine().line())
        .append(
            r.loadAverageAtEnd() >= 0
                ? String.format(Locale.ROOT, ", %.2f at the end", r.loadAverageAtEnd())
                : "")
        .append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Spark:     %s, %s, default parallelism %d%n",
            r.machine().spark(),
            r.machine().sparkMaster(),
            r.machine().sparkParallelism()));
    out.append("warehouse: PostgreSQL ")
        .append(r.postgres())
        .append(", embedded, on this machine, database ")
        .append(LoadBenchmark.DATABASE)
        .append('\n');
    out.append('\n');

    TextTable table = new TextTable("path", "rows in table", "seconds", "rows/s", "peak heap");
    List<Measurement> all = new ArrayList<>();
    all.add(r.load());
    all.addAll(r.jdbc());
    all.add(r.noOp());
    all.add(r.changed());
    all.add(r.reference());
    for (Measurement m : all) {
      table.row(
          m.path(),
          String.format(Locale.ROOT, "%,d", m.rowsInWarehouse()),
          String.format(Locale.ROOT, "%.2f", m.seconds()),
          m.rowsLoaded() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", m.rowsPerSecond()),
          gib(m.peakHeap()));
    }
    out.append(table.render());
    out.append('\n');

    for (Measurement jdbc : r.jdbc()) {
      out.append(
          String.format(
              Locale.ROOT,
              "speed-up: the load job's first load %.1fx, its COPY + MERGE of changed rows %.1fx"
                  + " the rows/s of the %s%n",
              r.load().rowsPerSecond() / jdbc.rowsPerSecond(),
              r.changed().rowsPerSecond() / jdbc.rowsPerSecond(),
              jdbc.path()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "no-op re-run: %.2f s, in the JVM that ran everything before (no JVM start, no Spark"
                + " session start)%n",
            r.noOp().seconds()));
    out.append(
        String.format(
            Locale.ROOT,
            "the JDBC writer wrote %d partitions, one connection each, %s%n",
            r.jdbcPartitions(),
            r.machine().taskSlots() > 0
                ? r.machine().taskSlots() + " at a time (Spark's task slots)"
                : "as many at a time as Spark has task slots"));
    out.append('\n');

    TextTable where =
        new TextTable(
            String.format(Locale.ROOT, "where the load job's %.2f s went", r.load().seconds()),
            "seconds",
            "share");
    for (Map.Entry<String, Double> e : r.loadBreakdown().entrySet()) {
      where.row(
          e.getKey(),
          String.format(Locale.ROOT, "%.2f", e.getValue()),
          String.format(Locale.ROOT, "%.0f%%", 100 * e.getValue() / r.load().seconds()));
    }
    out.append(where.render());
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "memory: peak heap in use %s of a %s limit (sampled every %d ms)",
            gib(r.peakHeap()),
            gib(r.maxHeap()),
            HeapPeak.PERIOD_MS));
    r.residentPeak()
        .ifPresent(rss -> out.append("; peak resident set of this JVM ").append(gib(rss)));
    out.append("; PostgreSQL's processes are not counted\n");
    return out.toString();
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
