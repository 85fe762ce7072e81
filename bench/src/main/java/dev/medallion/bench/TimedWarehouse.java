package dev.medallion.bench;

import dev.medallion.warehouse.Warehouse;
import dev.medallion.warehouse.WarehouseColumn;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * A {@link Warehouse} that passes every call on and adds up the time each kind of call took, so
 * that a benchmark can say where a load job spent its time without changing the job. A {@code COPY}
 * is split in two: the time spent waiting for Spark to hand over the next row, and the rest
 * (writing the CSV and sending it to the server, which includes waiting for the server).
 */
final class TimedWarehouse implements Warehouse {
  static final String COMMIT = "commit";
  static final String OTHER = "other statements (DDL, lock, state)";

  private static final Pattern TARGET =
      Pattern.compile(
          "^\\s*(MERGE INTO|DELETE FROM|INSERT INTO|COPY)\\s+(\\S+)", Pattern.CASE_INSENSITIVE);

  private final Warehouse delegate;
  private final Map<String, Long> nanos;

  /**
   * @param nanos where the times go, by kind of call, in the order first seen; shared by the
   *     connections of one job run
   */
  TimedWarehouse(Warehouse delegate, Map<String, Long> nanos) {
    this.delegate = delegate;
    this.nanos = nanos;
  }

  /** A new, ordered map for {@link #TimedWarehouse}. */
  static Map<String, Long> times() {
    return new LinkedHashMap<>();
  }

  @Override
  public void execute(String sql) {
    long started = System.nanoTime();
    try {
      delegate.execute(sql);
    } finally {
      add(kind(sql), started);
    }
  }

  @Override
  public void execute(String sql, Object... parameters) {
    long started = System.nanoTime();
    try {
      delegate.execute(sql, parameters);
    } finally {
      add(kind(sql), started);
    }
  }

  @Override
  public Optional<Long> queryLong(String sql, Object... parameters) {
    long started = System.nanoTime();
    try {
      return delegate.queryLong(sql, parameters);
    } finally {
      add(OTHER, started);
    }
  }

  @Override
  public List<WarehouseColumn> columns(String sql, String schema, String table) {
    long started = System.nanoTime();
    try {
      return delegate.columns(sql, schema, table);
    } finally {
      add(OTHER, started);
    }
  }

  @Override
  public long copyIn(String sql, Iterator<Row> rows, List<String> columns) {
    String target = target(sql).orElse("?");
    String fromSpark = "COPY " + target + ": waiting for Spark's rows";
    String toServer = "COPY " + target + ": CSV and PostgreSQL";
    long[] waiting = {0};
    Iterator<Row> timed =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            long started = System.nanoTime();
            try {
              return rows.hasNext();
            } finally {
              waiting[0] += System.nanoTime() - started;
            }
          }

          @Override
          public Row next() {
            long started = System.nanoTime();
            try {
              return rows.next();
            } finally {
              waiting[0] += System.nanoTime() - started;
            }
          }
        };
    long started = System.nanoTime();
    try {
      return delegate.copyIn(sql, timed, columns);
    } finally {
      long total = System.nanoTime() - started;
      nanos.merge(fromSpark, waiting[0], Long::sum);
      nanos.merge(toServer, total - waiting[0], Long::sum);
    }
  }

  @Override
  public void commit() {
    long started = System.nanoTime();
    try {
      delegate.commit();
    } finally {
      add(COMMIT, started);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void add(String kind, long started) {
    nanos.merge(kind, System.nanoTime() - started, Long::sum);
  }

  /** MERGE and DELETE by their target table; everything else together. */
  static String kind(String sql) {
    Matcher m = TARGET.matcher(sql);
    if (m.find()) {
      String verb = m.group(1).toUpperCase(Locale.ROOT);
      if (verb.equals("MERGE INTO") || verb.equals("DELETE FROM")) {
        return verb + " " + m.group(2);
      }
    }
    return OTHER;
  }

  private static Optional<String> target(String sql) {
    Matcher m = TARGET.matcher(sql);
    return m.find() ? Optional.of(m.group(2)) : Optional.empty();
  }
}
