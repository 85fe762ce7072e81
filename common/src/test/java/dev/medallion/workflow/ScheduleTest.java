package dev.medallion.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.workflow.Schedule.Fire;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which scheduled triggers fire next, from an instant or a clock. */
class ScheduleTest {

  private static final String TRIGGERS =
      """
      {"workflow": {"name": "wf"},
       "jobs": {"ingest": {"command": "ingest"}, "maintain": {"command": "maintenance"},
                "curate": {"command": "curate"}},
       "triggers": [
         {"name": "start", "type": "ON_DEMAND", "actions": [{"job_name": "ingest"}]},
         {"name": "hourly", "type": "SCHEDULED", "schedule": "cron(15 * * * ? *)",
          "actions": [{"job_name": "ingest"}]},
         {"name": "nightly", "type": "SCHEDULED", "schedule": "cron(15 2 * * ? *)",
          "actions": [{"job_name": "maintain"}, {"job_name": "curate"}]},
         {"name": "monthly", "type": "SCHEDULED", "schedule": "cron(0 3 L * ? *)",
          "actions": [{"job_name": "maintain"}]},
         {"name": "retired", "type": "SCHEDULED", "schedule": "cron(0 0 1 1 ? 2020)",
          "actions": [{"job_name": "maintain"}]}
       ]}
      """;

  private final Schedule schedule = new Schedule(WorkflowDefinition.parse(TRIGGERS, "test.json"));

  private static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  void theShippedWorkflowIngestsAtMinute15OfEveryHour() {
    var shipped = new Schedule(WorkflowDefinition.load(WorkflowDefinitionTest.SHIPPED));

    assertThat(shipped.firstToFire(at("2026-11-21T10:00:00Z")))
        .containsExactly(new Fire("hourly-ingest", at("2026-11-21T10:15:00Z"), List.of("ingest")));
    // Strictly after: a trigger due at that very minute fires the next time.
    assertThat(shipped.firstToFire(at("2026-11-21T10:15:00Z")))
        .extracting(Fire::at)
        .containsExactly(at("2026-11-21T11:15:00Z"));
    assertThat(shipped.firstToFire(at("2026-12-31T23:50:00Z")))
        .extracting(Fire::at)
        .containsExactly(at("2027-01-01T00:15:00Z"));
  }

  @Test
  void listsTheNextFireOfEachTriggerEarliestFirst() {
    assertThat(schedule.nextFires(at("2026-11-30T02:20:00Z")))
        .extracting(Fire::trigger, Fire::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("monthly", at("2026-11-30T03:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("hourly", at("2026-11-30T03:15:00Z")),
            org.assertj.core.groups.Tuple.tuple("nightly", at("2026-12-01T02:15:00Z")));
    assertThat(schedule.firstToFire(at("2026-11-30T02:20:00Z")))
        .extracting(Fire::trigger)
        .containsExactly("monthly");
  }

  @Test
  void triggersDueTheSameMinuteAreAllListedInDefinitionOrder() {
    assertThat(schedule.firstToFire(at("2026-11-21T02:00:00Z")))
        .extracting(Fire::trigger, Fire::at, Fire::jobs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "hourly", at("2026-11-21T02:15:00Z"), List.of("ingest")),
            org.assertj.core.groups.Tuple.tuple(
                "nightly", at("2026-11-21T02:15:00Z"), List.of("maintain", "curate")));
  }

  @Test
  void aTriggerThatNeverFiresAgainHasNoTimes() {
    var retired = schedule.triggers().get(3);
    assertThat(retired.name()).isEqualTo("retired");
    assertThat(schedule.next(retired, at("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(schedule.upcoming(retired, at("2026-01-01T00:00:00Z"), 3)).isEmpty();
    assertThat(schedule.nextFires(at("2026-01-01T00:00:00Z")))
        .extracting(Fire::trigger)
        .doesNotContain("retired");
  }

  @Test
  void upcomingListsTimesInOrder() {
    var monthly = schedule.triggers().get(2);
    assertThat(schedule.upcoming(monthly, at("2028-01-31T03:00:00Z"), 3))
        .containsExactly(
            at("2028-02-29T03:00:00Z"), at("2028-03-31T03:00:00Z"), at("2028-04-30T03:00:00Z"));
  }

  @Test
  void aClockSaysWhenNowIs() {
    Clock clock = Clock.fixed(at("2026-11-21T10:16:00Z"), ZoneOffset.UTC);
    assertThat(schedule.firstToFire(clock))
        .extracting(Fire::trigger, Fire::at)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("hourly", at("2026-11-21T11:15:00Z")));
    assertThat(schedule.nextFires(clock)).hasSize(3);
  }

  @Test
  void nothingFiresWhenAllAreRetired() {
    String json =
        TRIGGERS
            .replace("cron(15 * * * ? *)", "cron(15 * * * ? 2020)")
            .replace("cron(15 2 * * ? *)", "cron(15 2 * * ? 2020)")
            .replace("cron(0 3 L * ? *)", "cron(0 3 L * ? 2020)");
    var retired = new Schedule(WorkflowDefinition.parse(json, "test.json"));
    assertThat(retired.firstToFire(at("2026-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void onlyScheduledTriggersHaveTimes() {
    var definition = WorkflowDefinition.parse(TRIGGERS, "test.json");
    var onDemand = definition.trigger("start").orElseThrow();
    assertThat(schedule.triggers())
        .extracting(t -> t.name())
        .containsExactly("hourly", "nightly", "monthly", "retired");
    assertThatThrownBy(() -> schedule.next(onDemand, at("2026-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
