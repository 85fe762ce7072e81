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
  private final Lake lake;
  private long usersVersion = Long.MIN_VALUE;
  private long transactionsVersion = Long.MIN_VALUE;
  private Dataset<Row> users;
  private Dataset<Row> transactions;

  public CurrentReferences(Lake lake) {
    this.lake = lake;
  }

  /** The users, as of the newest version of the table. */
  public Dataset<Row> users() {
    long version = lake.version(LakeTable.CLEANSED_USERS);
    if (users == null || version != usersVersion) {
      users = replace(users, LakeTable.CLEANSED_USERS, version);
      usersVersion = version;
    }
    return users;
  }

  /** The transactions, as of the newest version of the table. */
  public Dataset<Row> transactions() {
    long version = lake.version(LakeTable.CLEANSED_TRANSACTIONS);
    if (transactions == null || version != transactionsVersion) {
      transactions = replace(transactions, LakeTable.CLEANSED_TRANSACTIONS, version);
      transactionsVersion = version;
    }
    return transactions;
  }

  private Dataset<Row> replace(Dataset<Row> old, LakeTable table, long version) {
    if (old != null) {
      old.unpersist();
    }
    Dataset<Row> rows =
        (version < 0
                ? lake.spark().createDataFrame(List.<Row>of(), Schemas.of(table))
                : lake.readAt(table, version))
            .persist(StorageLevel.MEMORY_AND_DISK());
    rows.count(); // read once now, not in the middle of a micro-batch's join
    return rows;
  }

  @Override
  public void close() {
    if (users != null) {
      users.unpersist();
    }
    if (transactions != null) {
      transactions.unpersist();
    }
  }
}
