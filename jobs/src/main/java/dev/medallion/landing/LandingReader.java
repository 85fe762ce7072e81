package dev.medallion.landing;

import dev.medallion.contract.Reasons;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.progress.ReadCounters;
import dev.medallion.validate.Rfc4180;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
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
  private final ReadCounters counters;

  public LandingReader(SparkSession spark) {
    this(spark, ReadCounters.NONE);
  }

  /** A reader whose tasks count the files, records and bytes they read into {@code counters}. */
  public LandingReader(SparkSession spark, ReadCounters counters) {
    this.spark = spark;
    this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    this.counters = counters;
  }

  public SparkSession spark() {
    return spark;
  }

  /**
   * The files of {@code kind} under the landing root, in ingest order: by modification time, then
   * path. Files below a name starting with {@code .} or {@code _} (hidden, or a writer's unfinished
   * output, as Spark sees them) and files with a foreign extension are not read; they are returned
   * in {@code ignored}, so that the run summary shows them.
   */
  public Listing list(String landingRoot, LandingKind kind) {
    return list(files, landingRoot, kind);
  }

  /** {@link #list(String, LandingKind)} through {@code files}, without a Spark session. */
  public static Listing list(HadoopFiles files, String landingRoot, LandingKind kind) {
    String dir = landingRoot + "/" + kind.directory();
    String dirPath = new Path(dir).toUri().getPath();
    List<LandingFile> accepted = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (LocatedFileStatus status : files.listFilesRecursively(dir)) {
      // Hadoop's own spelling of the path: reading it back with new Path(...) gives the same file,
      // whatever spaces or percent signs its name holds.
      String path = status.getPath().toString();
      String below = status.getPath().toUri().getPath().substring(dirPath.length());
      if (below.contains("/.")
          || below.contains("/_")
          || !kind.accepts(status.getPath().getName())) {
        ignored.add(path); // hidden (Spark's convention), unfinished, or a foreign extension
      } else {
        accepted.add(new LandingFile(path, status.getLen(), status.getModificationTime()));
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
    return read(inOrder, null);
  }

  /**
   * Reads CSV files: one row per record after the header, with the header beside it. A file whose
   * first record does not name {@code keyColumn} has no header: that first record is a record too,
   * so that it is validated (and quarantined) rather than lost.
   */
  public Dataset<Row> readCsvRecords(List<LandingFile> inOrder, String keyColumn) {
    return read(inOrder, keyColumn);
  }

  /** Reads lines, or CSV records when {@code csvKey} is set. */
  private Dataset<Row> read(List<LandingFile> inOrder, String csvKey) {
    var schema = csv(csvKey) ? Schemas.LANDED_CSV_RECORD : Schemas.LANDED_LINE;
    if (inOrder.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.createDataFrame(rows(inOrder, csvKey), schema);
  }

  /**
   * The rows of {@link Schemas#LANDED_LINE} that {@link #readLines} gives, before they become a
   * dataset: for a caller that turns each into its own row in the same pass.
   */
  public JavaRDD<Row> lineRows(List<LandingFile> inOrder) {
    return rows(inOrder, null);
  }

  private static boolean csv(String csvKey) {
    return csvKey != null;
  }

  /** One task per file at most (a file is read whole, in order), in ingest order. */
  private JavaRDD<Row> rows(List<LandingFile> inOrder, String csvKey) {
    boolean csv = csv(csvKey);
    List<IndexedFile> tasks = new ArrayList<>();
    for (int i = 0; i < inOrder.size(); i++) {
      tasks.add(new IndexedFile(inOrder.get(i).path(), i));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (tasks.isEmpty()) {
      return jsc.emptyRDD();
    }
    SerializableHadoopConf conf =
        new SerializableHadoopConf(files.fs(tasks.get(0).path()).getConf());
    int slices = Math.min(tasks.size(), Math.max(1, jsc.defaultParallelism() * 4));
    ReadCounters counted = counters;
    return jsc.parallelize(tasks, slices)
        .flatMap(
            file ->
                csv
                    ? csvRecords(file, csvKey, conf.get(), counted)
                    : lines(file, conf.get(), counted));
  }

  private static boolean namesColumn(String header, String column) {
    return Rfc4180.parse(header).values().stream()
        .anyMatch(name -> name.replace("\uFEFF", "").trim().equalsIgnoreCase(column));
  }

  /** The read error of a record over the size limit; its text is cut to the limit. */
  static String tooLarge(long line, String limit) {
    return Reasons.RECORD_TOO_LARGE + ": the record at line " + line + " is larger than " + limit;
  }

  /** A file and its position in the run's ingest order. */
  record IndexedFile(String path, int index) implements java.io.Serializable {}

  /** Opens a file, decompressing it if its name says gzip; {@code read} follows its position. */
  private static InputStream open(String path, Configuration conf, FailureAwareIterator read)
      throws IOException {
    Path file = new Path(path);
    FSDataInputStream in = file.getFileSystem(conf).open(file, 1 << 16);
    read.position = in;
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

  private static Iterator<Row> lines(IndexedFile file, Configuration conf, ReadCounters counters) {
    return new FailureAwareIterator(file, counters) {
      private LineReader reader;

      @Override
      Row produce() throws IOException {
        if (reader == null) {
          reader = new LineReader(open(file.path(), conf, this));
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

  private static Iterator<Row> csvRecords(
      IndexedFile file, String key, Configuration conf, ReadCounters counters) {
    return new FailureAwareIterator(file, counters) {
      private Iterator<Rfc4180.Record> records;
      private String header;

      @Override
      Row produce() throws IOException {
        if (records == null) {
          Reader reader =
              new InputStreamReader(
                  open(file.path(), conf, this),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT));
          closeable = reader::close;
          records = Rfc4180.records(new java.io.BufferedReader(reader, 1 << 16));
          if (!records.hasNext()) {
            return null;
          }
          Rfc4180.Record first = records.next();
          header = first.text();
          if (!namesColumn(header, key)) {
            return row(first);
          }
        }
        return records.hasNext() ? row(records.next()) : null;
      }

      private Row row(Rfc4180.Record record) {
        return RowFactory.create(
            record.text(),
            file.path(),
            file.index(),
            record.line(),
            record.tooLarge()
                ? tooLarge(record.line(), Rfc4180.MAX_RECORD_CHARS + " characters")
                : null,
            header);
      }
    };
  }

  /**
   * Rows of one file; an IO error ends them with one failure row instead of failing the task, so
   * that one bad file does not fail the whole run.
   */
  private abstract static class FailureAwareIterator implements Iterator<Row> {
    final IndexedFile file;
    private final ReadCounters counters;
    AutoCloseableIo closeable;

    /** The file as read from its file system (before decompression): its position is bytes read. */
    FSDataInputStream position;

    private long bytesCounted;
    private Row next;
    private boolean finished;

    FailureAwareIterator(IndexedFile file, ReadCounters counters) {
      this.file = file;
      this.counters = counters;
    }

    /** Counts a record and the bytes read up to it; a failure row is no record. */
    private void count(Row row) {
      if (!finished) {
        counters.recordRead();
      }
      countBytes();
    }

    private void countBytes() {
      if (position != null) {
        try {
          long at = position.getPos();
          counters.bytesRead(at - bytesCounted);
          bytesCounted = Math.max(bytesCounted, at);
        } catch (IOException e) {
          // only a count: the read itself reports its errors
        }
      }
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
        if (next != null) {
          count(next);
        }
        if (finished) {
          countBytes();
          close();
          counters.fileRead();
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
