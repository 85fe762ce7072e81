package dev.medallion.curate;

import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.Lake;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The users and transactions cleansed holds, kept in memory for a long-running job (the stream) and
 * read again when either table has a new version (none yet: no rows): small tables, joined to every
 * micro-batch (the users broadcast, the transactions as Spark sees fit).
 */
public final class CurrentReferences implements AutoCloseable {
  private final Current users;
  private final Current transactions;

  public CurrentReferences(Lake lake) {
    this.users = new Current(lake, LakeTable.CLEANSED_USERS);
    this.transactions = new Current(lake, LakeTable.CLEANSED_TRANSACTIONS);
  }

  /** The users, as of the newest version of the table. */
  public Dataset<Row> users() {
    return users.rows();
  }

  /** The transactions, as of the newest version of the table. */
  public Dataset<Row> transactions() {
    return transactions.rows();
  }

  @Override
  public void close() {
    users.release();
    transactions.release();
  }

  /** One table's rows in memory, and the version they are of. */
  private static final class Current {
    private final Lake lake;
    private final LakeTable table;
    private long version = Long.MIN_VALUE;
    private Dataset<Row> rows;

    Current(Lake lake, LakeTable table) {
      this.lake = lake;
      this.table = table;
    }

    Dataset<Row> rows() {
      long newest = lake.version(table);
      if (rows == null || newest != version) {
        release();
        rows =
            (newest < 0
                    ? lake.spark().createDataFrame(List.<Row>of(), Schemas.of(table))
                    : lake.readAt(table, newest))
                .persist(StorageLevel.MEMORY_AND_DISK());
        rows.count(); // read once now, not in the middle of a micro-batch's join
        version = newest;
      }
      return rows;
    }

    void release() {
      if (rows != null) {
        rows.unpersist();
      }
    }
  }
}
