package dev.medallion.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.medallion.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A change feed reduced to one change per key. */
class NetChangesTest {
  private static final StructType FEED =
      new StructType()
          .add("k", DataTypes.StringType)
          .add("v", DataTypes.IntegerType)
          .add("_change_type", DataTypes.StringType)
          .add("_commit_version", DataTypes.LongType)
          .add("_commit_timestamp", DataTypes.TimestampType);

  private static Row change(String key, int value, String type, long version) {
    return RowFactory.create(key, value, type, version, null);
  }

  /** key -> "op:value" */
  private static Map<String, String> net(List<Row> feed) {
    Dataset<Row> changes = TestSpark.get().createDataFrame(feed, FEED);
    Map<String, String> out = new TreeMap<>();
    NetChanges.of(changes, List.of("k"), List.of("k", "v"), "_op")
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getString(2) + ":" + r.getInt(1)));
    return out;
  }

  @Test
  void theNewestChangeOfEachKeyWins() {
    assertThat(
            net(
                List.of(
                    change("a", 1, "insert", 1),
                    change("a", 2, "insert", 3), // re-inserted later: the newest row wins
                    change("b", 1, "insert", 1),
                    change("b", 1, "delete", 2))))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "U:2", "b", "D:1"));
  }

  @Test
  void aRewriteInOneCommitIsAnUpsertOfTheNewRow() {
    // an overwrite or replaceWhere: the old row deleted, the new one inserted, same version
    assertThat(net(List.of(change("m", 5, "delete", 4), change("m", 7, "insert", 4))))
        .containsExactly(Map.entry("m", "U:7"));
    assertThat(net(List.of(change("m", 7, "insert", 4), change("m", 5, "delete", 4))))
        .containsExactly(Map.entry("m", "U:7"));
  }

  @Test
  void anUpdateTakesItsNewImage() {
    assertThat(
            net(
                List.of(
                    change("u", 1, "update_preimage", 2), change("u", 9, "update_postimage", 2))))
        .containsExactly(Map.entry("u", "U:9"));
  }

  @Test
  void aFullReloadIsEveryRowAsAnUpsert() {
    Dataset<Row> table =
        TestSpark.get()
            .createDataFrame(
                List.of(RowFactory.create("x", 1), RowFactory.create("y", 2)),
                new StructType().add("k", DataTypes.StringType).add("v", DataTypes.IntegerType));
    assertThat(NetChanges.allUpserts(table, List.of("v", "k"), "_op").collectAsList())
        .extracting(Row::toString)
        .containsExactlyInAnyOrder("[1,x,U]", "[2,y,U]");
  }
}
