package dev.medallion.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Delta transaction ids ({@code SetTransaction}) read and written through Delta's transaction API,
 * for writers that commit every second or so (the stream).
 *
 * <p>A DataFrame write with {@code txnAppId} asks the snapshot for its transaction ids, which
 * rebuilds the table's whole state from its log in a Spark job whenever the table has a new version
 * (every commit): a job per table per micro-batch. The checksum file Delta writes beside each
 * commit holds the same transaction ids; read from there, the check costs a small file read.
 */
public final class TxnLog {
  private TxnLog() {}

  /**
   * The version of {@code appId} the transaction's snapshot holds (-1: none), from the version's
   * checksum file when it has one, else from the snapshot's state as Delta does.
   */
  public static long committedVersion(OptimisticTransaction transaction, String appId) {
    Option<VersionChecksum> checksum = transaction.snapshot().checksumOpt();
    Option<Seq<SetTransaction>> known =
        checksum.isDefined() ? checksum.get().setTransactions() : Option.empty();
    if (known.isEmpty()) {
      return transaction.txnVersion(appId);
    }
    for (SetTransaction t : JavaConverters.seqAsJavaList(known.get())) {
      if (t.appId().equals(appId)) {
        return t.version();
      }
    }
    return -1;
  }

  /**
   * Appends {@code rows} (in the table's columns) to the Delta table at {@code path} in one blind
   * commit that carries {@code txn}, unless the table's log holds {@code txn} already.
   *
   * @return whether it committed (false: a redo of a write already committed)
   */
  public static boolean appendOnce(DeltaLog log, Dataset<Row> rows, Txn txn) {
    OptimisticTransaction transaction = log.startTransaction();
    if (committedVersion(transaction, txn.appId()) >= txn.version()) {
      return false;
    }
    List<Action> actions = new ArrayList<>();
    actions.add(
        new SetTransaction(
            txn.appId(), txn.version(), Option.<Object>apply(System.currentTimeMillis())));
    actions.addAll(JavaConverters.seqAsJavaList(transaction.writeFiles(rows)));
    transaction.commit(
        JavaConverters.asScalaBuffer(actions).toList(),
        new DeltaOperations.Write(
            SaveMode.Append,
            Option.apply(transaction.metadata().partitionColumns()),
            Option.empty(),
            Option.empty()));
    return true;
  }
}
