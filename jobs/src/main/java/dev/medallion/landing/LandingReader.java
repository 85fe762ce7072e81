package dev.medallion.landing;

import dev.medallion.contract.Schemas;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.validate.Rfc4180;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Lists landing files and reads them into rows of {@link Schemas#LANDED_LINE} (JSON lines) or
 * {@link Schemas#LANDED_CSV_RECORD} (CSV records), through the Hadoop FileSystem API so that a
 * landing area on S3 works like a local one.
 *
 * <p>Each file is read whole by one task, which knows the line numbers and so the exact ingest
 * order. A file that cannot be read to its end (a truncated gzip, say) yields, after whatever it
 * gave, one failure row: {@code _line} 0, {@code record} null, {@code _read_error} the cause. The
 * caller drops every row of such a file and retries it in a later run.
 */
public final class LandingReader {
  /** {@code _line} of the row that reports a file failure. */
  public static final long FILE_FAILURE_LINE = 0;

  private final SparkSession spark;
  private final HadoopFiles files;

  public LandingReader(SparkSession spark) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
  }

  /**
   * The files of {@code kind} under the landing root, in ingest order: by modification time, then
   * path. Hidden files and files starting with {@code _} are skipped, as Spark does; other files
   * with a foreign extension are returned in {@code ignored}.
   */
  public Listing list(String landingRoot, LandingKind kind) {
    String dir = landingRoot + "/" + kind.directory();
    List<LandingFile> accepted = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (LocatedFileStatus status : files.listFilesRecursively(dir)) {
      String name = status.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      String path = status.getPath().toUri().toString();
      if (kind.accepts(name)) {
        accepted.add(new LandingFile(path, status.getLen(), status.getModificationTime()));
      } else {
        ignored.add(path);
      }
    }
    accepted.sort(
        Comparator.comparingLong(LandingFile::modificationTime).thenComparing(LandingFile::path));
    ignored.sort(Comparator.naturalOrder());
    return new Listing(List.copyOf(accepted), List.copyOf(ignored));
  }

  /** Files found and files skipped for their extension. */
  public record Listing(List<LandingFile> files, List<String> ignored) {}

  /** Reads JSON-lines files: one row per non-blank line. */
  public Dataset<Row> readLines(List<LandingFile> inOrder) {
    return read(inOrder, false);
  }

  /** Reads CSV files: one row per record after the header, with the header beside it. */
  public Dataset<Row> readCsvRecords(List<LandingFile> inOrder) {
    return read(inOrder, true);
  }

  private Dataset<Row> read(List<LandingFile> inOrder, boolean csv) {
    List<IndexedFile> tasks = new ArrayList<>();
    for (int i = 0; i < inOrder.size(); i++) {
      tasks.add(new IndexedFile(inOrder.get(i).path(), i));
    }
    var schema = csv ? Schemas.LANDED_CSV_RECORD : Schemas.LANDED_LINE;
    if (tasks.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    SerializableHadoopConf conf =
        new SerializableHadoopConf(files.fs(tasks.get(0).path()).getConf());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.min(tasks.size(), Math.max(1, jsc.defaultParallelism() * 4));
    JavaRDD<Row> rows =
        jsc.parallelize(tasks, slices)
            .flatMap(file -> csv ? csvRecords(file, conf.get()) : lines(file, conf.get()));
    return spark.createDataFrame(rows, schema);
  }

  /** A file and its position in the run's ingest order. */
  record IndexedFile(String path, int index) implements java.io.Serializable {}

  private static InputStream open(String path, Configuration conf) throws IOException {
    FileSystem fs = FileSystem.get(URI.create(path), conf);
    InputStream in = fs.open(new Path(path), 1 << 16);
    String name = path.toLowerCase();
    return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static Row failure(IndexedFile file, Exception e) {
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return RowFactory.create(
        null,
        file.path(),
        file.index(),
        FILE_FAILURE_LINE,
        "cannot read " + file.path() + ": " + cause);
  }

  private static Iterator<Row> lines(IndexedFile file, Configuration conf) {
    return new FailureAwareIterator(file) {
      private LineReader reader;

      @Override
      Row produce() throws IOException {
        if (reader == null) {
          reader = new LineReader(open(file.path(), conf));
          closeable = reader::close;
        }
        LineReader.Line line;
        do {
          line = reader.next();
        } while (line != null && line.text().isBlank() && line.error() == null);
        if (line == null) {
          return null;
        }
        return RowFactory.create(
            line.text(), file.path(), file.index(), line.number(), line.error());
      }
    };
  }

  private static Iterator<Row> csvRecords(IndexedFile file, Configuration conf) {
    return new FailureAwareIterator(file) {
      private Iterator<Rfc4180.Record> records;
      private String header;

      @Override
      Row produce() throws IOException {
        if (records == null) {
          Reader reader =
              new InputStreamReader(
                  open(file.path(), conf),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT));
          closeable = reader::close;
          records = Rfc4180.records(new java.io.BufferedReader(reader, 1 << 16));
          if (!records.hasNext()) {
            return null;
          }
          header = records.next().text();
        }
        if (!records.hasNext()) {
          return null;
        }
        Rfc4180.Record record = records.next();
        return RowFactory.create(
            record.text(), file.path(), file.index(), record.line(), null, header);
      }
    };
  }

  /**
   * Rows of one file; an IO error ends them with one failure row instead of failing the task, so
   * that one bad file does not fail the whole run.
   */
  private abstract static class FailureAwareIterator implements Iterator<Row> {
    final IndexedFile file;
    AutoCloseableIo closeable;
    private Row next;
    private boolean finished;

    FailureAwareIterator(IndexedFile file) {
      this.file = file;
    }

    /** The next row, or null at the end. */
    abstract Row produce() throws IOException;

    @Override
    public boolean hasNext() {
      if (next == null && !finished) {
        try {
          next = produce();
        } catch (IOException | UncheckedIOException e) {
          next = failure(file, e instanceof UncheckedIOException u ? u.getCause() : e);
          finished = true;
        }
        if (next == null) {
          finished = true;
        }
        if (finished) {
          close();
        }
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = next;
      next = null;
      return row;
    }

    private void close() {
      if (closeable != null) {
        try {
          closeable.close();
        } catch (IOException ignored) {
          // the rows are read; a failing close loses nothing
        }
        closeable = null;
      }
    }
  }

  /** {@link AutoCloseable} with IOException, for method references to close(). */
  interface AutoCloseableIo {
    void close() throws IOException;
  }
}
