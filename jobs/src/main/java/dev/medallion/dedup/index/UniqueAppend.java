package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.medallion.contract.LakeTable;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.lake.TxnLog;
import dev.medallion.run.Faults;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The one way rows are appended to {@code cleansed.events}: the writer's check "which of my uuids
 * does cleansed hold?" and its write are made atomic by Delta's optimistic concurrency, across
 * every writer (stream micro-batches, batch ingest runs, in any process).
 *
 * <p>{@link #begin} opens a Delta transaction on the table's latest snapshot and tells the caller
 * its version; the caller drops the uuids cleansed holds at that version, then {@link
 * Pending#commit} writes the rest as data files and commits them in that transaction. The
 * transaction declares that it read the whole table ({@code readWholeTable}), so it is not a blind
 * append, and the table's isolation level is {@code Serializable}: Delta refuses the commit with a
 * {@code ConcurrentAppendException} when any other commit since the checked version added files,
 * whether that writer went through here or appended blindly. On such a conflict the event_uuids the
 * newer commits added (their {@code AddFile}s, read from the log, and just those parquet files'
 * event_uuid column) are intersected with the rows being committed: the rows of the uuids found are
 * dropped (another writer ingested them first; the caller counts them as duplicates) and the rest
 * written again, or, with no overlap, the same files are committed in a new transaction on the new
 * snapshot. This repeats, a bounded number of times.
 *
 * <p>Each commit carries the writer's {@link Txn} as a {@code SetTransaction}: a redo of a write
 * whose transaction id the log already holds writes nothing ({@link Pending#alreadyCommitted}).
 */
public final class UniqueAppend {
  /**
   * The fault point between the snapshot a writer checked against and its commit, reached before
   * every attempt to commit.
   */
  public static final String BEFORE_COMMIT = "cleansed.before-commit";

  /** How many commits a write may lose to other writers before it gives up. */
  static final int MAX_ATTEMPTS = 10;

  private static final LakeTable TABLE = LakeTable.CLEANSED_EVENTS;
  private static final Logger LOG = LoggerFactory.getLogger(UniqueAppend.class);

  private final Lake lake;

  public UniqueAppend(Lake lake) {
    this.lake = lake;
  }

  /** Starts a write: fixes the version of cleansed.events the caller checks its uuids against. */
  public Pending begin(Txn txn) {
    lake.ensure(TABLE);
    DeltaLog log = DeltaLog.forTable(lake.spark(), lake.path(TABLE));
    OptimisticTransaction transaction = start(log, null, txn);
    boolean done = TxnLog.committedVersion(transaction, txn.appId()) >= txn.version();
    return new Pending(log, transaction, txn, done);
  }

  /** What a commit did. */
  public record Result(long version, long rowsCommitted, Set<String> droppedUuids) {}

  /** A write begun: the snapshot checked against, then the commit. */
  public final class Pending {
    private final DeltaLog log;
    private final Txn txn;
    private final long checkedVersion;
    private final boolean alreadyCommitted;
    private OptimisticTransaction transaction;
    private boolean used;

    private Pending(
        DeltaLog log, OptimisticTransaction transaction, Txn txn, boolean alreadyCommitted) {
      this.log = log;
      this.transaction = transaction;
      this.txn = txn;
      this.checkedVersion = transaction.readVersion();
      this.alreadyCommitted = alreadyCommitted;
    }

    /** The snapshot version the caller must dedup against. */
    public long checkedVersion() {
      return checkedVersion;
    }

    /** The txn (appId, version) is already in the table's log: a redo, which writes nothing. */
    public boolean alreadyCommitted() {
      return alreadyCommitted;
    }

    /**
     * Writes {@code rows} (already free of the uuids cleansed held at {@link #checkedVersion}) and
     * commits them atomically with that check. On a redo ({@link #alreadyCommitted}) it writes
     * nothing and returns no rows at the checked version: the caller's check, which leaves out its
     * own run's rows, gives the counts of the attempt that committed.
     *
     * @throws IllegalStateException when other writers won {@value #MAX_ATTEMPTS} commits in a row,
     *     or another writer committed this same txn meanwhile
     */
    public Result commit(Dataset<Row> rows) {
      return commit(rows, () -> {});
    }

    /**
     * {@link #commit(Dataset)}, running {@code whenWritten} once the data files are written and
     * before the commit: to wait there for what must be committed first (the references cleansed
     * events point to), while the files were being written.
     */
    public Result commit(Dataset<Row> rows, Runnable whenWritten) {
      if (used) {
        throw new IllegalStateException("a pending write of cleansed.events commits once");
      }
      used = true;
      if (alreadyCommitted) {
        return new Result(checkedVersion, 0, Set.of());
      }
      Dataset<Row> pending = shaped(rows, transaction.metadata().schema());
      Set<String> dropped = new HashSet<>();
      Snapshot written = transaction.snapshot();
      List<FileAction> files = write(transaction, pending);
      whenWritten.run();
      long seenUpTo = checkedVersion;
      List<Long> lostTo = new ArrayList<>();
      for (int attempt = 1; ; attempt++) {
        Faults.point(BEFORE_COMMIT);
        try {
          long version = transaction.commit(seq(actions(files)), operation(transaction));
          return new Result(version, rowCount(files, pending), Set.copyOf(dropped));
        } catch (ConcurrentModificationException conflict) {
          Snapshot latest = log.update(false, Option.empty(), Option.empty());
          lostTo.add(latest.version());
          if (attempt >= MAX_ATTEMPTS) {
            deleteQuietly(files);
            throw new IllegalStateException(
                String.format(
                    "%s: gave up appending for %s/%d after %d attempts, each refused because"
                        + " another writer committed first (checked version %d; table at %s)",
                    TABLE.qualifiedName(),
                    txn.appId(),
                    txn.version(),
                    attempt,
                    checkedVersion,
                    lostTo),
                conflict);
          }
          transaction = start(log, latest, txn);
          if (TxnLog.committedVersion(transaction, txn.appId()) >= txn.version()) {
            deleteQuietly(files);
            throw new IllegalStateException(
                String.format(
                    "%s: another writer committed transaction %s/%d while this one was writing it"
                        + " (two instances of one job?)",
                    TABLE.qualifiedName(), txn.appId(), txn.version()),
                conflict);
          }
          Set<String> overlap = overlap(files, seenUpTo + 1, latest.version());
          LOG.info(
              "{}: commit {} of {}/{} refused ({}); versions {} to {} hold {} of its uuids,"
                  + " retrying",
              TABLE.qualifiedName(),
              attempt,
              txn.appId(),
              txn.version(),
              conflict.getClass().getSimpleName(),
              seenUpTo + 1,
              latest.version(),
              overlap.size());
          seenUpTo = latest.version();
          boolean sameShape =
              latest.metadata().schema().equals(written.metadata().schema())
                  && latest
                      .metadata()
                      .partitionColumns()
                      .equals(written.metadata().partitionColumns());
          if (!overlap.isEmpty() || !sameShape) {
            dropped.addAll(overlap);
            deleteQuietly(files);
            if (!overlap.isEmpty()) {
              pending = CleansedUuids.withUuids(pending, overlap, "left_anti");
            }
            pending = shaped(pending, latest.metadata().schema());
            written = latest;
            files = write(transaction, pending);
          }
        }
      }
    }

    private List<Action> actions(List<FileAction> files) {
      List<Action> actions = new ArrayList<>(files.size() + 1);
      actions.add(
          new SetTransaction(
              txn.appId(), txn.version(), Option.<Object>apply(System.currentTimeMillis())));
      actions.addAll(files);
      return actions;
    }

    /**
     * The event_uuids that both the files written here and the data files that commits {@code from}
     * to {@code to} added hold.
     */
    private Set<String> overlap(List<FileAction> ours, long from, long to) {
      List<String> theirs = new ArrayList<>();
      scala.collection.Iterator<Tuple2<Object, Seq<Action>>> changes = log.getChanges(from, false);
      while (changes.hasNext()) {
        Tuple2<Object, Seq<Action>> change = changes.next();
        if ((Long) change._1() > to) {
          break;
        }
        for (Action action : JavaConverters.seqAsJavaList(change._2())) {
          if (action instanceof AddFile add && add.dataChange()) {
            theirs.add(absolute(add));
          }
        }
      }
      List<String> mine = new ArrayList<>();
      for (FileAction file : ours) {
        if (file instanceof AddFile add) {
          mine.add(absolute(add));
        }
      }
      Set<String> overlap = new HashSet<>();
      if (theirs.isEmpty() || mine.isEmpty()) {
        return overlap;
      }
      SparkSession spark = lake.spark();
      Dataset<Row> added = spark.read().parquet(theirs.toArray(String[]::new)).select(EVENT_UUID);
      Dataset<Row> pending = spark.read().parquet(mine.toArray(String[]::new)).select(EVENT_UUID);
      for (Row row :
          pending
              .join(added, pending.col(EVENT_UUID).equalTo(added.col(EVENT_UUID)), "left_semi")
              .distinct()
              .collectAsList()) {
        overlap.add(row.getString(0));
      }
      return overlap;
    }

    private String absolute(AddFile add) {
      return new Path(log.dataPath(), add.toPath()).toString();
    }

    /** Removes files written here that no commit holds (best effort: VACUUM would too). */
    private void deleteQuietly(List<FileAction> files) {
      HadoopFiles fs = new HadoopFiles(lake.spark().sparkContext().hadoopConfiguration());
      for (FileAction file : files) {
        if (file instanceof AddFile add) {
          try {
            fs.delete(absolute(add), false);
          } catch (RuntimeException e) {
            // left for VACUUM: the file is in no commit
          }
        }
      }
    }
  }

  /**
   * A transaction on {@code snapshot} (the latest when null) that reads the whole table, so that
   * any data another writer commits meanwhile makes its commit fail, and that depends on the txn's
   * app id.
   */
  private static OptimisticTransaction start(DeltaLog log, Snapshot snapshot, Txn txn) {
    OptimisticTransaction transaction =
        log.startTransaction(Option.empty(), Option.apply(snapshot));
    Option<String> mapping = transaction.metadata().configuration().get("delta.columnMapping.mode");
    if (mapping.isDefined() && !mapping.get().equalsIgnoreCase("none")) {
      throw new IllegalStateException(
          TABLE.qualifiedName()
              + " uses column mapping ("
              + mapping.get()
              + "), which UniqueAppend does not read");
    }
    transaction.readWholeTable();
    return transaction;
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  private static List<FileAction> write(OptimisticTransaction transaction, Dataset<Row> rows) {
    return new ArrayList<>(JavaConverters.seqAsJavaList(transaction.writeFiles(rows)));
  }

  private static DeltaOperations.Write operation(OptimisticTransaction transaction) {
    return new DeltaOperations.Write(
        SaveMode.Append,
        Option.apply(transaction.metadata().partitionColumns()),
        Option.empty(),
        Option.empty());
  }

  /**
   * The rows in the table's column order: a column the rows lack is null (as a Delta append fills
   * it), a column the table lacks or of another type is an error (as it is for a Delta append
   * without schema merging).
   */
  static Dataset<Row> shaped(Dataset<Row> rows, StructType table) {
    Set<String> known = new HashSet<>();
    List<Column> columns = new ArrayList<>();
    for (StructField field : table.fields()) {
      known.add(field.name().toLowerCase(Locale.ROOT));
      StructField given = find(rows.schema(), field.name());
      if (given == null) {
        columns.add(lit(null).cast(field.dataType()).as(field.name()));
      } else if (given.dataType().catalogString().equals(field.dataType().catalogString())) {
        columns.add(col(given.name()).as(field.name()));
      } else {
        throw new IllegalArgumentException(
            String.format(
                "%s.%s is %s; the rows have %s",
                TABLE.qualifiedName(),
                field.name(),
                field.dataType().catalogString(),
                given.dataType().catalogString()));
      }
    }
    for (StructField field : rows.schema().fields()) {
      if (!known.contains(field.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            TABLE.qualifiedName() + " has no column " + field.name());
      }
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private static StructField find(StructType schema, String name) {
    for (StructField field : schema.fields()) {
      if (field.name().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  /** The rows the files hold, from their statistics (counted when a file has none). */
  private static long rowCount(List<FileAction> files, Dataset<Row> rows) {
    long count = 0;
    for (FileAction file : files) {
      if (file instanceof AddFile add) {
        Option<Object> records = add.numLogicalRecords();
        if (records.isEmpty()) {
          return rows.count();
        }
        count += (Long) records.get();
      }
    }
    return count;
  }
}
