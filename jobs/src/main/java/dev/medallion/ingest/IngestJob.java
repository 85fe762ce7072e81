package dev.medallion.ingest;

import static dev.medallion.contract.Columns.*;
import static org.apache.spark.sql.functions.*;

import dev.medallion.config.IngestConfig;
import dev.medallion.contract.LakeTable;
import dev.medallion.contract.Reasons;
import dev.medallion.contract.RecordType;
import dev.medallion.contract.Schemas;
import dev.medallion.lake.HadoopFiles;
import dev.medallion.lake.Lake;
import dev.medallion.lake.Txn;
import dev.medallion.landing.LandingFile;
import dev.medallion.landing.LandingKind;
import dev.medallion.landing.LandingReader;
import dev.medallion.run.Faults;
import dev.medallion.run.FileCounts;
import dev.medallion.run.Progress;
import dev.medallion.run.RecordCounts;
import dev.medallion.run.RunSummaries;
import dev.medallion.run.RunSummary;
import dev.medallion.state.FileMark;
import dev.medallion.state.JobState;
import dev.medallion.state.JobStateStore;
import dev.medallion.state.RunPlan;
import dev.medallion.transform.Deduplication;
import dev.medallion.transform.EventCleansing;
import dev.medallion.transform.ReferenceCleansing;
import dev.medallion.validate.ReferenceKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch ingest/cleanse job: landing files to raw, cleansed and quarantine.
 *
 * <p>A run: plan (pick the files no earlier run processed, fix the run number and ingest time, and
 * write the plan before any table); read; validate; deduplicate; check that the counts balance;
 * write every table with the run's Delta transaction id; commit the job state. A run that dies
 * before its commit is done again from its plan by the next run, writing the same rows, and the
 * commits it already made are skipped by Delta: the tables end as if it had never died.
 */
public final class IngestJob {
  public static final String JOB = "ingest";
  static final String MAX_EVENT_TS = "max_event_ts_micros";
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final Progress progress;

  public IngestJob(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  public RunSummary run(IngestConfig config) {
    long started = System.currentTimeMillis();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    if (!files.isDirectory(config.landing().uri())) {
      throw new LandingNotFoundException(config.landing().uri());
    }
    Lake lake = new Lake(spark, config.lake());
    JobStateStore store = new JobStateStore(files, config.lake().uri(), JOB);
    LandingReader reader = new LandingReader(spark);
    JobState state = store.current();

    Map<String, List<String>> ignored = new LinkedHashMap<>();
    RunPlan plan = plan(config, store, state, reader, ignored);
    progress.step(
        String.format(
            "run %s: %d event, %d user, %d transaction files to read%s",
            plan.runId(),
            plan.files(LandingKind.EVENTS.directory()).size(),
            plan.files(LandingKind.USERS.directory()).size(),
            plan.files(LandingKind.TRANSACTIONS.directory()).size(),
            plan.reprocessAll() ? " (reprocessing everything)" : ""));
    for (LakeTable table :
        List.of(
            LakeTable.RAW_EVENTS,
            LakeTable.CLEANSED_EVENTS,
            LakeTable.CLEANSED_USERS,
            LakeTable.CLEANSED_TRANSACTIONS,
            LakeTable.QUARANTINE_RECORDS)) {
      lake.ensure(table);
    }

    RunContext run = new RunContext(plan);
    UuidIndex index = new UuidIndex(files, config.lake());
    List<Dataset<?>> cached = new ArrayList<>();
    try {
      EventsOutcome events = events(run, reader, lake, index, state, config, cached);
      Map<ReferenceKind, ReferenceOutcome> references = new LinkedHashMap<>();
      for (ReferenceKind kind : ReferenceKind.values()) {
        references.put(kind, reference(run, reader, kind, cached));
      }

      Map<String, RecordCounts> records = new LinkedHashMap<>();
      records.put(LandingKind.EVENTS.directory(), events.counts());
      references.forEach((kind, outcome) -> records.put(kind.directory(), outcome.counts()));
      records.forEach(
          (kind, counts) -> {
            if (!counts.balanced()) {
              throw new IllegalStateException(
                  String.format(
                      "the %s counts do not balance: read %d != cleansed %d + duplicates %d +"
                          + " quarantined %d. Nothing was written. This is a bug in Medallion:"
                          + " report it with the run's landing files.",
                      kind,
                      counts.read(),
                      counts.cleansed(),
                      counts.duplicates(),
                      counts.quarantined()));
            }
          });

      Faults.point("ingest.before-writes");
      progress.step("writing raw, cleansed and quarantine");
      Txn txn = new Txn("medallion." + JOB, plan.run());
      boolean overwrite = plan.reprocessAll();
      write(lake, LakeTable.RAW_EVENTS, events.raw(), events.counts().read(), txn, overwrite);
      Dataset<Row> quarantine = events.quarantine();
      long quarantined = events.counts().quarantined() + events.failedFiles().size();
      for (ReferenceOutcome outcome : references.values()) {
        quarantine = quarantine.unionByName(outcome.quarantine());
        quarantined += outcome.counts().quarantined() + outcome.failedFiles().size();
      }
      Faults.point("ingest.raw-written");
      write(lake, LakeTable.QUARANTINE_RECORDS, quarantine, quarantined, txn, overwrite);
      Faults.point("ingest.quarantine-written");
      write(
          lake,
          LakeTable.CLEANSED_EVENTS,
          events.cleansed(),
          events.counts().cleansed(),
          txn,
          overwrite);
      Faults.point("ingest.cleansed-written");
      for (Map.Entry<ReferenceKind, ReferenceOutcome> e : references.entrySet()) {
        LakeTable table =
            e.getKey() == ReferenceKind.USERS
                ? LakeTable.CLEANSED_USERS
                : LakeTable.CLEANSED_TRANSACTIONS;
        if (plan.reprocessAll()) {
          lake.overwrite(table, e.getValue().cleansed(), txn);
        } else if (e.getValue().counts().cleansed() > 0) {
          lake.upsert(table, e.getValue().cleansed(), e.getKey().key(), txn);
        }
      }
      Faults.point("ingest.references-written");
      if (plan.reprocessAll()) {
        index.clear();
      }
      index.write(plan.run(), events.cleansed(), events.counts().cleansed());

      Map<String, FileCounts> fileCounts = new LinkedHashMap<>();
      Map<String, Map<String, FileMark>> processed = new TreeMap<>();
      for (LandingKind kind : LandingKind.values()) {
        List<LandingFile> planned = plan.files(kind.directory());
        Map<String, String> failed =
            kind == LandingKind.EVENTS
                ? events.failedFiles()
                : references.get(referenceKind(kind)).failedFiles();
        Map<String, FileMark> marks = new TreeMap<>();
        for (LandingFile f : planned) {
          if (!failed.containsKey(f.path())) {
            marks.put(f.path(), new FileMark(f.size(), f.modificationTime(), plan.run()));
          }
        }
        processed.put(kind.directory(), marks);
        fileCounts.put(
            kind.directory(),
            new FileCounts(
                marks.size(),
                List.copyOf(failed.values()),
                ignored.getOrDefault(kind.directory(), List.of())));
      }

      Map<String, String> values = new TreeMap<>();
      if (events.maxEventTsMicros() != null) {
        long previous =
            plan.reprocessAll() ? Long.MIN_VALUE : maxEventTsMicros(state, Long.MIN_VALUE);
        values.put(MAX_EVENT_TS, Long.toString(Math.max(previous, events.maxEventTsMicros())));
      }
      JobState base = plan.reprocessAll() ? JobState.initial(JOB) : state;
      JobState next =
          new JobState(JOB, state.version(), base.lastRun(), base.sources(), base.values())
              .next(plan.run(), processed, values);

      RunSummary summary =
          new RunSummary(
              JOB,
              plan.runId(),
              plan.run(),
              "SUCCEEDED",
              Instant.ofEpochMilli(plan.startedAt()).toString(),
              System.currentTimeMillis() - started,
              fileCounts,
              records,
              Map.of(),
              events.watermark() == null ? null : events.watermark().toString(),
              failedMessage(fileCounts));
      Faults.point("ingest.index-written");
      RunSummaries.write(files, config.lake(), summary);
      Faults.point("ingest.before-commit");
      store.commit(next);
      return summary;
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private static String failedMessage(Map<String, FileCounts> files) {
    long failed = files.values().stream().mapToLong(f -> f.failed().size()).sum();
    return failed == 0
        ? null
        : failed
            + " file(s) could not be read; they are in quarantine.records (record_type 'file')"
            + " and will be read again by the next run.";
  }

  private static ReferenceKind referenceKind(LandingKind kind) {
    return kind == LandingKind.USERS ? ReferenceKind.USERS : ReferenceKind.TRANSACTIONS;
  }

  /** Appends, or overwrites when reprocessing everything; an empty append makes no commit. */
  private static void write(
      Lake lake, LakeTable table, Dataset<Row> rows, long count, Txn txn, boolean overwrite) {
    if (overwrite) {
      lake.overwrite(table, rows, txn);
    } else if (count > 0) {
      lake.append(table, rows, txn);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Planning

  private RunPlan plan(
      IngestConfig config,
      JobStateStore store,
      JobState state,
      LandingReader reader,
      Map<String, List<String>> ignored) {
    Map<String, List<LandingFile>> toRead = new LinkedHashMap<>();
    for (LandingKind kind : LandingKind.values()) {
      LandingReader.Listing listing = reader.list(config.landing().uri(), kind);
      ignored.put(kind.directory(), listing.ignored());
      Map<String, FileMark> done = config.reprocessAll() ? Map.of() : state.files(kind.directory());
      toRead.put(kind.directory(), listing.files().stream().filter(f -> isNew(f, done)).toList());
    }
    var pending = store.pendingPlan();
    if (pending.isPresent()) {
      RunPlan p = pending.get();
      if (p.baseVersion() == state.version() && p.run() == state.lastRun() + 1) {
        progress.step(
            "run "
                + p.runId()
                + " did not finish; doing it again from its plan before anything new");
        return p;
      }
      store.discardPlan();
    }
    long run = state.lastRun() + 1;
    long startedAt = System.currentTimeMillis();
    String runId = String.format("%06d-%s", run, RUN_TIME.format(Instant.ofEpochMilli(startedAt)));
    RunPlan plan =
        new RunPlan(
            JOB, run, runId, state.version(), startedAt, config.reprocessAll(), toRead, Map.of());
    store.savePlan(plan);
    return plan;
  }

  /** A file is new when no committed run processed it, or when it changed since. */
  static boolean isNew(LandingFile file, Map<String, FileMark> done) {
    FileMark mark = done.get(file.path());
    return mark == null
        || mark.size() != file.size()
        || mark.modificationTime() != file.modificationTime();
  }

  private static long maxEventTsMicros(JobState state, long orElse) {
    String value = state.values().get(MAX_EVENT_TS);
    return value == null ? orElse : Long.parseLong(value);
  }

  /** The run's constant lineage columns. */
  private record RunContext(RunPlan plan) {
    Dataset<Row> withLineage(Dataset<Row> landed) {
      Instant at = Instant.ofEpochMilli(plan.startedAt());
      return landed
          .withColumn(INGESTED_AT, lit(Timestamp.from(at)))
          .withColumn(RUN_ID, lit(plan.runId()))
          .withColumn(INGEST_RUN, lit(plan.run()))
          .withColumn(
              INGEST_DATE, lit(java.sql.Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC))));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private record EventsOutcome(
      Dataset<Row> raw,
      Dataset<Row> cleansed,
      Dataset<Row> quarantine,
      RecordCounts counts,
      Map<String, String> failedFiles,
      Long maxEventTsMicros,
      Instant watermark) {}

  private EventsOutcome events(
      RunContext run,
      LandingReader reader,
      Lake lake,
      UuidIndex index,
      JobState state,
      IngestConfig config,
      List<Dataset<?>> cached) {
    RunPlan plan = run.plan();
    List<LandingFile> eventFiles = plan.files(LandingKind.EVENTS.directory());
    progress.step("reading " + eventFiles.size() + " event file(s)");
    Dataset<Row> landed = cache(run.withLineage(reader.readLines(eventFiles)), cached);
    Map<String, String> failedFiles = failedFiles(landed);
    Dataset<Row> good = withoutFiles(landed, failedFiles.keySet());

    Dataset<Row> raw = EventCleansing.select(good, Schemas.RAW_EVENTS);
    progress.step("validating events");
    Dataset<Row> validated = cache(EventCleansing.withValidation(good), cached);
    Dataset<Row> rejected = EventCleansing.filterRejected(validated);
    Dataset<Row> valid = EventCleansing.filterValid(validated);

    progress.step("deduplicating events");
    Dataset<Row> firstInBatch = Deduplication.filterFirstInBatch(valid);
    Dataset<Row> unique =
        plan.reprocessAll()
            ? firstInBatch
            : Deduplication.filterUnseen(
                firstInBatch,
                index.seen(firstInBatch, lake.read(LakeTable.CLEANSED_EVENTS), plan.run()));
    unique = cache(unique, cached);

    // The watermark: the newest event time seen so far (earlier runs and this one) less the
    // threshold. It depends only on the plan and the committed state, so a redo finds the same.
    Row maxRow = unique.agg(max(col(EVENT_TS))).head();
    Long batchMax = maxRow.isNullAt(0) ? null : toMicros(maxRow.get(0));
    long historyMax =
        plan.reprocessAll() ? Long.MIN_VALUE : maxEventTsMicros(state, Long.MIN_VALUE);
    Long newest =
        batchMax == null
            ? (historyMax == Long.MIN_VALUE ? null : historyMax)
            : Math.max(batchMax, historyMax);
    Instant watermark =
        newest == null
            ? null
            : Instant.EPOCH.plus(newest, ChronoUnit.MICROS).minus(config.lateThreshold());
    Dataset<Row> flagged = EventCleansing.withLateFlag(unique, watermark);
    Dataset<Row> lateQuarantined =
        EventCleansing.filterLateToQuarantine(flagged, config.latePolicy());
    Dataset<Row> cleansed =
        cache(
            EventCleansing.toCleansed(EventCleansing.filterLateKept(flagged, config.latePolicy())),
            cached);

    Dataset<Row> quarantinedEvents =
        cache(
            EventCleansing.toQuarantine(
                rejected.unionByName(lateQuarantined, true), RecordType.EVENT),
            cached);
    Dataset<Row> fileFailures = fileFailureRows(landed, failedFiles.keySet());

    long read = raw.count();
    long validCount = valid.count();
    long uniqueCount = unique.count();
    long cleansedCount = cleansed.count();
    long quarantinedCount = quarantinedEvents.count();
    long late = flagged.where(col(IS_LATE)).count();
    RecordCounts counts =
        new RecordCounts(
            read,
            cleansedCount,
            validCount - uniqueCount,
            quarantinedCount,
            late,
            reasonCounts(quarantinedEvents));
    return new EventsOutcome(
        raw,
        cleansed,
        quarantinedEvents.unionByName(fileFailures),
        counts,
        failedFiles,
        batchMax,
        watermark);
  }

  private static long toMicros(Object timestamp) {
    Instant instant = timestamp instanceof Instant i ? i : ((Timestamp) timestamp).toInstant();
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  // ---------------------------------------------------------------------------------------------
  // Users and transactions

  private record ReferenceOutcome(
      Dataset<Row> cleansed,
      Dataset<Row> quarantine,
      RecordCounts counts,
      Map<String, String> failedFiles) {}

  private ReferenceOutcome reference(
      RunContext run, LandingReader reader, ReferenceKind kind, List<Dataset<?>> cached) {
    List<LandingFile> kindFiles = run.plan().files(kind.directory());
    progress.step("reading " + kindFiles.size() + " " + kind.directory() + " file(s)");
    Dataset<Row> landed = cache(run.withLineage(reader.readCsvRecords(kindFiles)), cached);
    Map<String, String> failedFiles = failedFiles(landed);
    Dataset<Row> good = withoutFiles(landed, failedFiles.keySet());
    Dataset<Row> validated = cache(ReferenceCleansing.withValidation(good, kind), cached);
    Dataset<Row> valid = EventCleansing.filterValid(validated);
    Dataset<Row> latest = cache(ReferenceCleansing.filterLatestPerKey(valid, kind), cached);
    Dataset<Row> quarantined =
        EventCleansing.toQuarantine(EventCleansing.filterRejected(validated), kind.recordType());
    long read = good.count();
    long validCount = valid.count();
    long latestCount = latest.count();
    long quarantinedCount = quarantined.count();
    RecordCounts counts =
        new RecordCounts(
            read,
            latestCount,
            validCount - latestCount,
            quarantinedCount,
            0,
            reasonCounts(quarantined));
    return new ReferenceOutcome(
        ReferenceCleansing.toCleansed(latest, kind),
        quarantined.unionByName(fileFailureRows(landed, failedFiles.keySet())),
        counts,
        failedFiles);
  }

  // ---------------------------------------------------------------------------------------------
  // Shared steps

  private static Dataset<Row> cache(Dataset<Row> rows, List<Dataset<?>> cached) {
    Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    return persisted;
  }

  /** File path to the cause, for the files that could not be read to their end. */
  private static Map<String, String> failedFiles(Dataset<Row> landed) {
    Map<String, String> failed = new TreeMap<>();
    for (Row row :
        landed
            .where(col(LINE).equalTo(LandingReader.FILE_FAILURE_LINE))
            .select(SOURCE, READ_ERROR)
            .collectAsList()) {
      failed.put(row.getString(0), row.getString(1));
    }
    return failed;
  }

  private static Dataset<Row> withoutFiles(Dataset<Row> landed, Set<String> failed) {
    return failed.isEmpty() ? landed : landed.where(not(col(SOURCE).isin(failed.toArray())));
  }

  /** One quarantine row per unreadable file; the file's records are retried by a later run. */
  private static Dataset<Row> fileFailureRows(Dataset<Row> landed, Set<String> failed) {
    Dataset<Row> failures =
        landed
            .where(col(LINE).equalTo(LandingReader.FILE_FAILURE_LINE))
            .withColumn(REASONS, array(lit(Reasons.UNREADABLE_FILE)))
            .withColumn(REASON_DETAIL, col(READ_ERROR))
            .withColumn(LINE, lit(null).cast("long"));
    return EventCleansing.toQuarantine(failures, RecordType.FILE);
  }

  private static Map<String, Long> reasonCounts(Dataset<Row> quarantined) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row :
        quarantined
            .select(explode(col(REASONS)).as("reason"))
            .groupBy("reason")
            .count()
            .collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
