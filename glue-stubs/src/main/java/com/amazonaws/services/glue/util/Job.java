package com.amazonaws.services.glue.util;

import com.amazonaws.services.glue.GlueContext;
import java.util.Map;
import java.util.Optional;

/**
 * Local stand-in for {@code com.amazonaws.services.glue.util.Job} of the AWS Glue 5.0 library: the
 * job's bookmark lifecycle, {@code Job.init(...)} at the start of a script and {@code Job.commit()}
 * at the end. This module is a provided dependency: on Glue the real class is on the class path and
 * takes over, with the real bookmark service.
 *
 * <p>The real {@code Job} is a Scala {@code object}; these static methods are its forwarders and
 * keep their JVM signatures ({@code init} returns {@link Job$}). A Scala default argument has no
 * JVM method of its own, so there is no {@code init} without {@code args}: pass an empty map.
 *
 * <p>Implemented locally: {@code init} records the current job (its name, its arguments and the
 * bookmark option resolved from them, {@code job-bookmark-disable} when absent) and rejects an
 * unknown bookmark option; a second {@code init} replaces the job, dropping its commit actions.
 * {@code commit} runs the commit actions once, in the order they were registered, and ends the job;
 * a failing action ends it too, and the actions after it do not run. {@code commit} without {@code
 * init} throws {@link IllegalStateException}. {@code reset} ends the job without committing. The
 * return types of {@code commit}, {@code isInitialized} and {@code reset} are not in AWS's
 * documentation; they are taken as {@code Unit}, {@code Boolean} and {@code Unit}. The real {@code
 * runId} is not stubbed.
 *
 * <p>Methods marked <em>stub-only</em> do not exist in the real library: code that must also run on
 * Glue may not call them (it would fail there with {@link NoSuchMethodError}). They serve local
 * wiring and tests; the job's own code reads the bookmark option from its resolved arguments.
 */
public final class Job {

  private Job() {}

  /**
   * Starts the job.
   *
   * @param jobName the job's name, {@code args("JOB_NAME")}
   * @param glueContext the context; unused locally, may be null there
   * @param args the resolved arguments, as a {@code java.util.Map}
   * @return the job object
   * @throws IllegalArgumentException when a name or the arguments are missing, or {@code
   *     job_bookmark_option} is not a bookmark option
   */
  public static Job$ init(String jobName, GlueContext glueContext, Map<String, String> args) {
    return Job$.MODULE$.init(jobName, glueContext, args);
  }

  /**
   * Starts the job against a given Glue endpoint; locally the endpoint is ignored.
   *
   * @see #init(String, GlueContext, Map)
   */
  public static Job$ init(
      String jobName, GlueContext glueContext, String endpoint, Map<String, String> args) {
    return Job$.MODULE$.init(jobName, glueContext, endpoint, args);
  }

  /**
   * Commits the job: on Glue, saves its bookmark state; locally, runs the commit actions in order,
   * then ends the job.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static void commit() {
    Job$.MODULE$.commit();
  }

  /** Whether a job is initialized and not yet committed or reset. */
  public static boolean isInitialized() {
    return Job$.MODULE$.isInitialized();
  }

  /** Ends the current job, if any, without committing: its commit actions never run. */
  public static void reset() {
    Job$.MODULE$.reset();
  }

  /**
   * <em>Stub-only.</em> The current job's name.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static String jobName() {
    return Job$.MODULE$.jobName();
  }

  /**
   * <em>Stub-only.</em> The current job's arguments, as given to {@code init} (unmodifiable).
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static Map<String, String> args() {
    return Job$.MODULE$.args();
  }

  /**
   * <em>Stub-only.</em> The current job's bookmark option: {@code job-bookmark-enable}, {@code
   * job-bookmark-pause} or {@code job-bookmark-disable}.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static String bookmarkOption() {
    return Job$.MODULE$.bookmarkOption();
  }

  /**
   * <em>Stub-only.</em> The run id given as {@code --job-bookmark-from}, if any.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static Optional<String> bookmarkFrom() {
    return Job$.MODULE$.bookmarkFrom();
  }

  /**
   * <em>Stub-only.</em> The run id given as {@code --job-bookmark-to}, if any.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static Optional<String> bookmarkTo() {
    return Job$.MODULE$.bookmarkTo();
  }

  /**
   * <em>Stub-only.</em> Registers an action that the next {@link #commit()} runs, after the ones
   * registered before it; the local stand-in for the bookmark state Glue saves at commit.
   *
   * @throws IllegalStateException when no job is initialized
   */
  public static void onCommit(Runnable action) {
    Job$.MODULE$.onCommit(action);
  }
}
