package com.amazonaws.services.glue.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** The local job lifecycle: init, commit actions, commit, reset. No Spark: the context is null. */
class JobTest {

  @AfterEach
  void endTheJob() {
    Job.reset();
  }

  @Test
  void initStartsAJobWithItsNameArgumentsAndDefaultBookmarkOption() {
    assertThat(Job.isInitialized()).isFalse();

    Job$ job = Job.init("nightly", null, Map.of("stage", "dev"));

    assertThat(job).isSameAs(Job$.MODULE$);
    assertThat(Job.isInitialized()).isTrue();
    assertThat(Job.jobName()).isEqualTo("nightly");
    assertThat(Job.args()).containsExactly(Map.entry("stage", "dev"));
    assertThat(Job.bookmarkOption()).isEqualTo("job-bookmark-disable");
    assertThat(Job.bookmarkFrom()).isEmpty();
    assertThat(Job.bookmarkTo()).isEmpty();
  }

  @Test
  void initTakesTheBookmarkOptionAndRangeFromResolvedArguments() {
    scala.collection.immutable.Map<String, String> resolved =
        GlueArgParser.getResolvedOptions(
            new String[] {
              "--JOB_NAME", "nightly",
              "--job-bookmark-option", "job-bookmark-pause",
              "--job-bookmark-from", "jr_1",
              "--job-bookmark-to", "jr_2"
            },
            new String[] {"JOB_NAME"});

    Job.init(resolved.apply("JOB_NAME"), null, JavaConverters.mapAsJavaMap(resolved));

    assertThat(Job.bookmarkOption()).isEqualTo("job-bookmark-pause");
    assertThat(Job.bookmarkFrom()).contains("jr_1");
    assertThat(Job.bookmarkTo()).contains("jr_2");
  }

  @Test
  void initWithAnEndpointIsTheSameLocally() {
    Job.init(
        "nightly",
        null,
        "https://glue.example",
        Map.of("job_bookmark_option", "job-bookmark-enable"));

    assertThat(Job.bookmarkOption()).isEqualTo("job-bookmark-enable");
  }

  @Test
  void initRejectsAnUnknownBookmarkOptionNamingTheKeyAndTheChoices() {
    assertThatThrownBy(() -> Job.init("nightly", null, Map.of("job_bookmark_option", "on")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"job_bookmark_option\" is \"on\"")
        .hasMessageContaining("job-bookmark-enable, job-bookmark-pause, job-bookmark-disable");
    assertThat(Job.isInitialized()).isFalse();
  }

  @Test
  void initNeedsANameAndArguments() {
    assertThatThrownBy(() -> Job.init(null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JOB_NAME");
    assertThatThrownBy(() -> Job.init("nightly", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arguments");
  }

  @Test
  void theArgumentsAreACopyThatCannotBeChanged() {
    Map<String, String> args = new java.util.HashMap<>(Map.of("stage", "dev"));
    Job.init("nightly", null, args);
    args.put("stage", "prod");

    assertThat(Job.args()).containsEntry("stage", "dev");
    assertThatThrownBy(() -> Job.args().put("stage", "prod"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void commitRunsTheCommitActionsOnceInOrderAndEndsTheJob() {
    List<String> ran = new ArrayList<>();
    Job.init("nightly", null, Map.of());
    Job.onCommit(() -> ran.add("bookmark"));
    Job.onCommit(() -> ran.add("metrics"));

    Job.commit();

    assertThat(ran).containsExactly("bookmark", "metrics");
    assertThat(Job.isInitialized()).isFalse();
    assertThatThrownBy(Job::commit).isInstanceOf(IllegalStateException.class);
    assertThat(ran).containsExactly("bookmark", "metrics");
  }

  @Test
  void commitWithoutInitFailsSayingToCallInit() {
    assertThatThrownBy(Job::commit)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Job.commit()")
        .hasMessageContaining("Job.init(jobName, glueContext, args)");
  }

  @Test
  void aFailingCommitActionStopsTheCommitAndEndsTheJob() {
    List<String> ran = new ArrayList<>();
    Job.init("nightly", null, Map.of());
    Job.onCommit(() -> ran.add("first"));
    Job.onCommit(
        () -> {
          throw new IllegalStateException("bookmark store unavailable");
        });
    Job.onCommit(() -> ran.add("after the failure"));

    assertThatThrownBy(Job::commit).hasMessage("bookmark store unavailable");

    assertThat(ran).containsExactly("first");
    assertThat(Job.isInitialized()).isFalse();
  }

  @Test
  void resetEndsTheJobWithoutRunningItsCommitActions() {
    List<String> ran = new ArrayList<>();
    Job.init("nightly", null, Map.of());
    Job.onCommit(() -> ran.add("bookmark"));

    Job.reset();

    assertThat(Job.isInitialized()).isFalse();
    Job.init("nightly", null, Map.of());
    Job.commit();
    assertThat(ran).isEmpty();
  }

  @Test
  void aSecondInitReplacesTheJobAndDropsItsCommitActions() {
    List<String> ran = new ArrayList<>();
    Job.init("first", null, Map.of());
    Job.onCommit(() -> ran.add("first"));
    Job.init("second", null, Map.of());
    Job.onCommit(() -> ran.add("second"));

    Job.commit();

    assertThat(ran).containsExactly("second");
  }

  @Test
  void theStubOnlyAccessorsNeedAJob() {
    assertThatThrownBy(() -> Job.onCommit(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Job.onCommit()");
    assertThatThrownBy(Job::jobName).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(Job::bookmarkOption).isInstanceOf(IllegalStateException.class);
  }
}
