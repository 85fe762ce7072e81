package dev.medallion.dedup.index;

import static dev.medallion.contract.Columns.EVENT_UUID;
import static dev.medallion.contract.Columns.RUN_ID;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.config.LakeLocation;
import dev.medallion.contract.LakeTable;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.run.Faults;
import dev.medallion.testing.CleansedRows;
import dev.medallion.testing.SharedSpark;
import io.delta.exceptions.ConcurrentAppendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Two writers of cleansed.events, each checking its uuids against the table and then appending
 * through {@link UniqueAppend}, made to interleave exactly: the second one commits at the first
 * one's {@value UniqueAppend#BEFORE_COMMIT} point, after the first one's check and before its
 * commit. Whatever the order, no uuid is in the table twice, the first one committed keeps it, and
 * the loser reports what it dropped.
 */
@Tag("integration")
class UniqueAppendIT {
  @TempDir Path dir;
  SparkSession spark;
  Lake lake;
  UniqueAppend append;

  @BeforeEach
  void setUp() {
    spark = SharedSpark.get();
    lake = new Lake(spark, LakeLocation.parse("--lake", dir.resolve("lake").toString()));
    lake.ensure(LakeTable.CLEANSED_EVENTS);
    append = new UniqueAppend(lake);
  }

  /** What a writer did: its result and the uuids its check found in the table. */
  record Written(UniqueAppend.Result result, Set<String> checkedAway) {}

  /** A writer: begin, check its uuids against the checked version, commit the rest. */
  Written write(String runId, Txn txn, List<String> uuids) {
    UniqueAppend.Pending pending = append.begin(txn);
    Set<String> held = uuidsAt(pending.checkedVersion());
    List<String> fresh = uuids.stream().filter(u -> !held.contains(u)).toList();
    Set<String> checkedAway = new HashSet<>(uuids);
    checkedAway.removeAll(fresh);
    return new Written(
        pending.commit(CleansedRows.of(spark, runId, fresh)), Set.copyOf(checkedAway));
  }

  Set<String> uuidsAt(long version) {
    Set<String> uuids = new HashSet<>();
    lake.readAt(LakeTable.CLEANSED_EVENTS, version).select(EVENT_UUID).collectAsList().stream()
        .map(r -> r.getString(0))
        .forEach(uuids::add);
    return uuids;
  }

  /** Every uuid of the table, with the run of its row; fails if a uuid is there twice. */
  Map<String, String> table() {
    Map<String, String> runs = new HashMap<>();
    for (Row row :
        lake.read(LakeTable.CLEANSED_EVENTS).select(EVENT_UUID, RUN_ID).collectAsList()) {
      String before = runs.put(row.getString(0), row.getString(1));
      assertThat(before).as("a second row of %s", row.getString(0)).isNull();
    }
    return runs;
  }

  /** Runs {@code action} the first time the point is reached, and never again. */
  static Faults.Hook once(Runnable action) {
    AtomicInteger calls = new AtomicInteger();
    return Faults.onPoint(
        UniqueAppend.BEFORE_COMMIT,
        () -> {
          if (calls.getAndIncrement() == 0) {
            action.run();
          }
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream", "batch"})
  void aWriterThatCommitsBetweenAnothersCheckAndItsCommitKeepsTheOverlap(String outer) {
    String inner = outer.equals("stream") ? "batch" : "stream";
    List<String> outerUuids = CleansedRows.uuids(0, 100);
    List<String> innerUuids = CleansedRows.uuids(50, 150);
    long before = lake.version(LakeTable.CLEANSED_EVENTS);
    List<Written> innerWrite = new ArrayList<>();

    Written outerWrite;
    try (Faults.Hook hook =
        once(() -> innerWrite.add(write(inner, new Txn(inner, 1), innerUuids)))) {
      outerWrite = write(outer, new Txn(outer, 1), outerUuids);
    }

    // The inner writer checked the same version, found nothing, and committed first.
    assertThat(innerWrite).hasSize(1);
    assertThat(innerWrite.get(0).checkedAway()).isEmpty();
    assertThat(innerWrite.get(0).result())
        .isEqualTo(new UniqueAppend.Result(before + 1, 100, Set.of()));
    // The outer one's commit was refused; it dropped the 50 uuids the inner one holds now.
    Set<String> overlap = Set.copyOf(CleansedRows.uuids(50, 100));
    assertThat(outerWrite.checkedAway()).isEmpty();
    assertThat(outerWrite.result()).isEqualTo(new UniqueAppend.Result(before + 2, 50, overlap));
    // Counts balance for each: read = committed + dropped (+ checked away).
    assertThat(outerWrite.result().rowsCommitted() + outerWrite.result().droppedUuids().size())
        .isEqualTo(outerUuids.size());

    Map<String, String> table = table();
    assertThat(table).hasSize(150);
    CleansedRows.uuids(0, 50).forEach(u -> assertThat(table).containsEntry(u, outer));
    CleansedRows.uuids(50, 150).forEach(u -> assertThat(table).containsEntry(u, inner));

    List<Lake.Commit> commits = lake.history(LakeTable.CLEANSED_EVENTS, before + 1, before + 2);
    assertThat(commits).extracting(Lake.Commit::operation).containsOnly("WRITE");
    assertThat(commits.get(1).parameters()).containsEntry("mode", "Append");
    assertThat(commits.get(1).metrics()).containsEntry("numOutputRows", "50");
    assertThat(orphanDataFiles()).isEmpty();
  }

  @Test
  void writersWithNoUuidInCommonBothCommitEveryRowOfTheirsWithoutRewritingIt() {
    long before = lake.version(LakeTable.CLEANSED_EVENTS);
    List<Written> innerWrite = new ArrayList<>();
    Written outerWrite;
    try (Faults.Hook hook =
        once(() -> innerWrite.add(write("b", new Txn("b", 1), CleansedRows.uuids(100, 200))))) {
      outerWrite = write("a", new Txn("a", 1), CleansedRows.uuids(0, 100));
    }

    assertThat(innerWrite.get(0).result())
        .isEqualTo(new UniqueAppend.Result(before + 1, 100, Set.of()));
    assertThat(outerWrite.result()).isEqualTo(new UniqueAppend.Result(before + 2, 100, Set.of()));
    assertThat(table()).hasSize(200);
    assertThat(orphanDataFiles()).isEmpty();
  }

  @Test
  void aWriteDoneAgainWithTheSameTxnWritesNothing() {
    Written first = write("a", new Txn("a", 3), CleansedRows.uuids(0, 10));
    long version = lake.version(LakeTable.CLEANSED_EVENTS);
    assertThat(first.result().version()).isEqualTo(version);

    for (long done : new long[] {3, 2}) {
      UniqueAppend.Pending redo = append.begin(new Txn("a", done));
      assertThat(redo.alreadyCommitted()).as("txn a/%d", done).isTrue();
      assertThat(redo.checkedVersion()).isEqualTo(version);
      assertThat(redo.commit(CleansedRows.of(spark, "a", CleansedRows.uuids(10, 20))))
          .isEqualTo(new UniqueAppend.Result(version, 0, Set.of()));
    }
    assertThat(lake.version(LakeTable.CLEANSED_EVENTS)).isEqualTo(version);
    assertThat(table()).hasSize(10);

    UniqueAppend.Pending next = append.begin(new Txn("a", 4));
    assertThat(next.alreadyCommitted()).isFalse();
    assertThat(append.begin(new Txn("other", 3)).alreadyCommitted()).isFalse();
    assertThat(next.commit(CleansedRows.of(spark, "a", CleansedRows.uuids(10, 20))).version())
        .isEqualTo(version + 1);
    assertThatThrownBy(() -> next.commit(CleansedRows.of(spark, "a", List.of())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBlindAppendByAnotherWriterAlsoMakesTheCommitRetry() {
    // The table says Serializable, and Delta 3.3 takes no weaker level: a commit that read the
    // table conflicts even with a blind append (WriteSerializable would let it through).
    DeltaLog log = DeltaLog.forTable(spark, lake.path(LakeTable.CLEANSED_EVENTS));
    assertThat(
            log.update(false, scala.Option.empty(), scala.Option.empty())
                .metadata()
                .configuration()
                .get("delta.isolationLevel")
                .get())
        .isEqualTo("Serializable");
    assertThatThrownBy(
            () ->
                spark.sql(
                    "ALTER TABLE delta.`"
                        + lake.path(LakeTable.CLEANSED_EVENTS)
                        + "` SET TBLPROPERTIES ('delta.isolationLevel' = 'WriteSerializable')"))
        .hasMessageContaining("must be Serializable");

    long before = lake.version(LakeTable.CLEANSED_EVENTS);
    Written write;
    try (Faults.Hook hook =
        once(
            () ->
                lake.append(
                    LakeTable.CLEANSED_EVENTS,
                    CleansedRows.of(spark, "blind", CleansedRows.uuids(90, 110)),
                    new Txn("blind", 1)))) {
      write = write("a", new Txn("a", 1), CleansedRows.uuids(0, 100));
    }

    assertThat(write.result())
        .isEqualTo(
            new UniqueAppend.Result(before + 2, 90, Set.copyOf(CleansedRows.uuids(90, 100))));
    Map<String, String> table = table();
    assertThat(table).hasSize(110);
    CleansedRows.uuids(90, 110).forEach(u -> assertThat(table).containsEntry(u, "blind"));
  }

  /**
   * The maintenance job compacts cleansed.events while the stream appends to it. An OPTIMIZE commit
   * changes no data (its files are {@code dataChange=false}) but rewrites files, and Delta refuses
   * a transaction that read the whole table once such a commit came in between: the write must
   * retry, drop nothing (the files OPTIMIZE added hold no new uuid) and commit every row of its own
   * once.
   */
  @Test
  void anOptimizeBetweenTheCheckAndTheCommitMakesTheCommitRetryAndLoseNothing() {
    for (int i = 0; i < 3; i++) {
      lake.append(
          LakeTable.CLEANSED_EVENTS,
          CleansedRows.of(spark, "small", CleansedRows.uuids(200 + 10 * i, 210 + 10 * i)),
          new Txn("small", i + 1));
    }
    long before = lake.version(LakeTable.CLEANSED_EVENTS);
    List<Throwable> refusals = new ArrayList<>();
    Written write;
    try (Faults.Hook hook =
            once(
                () ->
                    io.delta.tables.DeltaTable.forPath(spark, lake.path(LakeTable.CLEANSED_EVENTS))
                        .optimize()
                        .executeCompaction());
        Faults.Hook seen =
            Faults.onPoint(UniqueAppend.BEFORE_COMMIT, () -> refusals.add(new Throwable()))) {
      write = write("stream", new Txn("stream", 1), CleansedRows.uuids(0, 100));
    }

    // Checked at `before`, refused once because OPTIMIZE removed files the write had read, then
    // committed on top of the OPTIMIZE with the same files and nothing dropped.
    assertThat(refusals).hasSize(2);
    assertThat(write.result()).isEqualTo(new UniqueAppend.Result(before + 2, 100, Set.of()));
    List<Lake.Commit> commits = lake.history(LakeTable.CLEANSED_EVENTS, before + 1, before + 2);
    assertThat(commits).extracting(Lake.Commit::operation).containsExactly("OPTIMIZE", "WRITE");
    Map<String, String> table = table();
    assertThat(table).hasSize(130);
    CleansedRows.uuids(0, 100).forEach(u -> assertThat(table).containsEntry(u, "stream"));
    assertThat(orphanDataFiles()).isEmpty();
  }

  /**
   * The mechanism on Delta's API: a commit that read the whole table is refused once a concurrent
   * OPTIMIZE rewrote files. Delta 3.3 checks the files the OPTIMIZE added (though {@code
   * dataChange=false}) before the ones it removed, so the refusal is a {@code
   * ConcurrentAppendException} naming the OPTIMIZE, not a {@code ConcurrentDeleteReadException};
   * both are {@code ConcurrentModificationException}s, which {@link UniqueAppend} retries. A blind
   * append goes through.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void deltaRefusesACommitThatReadTheTableOnceAnOptimizeRemovedFiles(boolean readWholeTable) {
    for (int i = 0; i < 2; i++) {
      lake.append(
          LakeTable.CLEANSED_EVENTS,
          CleansedRows.of(spark, "small", CleansedRows.uuids(10 * i, 10 * i + 10)),
          new Txn("small", i + 1));
    }
    DeltaLog log = DeltaLog.forTable(spark, lake.path(LakeTable.CLEANSED_EVENTS));
    OptimisticTransaction mine = log.startTransaction(scala.Option.empty(), scala.Option.empty());
    if (readWholeTable) {
      mine.readWholeTable();
    }
    var files = mine.writeFiles(CleansedRows.of(spark, "mine", CleansedRows.uuids(50, 55)));
    io.delta.tables.DeltaTable.forPath(spark, lake.path(LakeTable.CLEANSED_EVENTS))
        .optimize()
        .executeCompaction();
    DeltaOperations.Write op =
        new DeltaOperations.Write(
            SaveMode.Append, scala.Option.empty(), scala.Option.empty(), scala.Option.empty());
    Seq<Action> actions =
        JavaConverters.asScalaBuffer(new ArrayList<Action>(JavaConverters.seqAsJavaList(files)))
            .toList();

    if (readWholeTable) {
      assertThatThrownBy(() -> mine.commit(actions, op))
          .isInstanceOf(java.util.ConcurrentModificationException.class)
          .isInstanceOf(ConcurrentAppendException.class)
          .hasMessageContaining("\"operation\":\"OPTIMIZE\"");
      assertThat(table()).hasSize(20);
    } else {
      mine.commit(actions, op);
      assertThat(table()).hasSize(25);
    }
  }

  @Test
  void aWriterThatLosesEveryAttemptGivesUpWithAClearErrorAndLeavesNoFiles() {
    AtomicInteger others = new AtomicInteger();
    assertThatThrownBy(
            () -> {
              try (Faults.Hook hook =
                  Faults.onPoint(
                      UniqueAppend.BEFORE_COMMIT,
                      () -> {
                        int n = others.incrementAndGet();
                        lake.append(
                            LakeTable.CLEANSED_EVENTS,
                            CleansedRows.of(spark, "other", List.of("other-" + n)),
                            new Txn("other", n));
                      })) {
                write("a", new Txn("a", 1), CleansedRows.uuids(0, 10));
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gave up appending for a/1 after " + UniqueAppend.MAX_ATTEMPTS);

    assertThat(others.get()).isEqualTo(UniqueAppend.MAX_ATTEMPTS);
    assertThat(table()).hasSize(UniqueAppend.MAX_ATTEMPTS);
    assertThat(orphanDataFiles()).isEmpty();
  }

  /**
   * The mechanism itself, on Delta's API: a transaction that declared it read the whole table is
   * refused with a {@code ConcurrentAppendException} once anyone commits data after its snapshot, a
   * blind append included; one that did not (a blind append, as {@code Lake.append} makes) goes
   * through. The same on a table made before {@code Lake.ensure} set {@code delta.isolationLevel}
   * (Serializable is Delta's default).
   */
  @ParameterizedTest
  @CsvSource({"true, true", "false, true", "true, false"})
  void deltaRefusesACommitThatReadTheTableOnceAnotherWriterAddedData(
      boolean readWholeTable, boolean ensured) {
    if (!ensured) {
      lake = new Lake(spark, LakeLocation.parse("--lake", dir.resolve("old-lake").toString()));
      lake.append(
          LakeTable.CLEANSED_EVENTS,
          CleansedRows.of(spark, "old", List.of("old-1")),
          new Txn("old", 1));
      DeltaLog old = DeltaLog.forTable(spark, lake.path(LakeTable.CLEANSED_EVENTS));
      assertThat(
              old.update(false, scala.Option.empty(), scala.Option.empty())
                  .metadata()
                  .configuration()
                  .contains("delta.isolationLevel"))
          .isFalse();
    }
    int before = table().size();
    DeltaLog log = DeltaLog.forTable(spark, lake.path(LakeTable.CLEANSED_EVENTS));
    OptimisticTransaction mine = log.startTransaction(scala.Option.empty(), scala.Option.empty());
    if (readWholeTable) {
      mine.readWholeTable();
    }
    var files = mine.writeFiles(CleansedRows.of(spark, "mine", CleansedRows.uuids(0, 5)));
    lake.append(
        LakeTable.CLEANSED_EVENTS,
        CleansedRows.of(spark, "blind", CleansedRows.uuids(5, 10)),
        new Txn("blind", 1));
    DeltaOperations.Write op =
        new DeltaOperations.Write(
            SaveMode.Append, scala.Option.empty(), scala.Option.empty(), scala.Option.empty());
    Seq<Action> actions =
        JavaConverters.asScalaBuffer(new ArrayList<Action>(JavaConverters.seqAsJavaList(files)))
            .toList();

    if (readWholeTable) {
      assertThatThrownBy(() -> mine.commit(actions, op))
          .isInstanceOf(ConcurrentAppendException.class);
      assertThat(table()).hasSize(before + 5);
    } else {
      mine.commit(actions, op);
      assertThat(table()).hasSize(before + 10);
    }
  }

  /** Data files of the table that no version of its log adds. */
  Set<String> orphanDataFiles() {
    Path table = Path.of(java.net.URI.create(lake.path(LakeTable.CLEANSED_EVENTS)));
    Set<String> inLog = new HashSet<>();
    for (Row row :
        spark
            .read()
            .json(table.resolve("_delta_log").toString() + "/*.json")
            .where(col("add").isNotNull())
            .select("add.path")
            .collectAsList()) {
      inLog.add(row.getString(0));
    }
    Set<String> orphans = new HashSet<>();
    try (Stream<Path> files = Files.walk(table)) {
      files
          .filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log"))
          .map(p -> table.relativize(p).toString())
          .filter(p -> !inLog.contains(p))
          .forEach(orphans::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return orphans;
  }
}
