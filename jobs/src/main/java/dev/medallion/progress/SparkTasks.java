package dev.medallion.progress;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * What Spark's scheduler says while a display is shown: the tasks of the stages running now, and
 * what the running tasks have counted so far into the accumulators of a {@link ReadCounters}
 * (executors send those with their heartbeats, so a file read by a long task shows before the task
 * ends). Called on Spark's listener thread; read by the display's.
 */
final class SparkTasks extends SparkListener {
  /** Per running stage (id and attempt): its tasks, and those that ended. */
  private final Map<String, long[]> stages = new ConcurrentHashMap<>();

  /** Per running task: its stage, and what it had counted at its last heartbeat. */
  private final Map<Long, Partial> running = new ConcurrentHashMap<>();

  /**
   * Per task that ended in a stage still running, that stage: a heartbeat sent before the task
   * ended but reported after it must not count it again.
   */
  private final Map<Long, String> endedTasks = new ConcurrentHashMap<>();

  private record Partial(String stage, Map<Long, Long> counts) {}

  /** Per watched accumulator: what the tasks that ended counted, as their ends were reported. */
  private final Map<Long, AtomicLong> ended = new ConcurrentHashMap<>();

  private final Set<Long> watched = ConcurrentHashMap.newKeySet();

  void watch(Iterable<Long> accumulators) {
    for (Long id : accumulators) {
      ended.putIfAbsent(id, new AtomicLong());
      watched.add(id);
    }
  }

  /** Tasks done and tasks in all of the stages running now. */
  long[] tasks() {
    long done = 0;
    long total = 0;
    for (long[] stage : stages.values()) {
      synchronized (stage) {
        done += stage[0];
        total += stage[1];
      }
    }
    return new long[] {done, total};
  }

  /** What the tasks that ended and the tasks running have counted into {@code accumulator}. */
  long counted(long accumulator) {
    AtomicLong sum = ended.get(accumulator);
    long total = sum == null ? 0 : sum.get();
    for (Partial task : running.values()) {
      total += task.counts().getOrDefault(accumulator, 0L);
    }
    return total;
  }

  private static String key(int stage, int attempt) {
    return stage + "." + attempt;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    stages.put(
        key(event.stageInfo().stageId(), event.stageInfo().attemptNumber()),
        new long[] {0, event.stageInfo().numTasks()});
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    String stage = key(event.stageInfo().stageId(), event.stageInfo().attemptNumber());
    stages.remove(stage);
    running.values().removeIf(task -> task.stage().equals(stage));
    endedTasks.values().removeIf(stage::equals);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    String key = key(event.stageId(), event.stageAttemptId());
    long[] stage = stages.get(key);
    if (stage != null) {
      synchronized (stage) {
        stage[0]++;
      }
    }
    if (watched.isEmpty() || event.taskInfo() == null) {
      return;
    }
    boolean succeeded = event.taskInfo().successful();
    // Its final counts replace its heartbeat's; a failed task's counts are dropped, as Spark's
    // accumulators drop them.
    running.remove(event.taskInfo().taskId());
    if (stage != null) {
      endedTasks.put(event.taskInfo().taskId(), key);
    }
    if (succeeded) {
      for (AccumulableInfo info : JavaConverters.seqAsJavaList(event.taskInfo().accumulables())) {
        AtomicLong sum = ended.get(info.id());
        if (sum != null && info.update().isDefined()) {
          sum.addAndGet(asLong(info.update().get()));
        }
      }
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
    if (watched.isEmpty()) {
      return;
    }
    for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task :
        JavaConverters.seqAsJavaList(event.accumUpdates())) {
      for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
        long taskId = (Long) task._1();
        String stage = key((Integer) task._2(), (Integer) task._3());
        if (watched.contains(info.id())
            && info.update().isDefined()
            && stages.containsKey(stage)
            && !endedTasks.containsKey(taskId)) {
          running
              .computeIfAbsent(taskId, id -> new Partial(stage, new ConcurrentHashMap<>()))
              .counts()
              .put(info.id(), asLong(info.update().get()));
        }
      }
    }
  }

  private static long asLong(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }
}
