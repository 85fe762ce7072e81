package com.amazonaws.services.glue.util;

import com.amazonaws.services.glue.GlueContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The single instance behind {@link Job}: Scala compiles {@code object Job} to this class, {@code
 * Job$}, with the static forwarders on {@link Job}. Its {@code init} returns {@code this.type},
 * which the JVM sees as {@code Job$}; the stub declares the same return type so that a call
 * compiled against it links against the real library on Glue. Use {@link Job}; this class only
 * holds the state.
 *
 * <p>Local stand-in for the AWS Glue 5.0 library (provided dependency; on Glue the real class takes
 * over). See {@link Job} for what is implemented.
 */
public final class Job$ {

  /** The instance, named as Scala names it. */
  public static final Job$ MODULE$ = new Job$();

  private static final List<String> BOOKMARK_VALUES =
      GlueArgParser.BOOKMARK_OPTIONS.subList(1, GlueArgParser.BOOKMARK_OPTIONS.size());

  /** The job between init and commit (or reset); null when there is none. */
  private RunningJob current;

  private Job$() {}

  private static final class RunningJob {
    final String jobName;
    final Map<String, String> args;
    final String bookmarkOption;
    final List<Runnable> commitActions = new ArrayList<>();

    RunningJob(String jobName, Map<String, String> args, String bookmarkOption) {
      this.jobName = jobName;
      this.args = args;
      this.bookmarkOption = bookmarkOption;
    }
  }

  /** See {@link Job#init(String, GlueContext, Map)}. */
  public Job$ init(String jobName, GlueContext glueContext, Map<String, String> args) {
    if (jobName == null) {
      throw new IllegalArgumentException(
          "Job.init needs a job name, and got null: pass args(\"JOB_NAME\") from"
              + " getResolvedOptions(args, [\"JOB_NAME\", ...]).");
    }
    if (args == null) {
      throw new IllegalArgumentException(
          "Job.init needs the job's arguments, and got null: pass the map getResolvedOptions"
              + " returned (as a java.util.Map), or an empty map.");
    }
    String bookmarkOption =
        args.getOrDefault(GlueArgParser.BOOKMARK_OPTION_KEY, GlueArgParser.BOOKMARK_DISABLE);
    if (!BOOKMARK_VALUES.contains(bookmarkOption)) {
      throw new IllegalArgumentException(
          "Job.init: argument \""
              + GlueArgParser.BOOKMARK_OPTION_KEY
              + "\" is \""
              + bookmarkOption
              + "\", not a bookmark option. Use one of "
              + String.join(", ", BOOKMARK_VALUES)
              + ", or leave it out for "
              + GlueArgParser.BOOKMARK_DISABLE
              + ".");
    }
    RunningJob job =
        new RunningJob(
            jobName, Collections.unmodifiableMap(new LinkedHashMap<>(args)), bookmarkOption);
    synchronized (this) {
      current = job;
    }
    return this;
  }

  /** See {@link Job#init(String, GlueContext, String, Map)}. */
  public Job$ init(
      String jobName, GlueContext glueContext, String endpoint, Map<String, String> args) {
    return init(jobName, glueContext, args);
  }

  /** See {@link Job#commit()}. */
  public void commit() {
    RunningJob job;
    List<Runnable> actions;
    synchronized (this) {
      job = running("commit");
      actions = List.copyOf(job.commitActions);
      job.commitActions.clear();
    }
    try {
      for (Runnable action : actions) {
        action.run();
      }
    } finally {
      synchronized (this) {
        if (current == job) {
          current = null;
        }
      }
    }
  }

  /** See {@link Job#isInitialized()}. */
  public synchronized boolean isInitialized() {
    return current != null;
  }

  /** See {@link Job#reset()}. */
  public synchronized void reset() {
    current = null;
  }

  /** Stub-only; see {@link Job#jobName()}. */
  public synchronized String jobName() {
    return running("jobName").jobName;
  }

  /** Stub-only; see {@link Job#args()}. */
  public synchronized Map<String, String> args() {
    return running("args").args;
  }

  /** Stub-only; see {@link Job#bookmarkOption()}. */
  public synchronized String bookmarkOption() {
    return running("bookmarkOption").bookmarkOption;
  }

  /** Stub-only; see {@link Job#bookmarkFrom()}. */
  public synchronized Optional<String> bookmarkFrom() {
    return Optional.ofNullable(running("bookmarkFrom").args.get(GlueArgParser.BOOKMARK_FROM_KEY));
  }

  /** Stub-only; see {@link Job#bookmarkTo()}. */
  public synchronized Optional<String> bookmarkTo() {
    return Optional.ofNullable(running("bookmarkTo").args.get(GlueArgParser.BOOKMARK_TO_KEY));
  }

  /** Stub-only; see {@link Job#onCommit(Runnable)}. */
  public synchronized void onCommit(Runnable action) {
    if (action == null) {
      throw new IllegalArgumentException("Job.onCommit needs an action, and got null.");
    }
    running("onCommit").commitActions.add(action);
  }

  private RunningJob running(String method) {
    if (current == null) {
      throw new IllegalStateException(
          "Job."
              + method
              + "() called with no job initialized: call Job.init(jobName, glueContext, args)"
              + " first (and again after Job.commit() or Job.reset(), which end the job).");
    }
    return current;
  }
}
