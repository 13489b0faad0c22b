package io.meterwatch.core.report;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every event of one case, in the order the case manager published them, and what the reports read
 * from them at a point in time. Reports never judge readings again: hours, days, worst values and
 * statuses all come from the case events.
 */
public final class CaseHistory {
  /** One step of the case's breach count. */
  private record BreachReport(Instant at, int windows, Duration windowLength, Evidence evidence) {}

  private final String caseId;
  private final List<CaseEvent> events = new ArrayList<>();
  private final List<BreachReport> breaches = new ArrayList<>();
  private int lastCount;

  private CaseHistory(String caseId) {
    this.caseId = caseId;
  }

  /**
   * Groups case events (in topic order; a case's events share one partition) by case id. Rejected
   * actions change no case and are left out.
   */
  public static List<CaseHistory> fold(Iterable<CaseEvent> events) {
    Folder f = new Folder();
    for (CaseEvent e : events) {
      f.add(e);
    }
    return f.histories();
  }

  /**
   * The fold of {@link #fold} one event at a time, for a reader that follows the topic (the
   * console). Not thread-safe: the histories change as events are added, so a reader that adds
   * while others build reports must hold one lock for both.
   */
  public static final class Folder {
    private final Map<String, CaseHistory> byId = new LinkedHashMap<>();

    /** Adds the next event of the topic (rejected actions are left out). */
    public void add(CaseEvent e) {
      if (e.type() == CaseEventType.ACTION_REJECTED || e.rule() == null || e.domain() == null) {
        return;
      }
      byId.computeIfAbsent(e.caseId(), CaseHistory::new).add(e);
    }

    /** The cases so far, in the order of their first event. */
    public List<CaseHistory> histories() {
      return List.copyOf(byId.values());
    }
  }

  private void add(CaseEvent e) {
    events.add(e);
    int windows = e.count() - lastCount;
    if (windows > 0) {
      Evidence ev = e.evidence();
      Duration length =
          ev == null || ev.windowEnd() == null
              ? Duration.ofHours(1)
              : Duration.between(ev.windowStart(), ev.windowEnd());
      // The event time is the end of the window that was judged: the window itself lies just
      // before it (the hour 23:00-24:00 of 31 March belongs to March).
      breaches.add(new BreachReport(e.eventTime().minusMillis(1), windows, length, ev));
      lastCount = e.count();
    }
  }

  public String caseId() {
    return caseId;
  }

  private CaseEvent first() {
    return events.get(0);
  }

  private CaseEvent latest() {
    return events.get(events.size() - 1);
  }

  public String rule() {
    return first().rule();
  }

  public Domain domain() {
    return first().domain();
  }

  public String enterprise() {
    return first().enterprise();
  }

  public String enterpriseName() {
    return latest().enterpriseName();
  }

  public String county() {
    return latest().county();
  }

  public String subject() {
    return first().subject();
  }

  public String parameter() {
    return first().parameter();
  }

  /** The criterion of the plan the case counts under, if any. */
  public Optional<Criterion> criterion() {
    return Criterion.of(domain(), rule());
  }

  /** When the case opened (the first event's time). */
  public Instant openedAt() {
    return first().eventTime();
  }

  /** Start of the first breaching window (the first failing month of an energy-quota case). */
  public Instant firstWindowStart() {
    Evidence e = first().evidence();
    return e == null ? openedAt() : e.windowStart();
  }

  /** The due time the case opened with (the rectification deadline before any extension). */
  public Instant initialDue() {
    return first().dueTime();
  }

  /** The due time after the events before {@code t}. */
  public Instant dueAt(Instant t) {
    Instant due = initialDue();
    for (CaseEvent e : before(t)) {
      if (e.dueTime() != null) {
        due = e.dueTime();
      }
    }
    return due;
  }

  /** The EXTENDED event before {@code t}, if the deadline was extended. */
  public Optional<CaseEvent> extensionBefore(Instant t) {
    return before(t).stream().filter(e -> e.type() == CaseEventType.EXTENDED).findFirst();
  }

  /** The CLOSED event before {@code t}, if any. */
  public Optional<CaseEvent> closedBefore(Instant t) {
    return before(t).stream().filter(e -> e.type() == CaseEventType.CLOSED).findFirst();
  }

  /** The outcome a CLOSED event's note starts with ({@code "RECTIFIED: checked on site"}). */
  static Optional<CaseOutcome> outcome(CaseEvent closed) {
    String note = closed.note() == null ? "" : closed.note();
    int colon = note.indexOf(':');
    String name = (colon < 0 ? note : note.substring(0, colon)).trim();
    for (CaseOutcome o : CaseOutcome.values()) {
      if (o.name().equals(name)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** The highest severity reached before {@code t} (severity only rises). */
  public Severity severityAt(Instant t) {
    Severity s = null;
    for (CaseEvent e : before(t)) {
      if (e.severity() != null && (s == null || e.severity().compareTo(s) > 0)) {
        s = e.severity();
      }
    }
    return s;
  }

  /**
   * The report status after the events before {@code t}, or empty when the case had not opened yet.
   * docs/reports.md explains the mapping.
   */
  public Optional<ReportStatus> statusAt(Instant t) {
    if (!openedAt().isBefore(t)) {
      return Optional.empty();
    }
    Optional<CaseEvent> closed = closedBefore(t);
    if (closed.isPresent()) {
      return Optional.of(
          outcome(closed.get())
              .map(
                  o ->
                      switch (o) {
                        case CLOSED_DOWN, EQUIPMENT_SEALED -> ReportStatus.CLOSED;
                        case RECTIFIED, ACCEPTANCE_PASSED -> ReportStatus.RECTIFIED;
                        case FALSE_ALARM, DEVICE_FAULT -> ReportStatus.DISMISSED;
                        case CONFIRMED_VIOLATION -> ReportStatus.RECTIFYING;
                      })
              // an outcome this reader does not know: keep the case on the lists
              .orElse(ReportStatus.RECTIFYING));
    }
    if (severityAt(t) == Severity.CLOSURE_PROPOSED) {
      return Optional.of(ReportStatus.CLOSURE_PROPOSED);
    }
    if (domain() == Domain.ENERGY_QUOTA) {
      return Optional.of(
          extensionBefore(t).isPresent() ? ReportStatus.EXTENDED : ReportStatus.RECTIFYING);
    }
    return Optional.of(ReportStatus.OPEN);
  }

  /**
   * Whether the case was open at some time in [from, to): opened before to, not closed before from.
   */
  public boolean activeDuring(Instant from, Instant to) {
    return openedAt().isBefore(to) && closedBefore(from).isEmpty();
  }

  /** The breach windows the case reported within [from, to). */
  public Exceedance exceedance(Instant from, Instant to, ZoneId zone) {
    int hours = 0;
    Set<LocalDate> days = new TreeSet<>();
    Set<YearMonth> months = new TreeSet<>();
    Evidence worst = null;
    for (BreachReport b : breaches) {
      if (b.at().isBefore(from) || !b.at().isBefore(to)) {
        continue;
      }
      LocalDate day = LocalDate.ofInstant(b.at(), zone);
      if (b.windowLength().compareTo(Duration.ofHours(1)) <= 0) {
        hours += b.windows();
        days.add(day);
        months.add(YearMonth.from(day));
      } else if (b.windowLength().compareTo(Duration.ofDays(2)) < 0) {
        for (int i = 0; i < b.windows(); i++) {
          days.add(day.minusDays(i));
          months.add(YearMonth.from(day.minusDays(i)));
        }
      } else {
        for (int i = 0; i < b.windows(); i++) {
          months.add(YearMonth.from(day).minusMonths(i));
        }
      }
      Evidence e = b.evidence();
      // UPDATED events carry the case's worst so far; only windows inside the period count.
      if (e != null
          && !e.windowStart().isBefore(from)
          && e.windowStart().isBefore(to)
          && worse(e, worst)) {
        worst = e;
      }
    }
    return new Exceedance(hours, days, months, worst);
  }

  /** The latest evidence published before {@code t}. */
  public Evidence evidenceAt(Instant t) {
    Evidence out = null;
    for (CaseEvent e : before(t)) {
      if (e.evidence() != null) {
        out = e.evidence();
      }
    }
    return out;
  }

  /** The worst breach evidence published before {@code t}. */
  public Evidence worstAt(Instant t) {
    Evidence out = null;
    for (BreachReport b : breaches) {
      if (b.at().isBefore(t) && b.evidence() != null && worse(b.evidence(), out)) {
        out = b.evidence();
      }
    }
    return out;
  }

  static boolean worse(Evidence a, Evidence than) {
    if (than == null) {
      return true;
    }
    if (a.multiple() != null && than.multiple() != null) {
      return a.multiple() > than.multiple();
    }
    return a.value() != null && (than.value() == null || a.value() > than.value());
  }

  private List<CaseEvent> before(Instant t) {
    List<CaseEvent> out = new ArrayList<>();
    for (CaseEvent e : events) {
      if (e.eventTime().isBefore(t)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * What a case reported in a period.
   *
   * @param hours hourly windows that exceeded
   * @param days local days with an exceeding window
   * @param months local months with an exceeding window
   * @param worst the worst evidence of a window in the period, or {@code null}
   */
  public record Exceedance(int hours, Set<LocalDate> days, Set<YearMonth> months, Evidence worst) {
    public Exceedance {
      days = Set.copyOf(days);
      months = Set.copyOf(months);
    }

    public boolean any() {
      return hours > 0 || !days.isEmpty() || !months.isEmpty();
    }
  }
}
