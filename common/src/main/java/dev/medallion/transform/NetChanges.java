package dev.medallion.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * A Delta change feed reduced to one change per key: what a copy of the table must do to catch up.
 * Per key the newest commit wins; within one commit an insert (or an update's new image) wins over
 * a delete, since a rewrite (an overwrite, a {@code replaceWhere}) deletes a key's old row and
 * inserts its new one in the same commit. The result has the given columns and {@code op}: {@code
 * U} to upsert the row, {@code D} to delete the key.
 */
public final class NetChanges {
  public static final String UPSERT = "U";
  public static final String DELETE = "D";

  private static final String CHANGE_TYPE = "_change_type";
  private static final String COMMIT_VERSION = "_commit_version";

  private NetChanges() {}

  /**
   * @param changes a change feed: the table's columns plus {@code _change_type} and {@code
   *     _commit_version}
   * @param key the key columns
   * @param columns the columns to keep, in order
   * @param op the name of the column that says U or D
   */
  public static Dataset<Row> of(
      Dataset<Row> changes, List<String> key, List<String> columns, String op) {
    Column isDelete = col(CHANGE_TYPE).equalTo("delete");
    Column[] keys = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> ranked =
        changes
            .where(col(CHANGE_TYPE).notEqual("update_preimage"))
            .withColumn(
                "_net_rank",
                row_number()
                    .over(
                        Window.partitionBy(keys)
                            .orderBy(col(COMMIT_VERSION).desc(), when(isDelete, 1).otherwise(0))));
    List<Column> out = new ArrayList<>();
    columns.forEach(c -> out.add(col(c)));
    out.add(when(isDelete, lit(DELETE)).otherwise(lit(UPSERT)).as(op));
    return ranked.where(col("_net_rank").equalTo(1)).select(out.toArray(Column[]::new));
  }

  /** A whole table as upserts, for a full reload. */
  public static Dataset<Row> allUpserts(Dataset<Row> table, List<String> columns, String op) {
    List<Column> out = new ArrayList<>();
    columns.forEach(c -> out.add(col(c)));
    out.add(lit(UPSERT).as(op));
    return table.select(out.toArray(Column[]::new));
  }
}
