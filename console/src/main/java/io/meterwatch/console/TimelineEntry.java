package io.meterwatch.console;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Severity;
import java.time.Instant;

/**
 * What a case's timeline keeps of one case event: what the case page shows of it. An event as read
 * repeats every fact of its case (enterprise, county, outlet, the whole evidence), about 0.7 kB on
 * the heap; the case's record on {@code cases} holds those facts once, so a timeline entry keeps
 * only what changes from event to event (docs/performance.md, "Console read model").
 *
 * @param type the event type
 * @param eventTime its time
 * @param severity severity after it
 * @param status status after it
 * @param actor who acted (team actions), or {@code null}
 * @param note the note (comment, reason, escalation), or {@code null}
 * @param evidence the figures of the window it judged, or {@code null}
 */
public record TimelineEntry(
    CaseEventType type,
    Instant eventTime,
    Severity severity,
    CaseStatus status,
    String actor,
    String note,
    Figures evidence) {

  /**
   * The figures of a judged window.
   *
   * @param value the value
   * @param limit the limit
   * @param unit their unit
   */
  public record Figures(Double value, Double limit, String unit) {}

  /** The entry of an event. */
  static TimelineEntry of(CaseEvent e) {
    Evidence ev = e.evidence();
    Figures f =
        ev == null || (ev.value() == null && ev.limit() == null)
            ? null
            // a handful of units over a million entries: one string each
            : new Figures(ev.value(), ev.limit(), ev.unit() == null ? null : ev.unit().intern());
    return new TimelineEntry(
        e.type(), e.eventTime(), e.severity(), e.status(), e.actor(), e.note(), f);
  }
}
