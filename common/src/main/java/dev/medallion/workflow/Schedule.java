package dev.medallion.workflow;

import dev.medallion.workflow.WorkflowDefinition.Action;
import dev.medallion.workflow.WorkflowDefinition.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When the SCHEDULED triggers of a workflow fire, from a given instant (or a clock's). Times are
 * whole UTC minutes strictly after the instant asked about.
 */
public final class Schedule {
  private final WorkflowDefinition definition;

  public Schedule(WorkflowDefinition definition) {
    this.definition = definition;
  }

  /**
   * One fire of a scheduled trigger.
   *
   * @param trigger the trigger's name
   * @param at when it fires
   * @param jobs the jobs it starts
   */
  public record Fire(String trigger, Instant at, List<String> jobs) {
    public Fire {
      jobs = List.copyOf(jobs);
    }
  }

  /** The scheduled triggers, in definition order. */
  public List<Trigger> triggers() {
    return definition.triggers(TriggerType.SCHEDULED);
  }

  /** When a scheduled trigger next fires after {@code after}; empty if it never fires again. */
  public Optional<Instant> next(Trigger trigger, Instant after) {
    return cron(trigger).next(after);
  }

  /** Up to {@code count} fire times of a scheduled trigger after {@code after}, in order. */
  public List<Instant> upcoming(Trigger trigger, Instant after, int count) {
    AwsCron cron = cron(trigger);
    List<Instant> times = new ArrayList<>();
    Optional<Instant> next = cron.next(after);
    while (next.isPresent() && times.size() < count) {
      times.add(next.get());
      next = cron.next(next.get());
    }
    return times;
  }

  /**
   * The next fire of each scheduled trigger that fires again, earliest first (ties in definition
   * order).
   */
  public List<Fire> nextFires(Instant after) {
    List<Fire> fires = new ArrayList<>();
    for (Trigger trigger : triggers()) {
      next(trigger, after).ifPresent(at -> fires.add(fire(trigger, at)));
    }
    // A stable sort keeps definition order among triggers that fire at the same minute.
    fires.sort(Comparator.comparing(Fire::at));
    return fires;
  }

  /** {@link #nextFires(Instant)} from the clock's current instant. */
  public List<Fire> nextFires(Clock clock) {
    return nextFires(clock.instant());
  }

  /**
   * The trigger that fires next after {@code after}, or all of them when several fire at the same
   * minute; empty when no scheduled trigger fires again.
   */
  public List<Fire> firstToFire(Instant after) {
    List<Fire> fires = nextFires(after);
    if (fires.isEmpty()) {
      return fires;
    }
    Instant first = fires.get(0).at();
    return fires.stream().filter(f -> f.at().equals(first)).toList();
  }

  /** {@link #firstToFire(Instant)} from the clock's current instant. */
  public List<Fire> firstToFire(Clock clock) {
    return firstToFire(clock.instant());
  }

  private static Fire fire(Trigger trigger, Instant at) {
    return new Fire(trigger.name(), at, trigger.actions().stream().map(Action::jobName).toList());
  }

  private static AwsCron cron(Trigger trigger) {
    return trigger
        .schedule()
        .orElseThrow(
            () -> new IllegalArgumentException(trigger.name() + " is not a SCHEDULED trigger"));
  }
}
