package dev.medallion.bench;

import dev.medallion.bench.BatchBenchmark.Result;
import dev.medallion.bench.BatchBenchmark.Step;
import dev.medallion.run.RecordCounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link BatchBenchmark}'s result as text for the terminal ({@link #render}) and as a section of
 * docs/benchmarks.md ({@link #markdown}): the steps' seconds, events/s and peak resident sets, the
 * throughput ratios, the counts of every system and whether Medallion and DuckDB agree, a bar chart
 * of events/s (Mermaid {@code xychart-beta}) and the machine.
 */
public final class BatchBenchReport {
  private BatchBenchReport() {}

  /** The text the command prints. */
  public static String render(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(
        "Batch pipeline: Medallion against DuckDB and a naive Spark job, each a fresh JVM on the"
            + " same files\n");
    out.append("data:      ").append(dataLine(r)).append('\n');
    out.append("machine:   ").append(machineLine(r)).append('\n');
    out.append("JVMs:      ").append(jvmLine(r)).append('\n');
    out.append('\n');
    out.append(stepsTable(r.measured(), "measured run").render());
    out.append('\n');
    out.append(ratiosLine(r)).append('\n');
    if (!r.history().isEmpty()) {
      out.append('\n');
      out.append(stepsTable(r.history(), "history run (not in the ratios)").render());
    }
    out.append('\n');
    for (String kind : CountChecks.KINDS) {
      out.append(countsTable(r, kind).render()).append('\n');
    }
    out.append(checkText(r));
    out.append("work:      ")
        .append(r.work())
        .append(" (kept; the steps' output in ")
        .append(r.work().resolve("logs"))
        .append(")\n");
    return out.toString();
  }

  /** The section appended to docs/benchmarks.md: how it was taken, the tables, the chart. */
  public static String markdown(Result r, LocalDate date) {
    StringBuilder md = new StringBuilder();
    md.append("\n## Batch pipeline against DuckDB and a naive Spark job (")
        .append(date)
        .append(", ")
        .append(String.format(Locale.ROOT, "%,d", r.config().events()))
        .append(" events)\n\n");
    StringBuilder how = new StringBuilder();
    how.append("Taken with `bin/medallion bench batch ")
        .append(arguments(r))
        .append("`: ")
        .append(dataLine(r))
        .append(". Each system ran as a fresh JVM (")
        .append(jvmLine(r).replaceFirst("^(-\\S+( -\\S+)*)", "`$1`"))
        .append("), one after the other, on the same landing files: Medallion's")
        .append(
            " `pipeline` command as a user runs it, JVM start included; the same work in DuckDB")
        .append(
            " through JDBC (`DuckDbPipeline`, Medallion's validation rules in SQL, Parquet out);")
        .append(
            " a naive Spark job with Spark's defaults (`NaiveSparkPipeline`, Delta out). Seconds")
        .append(" are wall clock from process start to exit; peak RSS is the process's (GNU")
        .append(" time's `%M`, or its `VmHWM` polled where that is missing). Machine: ")
        .append(machineLine(r))
        .append('.');
    md.append(wrap(how.toString())).append("\n\n");
    md.append(markdownTable(stepsTable(r.measured(), "measured run")));
    md.append('\n').append(wrap(ratiosLine(r))).append("\n\n");
    md.append(chart(r));
    if (!r.history().isEmpty()) {
      md.append('\n');
      md.append(markdownTable(stepsTable(r.history(), "history run (not in the ratios)")));
    }
    md.append('\n');
    md.append(markdownTable(countsTable(r, "events")));
    md.append('\n');
    md.append(checkMarkdown(r));
    return md.toString();
  }

  /** The bar chart of events/s of the measured run, for Mermaid. */
  static String chart(Result r) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Step step : r.measured()) {
      names.add("\"" + step.system() + "\"");
      values.add(String.format(Locale.ROOT, "%.0f", step.eventsPerSecond()));
    }
    return "```mermaid\n"
        + "xychart-beta\n"
        + "    title \"Measured run: events/s (higher is faster)\"\n"
        + "    x-axis ["
        + String.join(", ", names)
        + "]\n"
        + "    y-axis \"events/s\"\n"
        + "    bar ["
        + String.join(", ", values)
        + "]\n"
        + "```\n";
  }

  static TextTable stepsTable(List<Step> steps, String title) {
    TextTable table = new TextTable(title, "event lines", "seconds", "events/s", "peak RSS");
    for (Step step : steps) {
      table.row(
          step.system(),
          String.format(Locale.ROOT, "%,d", step.eventLines()),
          String.format(Locale.ROOT, "%.1f", step.seconds()),
          String.format(Locale.ROOT, "%,.0f", step.eventsPerSecond()),
          step.peakRss().isPresent() ? LoadBenchReport.gib(step.peakRss().getAsLong()) : "-");
    }
    return table;
  }

  static String ratiosLine(Result r) {
    List<String> ratios = new ArrayList<>();
    for (Step step : r.measured()) {
      if (!step.system().equals(BatchBenchmark.MEDALLION)) {
        ratios.add(
            String.format(
                Locale.ROOT, "Medallion/%s %.2fx", step.system(), r.ratio(step.system())));
      }
    }
    return "throughput ratios (Medallion's events/s divided by theirs; above 1, Medallion is"
        + " faster): "
        + String.join(", ", ratios);
  }

  static TextTable countsTable(Result r, String kind) {
    TextTable table =
        new TextTable(
            kind + " of the measured run", "read", "cleansed", "duplicates", "quarantined", "late");
    for (Map.Entry<String, Map<String, RecordCounts>> e : r.counts().entrySet()) {
      RecordCounts c = e.getValue().get(kind);
      if (c == null) {
        continue;
      }
      table.row(
          e.getKey(),
          count(c.read()),
          count(c.cleansed()),
          count(c.duplicates()),
          count(c.quarantined()),
          count(c.late()));
    }
    return table;
  }

  /** Whether Medallion and DuckDB agree, in a sentence. */
  static String verdict(Result r) {
    return r.agree()
        ? String.format(
            Locale.ROOT,
            "Medallion and DuckDB agree: the same counts of events, users and transactions (read,"
                + " cleansed, duplicates, quarantined, every quarantine reason) and the same %,d rows"
                + " of curated.daily_event_metrics.",
            r.metricsRows())
        : "MEDALLION AND DUCKDB DIFFER:";
  }

  /** What differs between Medallion and DuckDB, one line each; empty when they agree. */
  static List<String> differences(Result r) {
    List<String> lines = new ArrayList<>();
    r.countDifferences().forEach(d -> lines.add("counts:  " + d));
    r.metricsDifferences().forEach(d -> lines.add("metrics: " + d));
    return lines;
  }

  static String checkText(Result r) {
    StringBuilder out = new StringBuilder("check:     ").append(verdict(r)).append('\n');
    differences(r).forEach(d -> out.append("  ").append(d).append('\n'));
    return out.toString();
  }

  private static String checkMarkdown(Result r) {
    StringBuilder md = new StringBuilder(wrap("**Check:** " + verdict(r))).append('\n');
    if (!r.agree()) {
      md.append('\n');
      differences(r).forEach(d -> md.append("- ").append(d.replaceAll(" +", " ")).append('\n'));
    }
    return md.toString();
  }

  /** A paragraph wrapped at {@value #WIDTH} characters, as docs/benchmarks.md is written. */
  static String wrap(String paragraph) {
    StringBuilder out = new StringBuilder();
    int lineLength = 0;
    for (String word : paragraph.split(" ")) {
      if (lineLength > 0 && lineLength + 1 + word.length() > WIDTH) {
        out.append('\n');
        lineLength = 0;
      } else if (lineLength > 0) {
        out.append(' ');
        lineLength++;
      }
      out.append(word);
      lineLength += word.length();
    }
    return out.toString();
  }

  private static final int WIDTH = 100;

  /** A text table as a Markdown table: the first column left-aligned, the others right. */
  static String markdownTable(TextTable table) {
    List<String[]> rows = table.rows();
    StringBuilder md = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      md.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        md.append("| ---");
        md.append(" | ---:".repeat(rows.get(0).length - 1));
        md.append(" |\n");
      }
    }
    return md.toString();
  }

  private static String dataLine(Result r) {
    RecordCounts events = r.counts().get(BatchBenchmark.EXPECTED).get("events");
    return String.format(
        Locale.ROOT,
        "%,d event lines in the measured run (the generator's, seed %d: three files, one gzipped;"
            + " %,d duplicates, %,d invalid, %,d late), over a lake of %,d earlier event lines",
        events.read(),
        r.config().seed(),
        events.duplicates(),
        events.quarantined(),
        events.late(),
        r.history().isEmpty() ? 0 : r.history().get(0).eventLines());
  }

  private static String machineLine(Result r) {
    return r.machine().line()
        + (r.loadAverageAtEnd() >= 0
            ? String.format(Locale.ROOT, ", %.2f at the end", r.loadAverageAtEnd())
            : "")
        + "; Spark "
        + r.machine().spark()
        + ", DuckDB "
        + r.duckDbVersion();
  }

  private static String jvmLine(Result r) {
    return r.jvmOptions().isEmpty()
        ? "the options of bin/medallion"
        : String.join(" ", r.jvmOptions()) + " and the rest of bin/medallion's options";
  }

  private static String arguments(Result r) {
    return "--events "
        + r.config().events()
        + (r.config().history() > 0 ? " --history " + r.config().history() : "")
        + " --seed "
        + r.config().seed()
        + (r.config().naive() ? "" : " --skip-naive");
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
