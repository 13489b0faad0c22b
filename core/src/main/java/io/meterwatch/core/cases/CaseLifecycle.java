package io.meterwatch.core.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The verification-case state machine as pure functions: given the state of a key's open case (or
 * {@code null}) and an input, return the next state and the case events to publish. The Flink
 * operator only stores the state, keeps one event-time timer at {@link CaseState#due()} and calls
 * these functions; docs/cases.md draws the diagram.
 *
 * <ul>
 *   <li>Breach without a case: OPENED (id from key and opening window), due per domain.
 *   <li>Breach on an open case: count, worst evidence and severity updated; ESCALATED when the
 *       severity rises, REOPENED when it had recovered, else UPDATED at most once per {@link
 *       CasePolicy#updateInterval()}.
 *   <li>{@link CasePolicy#recoveryWindows()} consecutive compliant windows: RECOVERED.
 *   <li>Due time passed without CLOSE: OVERDUE; an energy-quota case still failing at its
 *       rectification deadline is ESCALATED to {@link Severity#CLOSURE_PROPOSED}.
 *   <li>Team actions: ACKNOWLEDGED, ASSIGNED, COMMENTED, EXTENDED, CLOSED (state gone), or
 *       ACTION_REJECTED with the reason; a rejection never changes the state.
 * </ul>
 */
public final class CaseLifecycle {
  private CaseLifecycle() {}

  /**
   * The result of one input.
   *
   * @param state the key's state afterwards, {@code null} when there is no open case (closed)
   * @param events the case events to publish, in order
   */
  public record Transition(CaseState state, List<CaseEvent> events) {
    public Transition {
      events = List.copyOf(events);
    }
  }

  /** The event time of a window judgement: the window's end (its start when the end is unknown). */
  public static Instant eventTime(Evidence e) {
    return e.windowEnd() != null ? e.windowEnd() : e.windowStart();
  }

  /** The due time of a case opened at {@code openedAt}: 24 h, 72 h or 6 calendar months. */
  public static Instant initialDue(Domain domain, Instant openedAt, CasePolicy p) {
    return switch (domain) {
      case EMISSION, LOAD_QUOTA -> openedAt.plus(p.exceedanceDue());
      case DATA_QUALITY -> openedAt.plus(p.dataQualityDue());
      case ENERGY_QUOTA -> plusMonths(openedAt, p.rectificationMonths(), p);
    };
  }

  /** Applies a rule judgement. */
  public static Transition onRuleEvent(
      CaseState current, RuleEvent e, String enterpriseName, CasePolicy p) {
    Instant t = eventTime(e.evidence());
    if (!e.breach()) {
      if (current == null || current.recovered) {
        return new Transition(current, List.of());
      }
      CaseState s = current.copy();
      s.compliantStreak++;
      if (s.compliantStreak < p.recoveryWindows()) {
        return new Transition(s, List.of());
      }
      s.recovered = true;
      return new Transition(
          s,
          List.of(
              event(
                  s,
                  CaseEventType.RECOVERED,
                  t,
                  e.evidence(),
                  null,
                  s.compliantStreak + " consecutive compliant windows")));
    }
    if (current == null) {
      CaseState s = new CaseState();
      s.caseId = e.key().caseId(e.evidence().windowStart());
      s.key = e.key();
      s.domain = e.domain();
      s.county = e.county();
      s.enterpriseName = enterpriseName;
      s.openedAt = t;
      s.due = initialDue(e.domain(), t, p);
      s.count = 1;
      s.worst = e.evidence();
      s.lastUpdateAt = t;
      addBreach(s, e.evidence(), t, p);
      s.severity = severityOf(s, e.severity(), t, p).severity();
      return new Transition(
          s, List.of(event(s, CaseEventType.OPENED, t, e.evidence(), null, null)));
    }
    CaseState s = current.copy();
    boolean reopened = s.recovered;
    s.recovered = false;
    s.compliantStreak = 0;
    s.count++;
    if (worse(e.evidence(), s.worst)) {
      s.worst = e.evidence();
    }
    addBreach(s, e.evidence(), t, p);
    Severity before = s.severity;
    Judged judged = severityOf(s, e.severity(), t, p);
    s.severity = judged.severity();
    List<CaseEvent> out = new ArrayList<>();
    if (reopened) {
      out.add(event(s, CaseEventType.REOPENED, t, e.evidence(), null, "breach after recovery"));
    }
    if (s.severity.compareTo(before) > 0) {
      out.add(
          event(
              s,
              CaseEventType.ESCALATED,
              t,
              e.evidence(),
              null,
              before + " -> " + s.severity + ": " + judged.reason()));
    }
    if (!out.isEmpty() || !t.isBefore(s.lastUpdateAt.plus(p.updateInterval()))) {
      if (out.isEmpty()) {
        out.add(event(s, CaseEventType.UPDATED, t, s.worst, null, null));
      }
      s.lastUpdateAt = t;
    }
    return new Transition(s, out);
  }

  /**
   * The due time has come (event time reached {@link CaseState#due()}): OVERDUE once; an
   * energy-quota case that still fails is also ESCALATED to closure proposed.
   */
  public static Transition onDue(CaseState current, CasePolicy p) {
    if (current == null || current.overdue) {
      return new Transition(current, List.of());
    }
    CaseState s = current.copy();
    s.overdue = true;
    Instant t = s.due;
    List<CaseEvent> out = new ArrayList<>();
    boolean energy = s.domain == Domain.ENERGY_QUOTA;
    out.add(
        event(
            s,
            CaseEventType.OVERDUE,
            t,
            s.worst,
            null,
            energy ? "rectification deadline passed" : "verification due time passed"));
    if (energy && !s.recovered && s.severity != Severity.CLOSURE_PROPOSED) {
      Severity before = s.severity;
      s.severity = Severity.CLOSURE_PROPOSED;
      out.add(
          event(
              s,
              CaseEventType.ESCALATED,
              t,
              s.worst,
              null,
              before + " -> CLOSURE_PROPOSED: still failing at the rectification deadline"));
    }
    return new Transition(s, out);
  }

  /** Applies a team action; an invalid one yields ACTION_REJECTED and the unchanged state. */
  public static Transition onAction(CaseState current, CaseAction a, CasePolicy p) {
    if (current == null || !current.caseId.equals(a.caseId())) {
      return reject(current, a, "no open case " + a.caseId() + " (unknown or already closed)");
    }
    if (a.time() == null) {
      return reject(current, a, "action without a time");
    }
    if (a.type() == null) {
      return reject(current, a, "action without a type");
    }
    CaseState s = current.copy();
    Instant t = a.time();
    switch (a.type()) {
      case ACK -> {
        if (s.acknowledged) {
          return reject(current, a, "already acknowledged");
        }
        s.acknowledged = true;
        return new Transition(
            s, List.of(event(s, CaseEventType.ACKNOWLEDGED, t, s.worst, a.actor(), a.comment())));
      }
      case ASSIGN -> {
        if (isBlank(a.assignee())) {
          return reject(current, a, "ASSIGN needs an assignee (team or person)");
        }
        if (a.assignee().equals(s.assignee)) {
          return reject(current, a, "already assigned to " + s.assignee);
        }
        s.acknowledged = true;
        s.assignee = a.assignee();
        return new Transition(
            s, List.of(event(s, CaseEventType.ASSIGNED, t, s.worst, a.actor(), a.assignee())));
      }
      case COMMENT -> {
        if (isBlank(a.comment())) {
          return reject(current, a, "COMMENT needs a text");
        }
        return new Transition(
            s, List.of(event(s, CaseEventType.COMMENTED, t, s.worst, a.actor(), a.comment())));
      }
      case CLOSE -> {
        if (a.outcome() == null) {
          return reject(
              current,
              a,
              "CLOSE needs an outcome: "
                  + Arrays.stream(CaseOutcome.values())
                      .map(CaseOutcome::name)
                      .collect(Collectors.joining(", ")));
        }
        if (a.outcome() == CaseOutcome.RECTIFIED && !s.recovered) {
          return reject(
              current, a, "cannot close as RECTIFIED while the rule still fails (not RECOVERED)");
        }
        String note = a.outcome().name() + (isBlank(a.comment()) ? "" : ": " + a.comment());
        CaseEvent closed = event(s, CaseEventType.CLOSED, t, s.worst, a.actor(), note);
        closed = withStatus(closed, CaseStatus.CLOSED);
        return new Transition(null, List.of(closed));
      }
      case EXTEND -> {
        if (s.domain != Domain.ENERGY_QUOTA) {
          return reject(current, a, "only energy-quota cases can be extended");
        }
        if (s.extensions >= p.maxExtensions()) {
          return reject(
              current, a, "already extended (at most " + p.maxExtensions() + " extension)");
        }
        if (a.extendMonths() == null
            || a.extendMonths() < 1
            || a.extendMonths() > p.maxExtensionMonths()) {
          return reject(
              current,
              a,
              "EXTEND needs 1.." + p.maxExtensionMonths() + " months, got " + a.extendMonths());
        }
        if (s.overdue) {
          return reject(current, a, "the rectification deadline " + s.due + " has passed");
        }
        s.extensions++;
        s.due = plusMonths(s.due, a.extendMonths(), p);
        return new Transition(
            s,
            List.of(
                event(
                    s,
                    CaseEventType.EXTENDED,
                    t,
                    s.worst,
                    a.actor(),
                    "+" + a.extendMonths() + " months")));
      }
      default -> {
        return reject(current, a, "unknown action type " + a.type());
      }
    }
  }

  /** Exceeding hours of the case within the lookback ending at {@code now}. */
  public static double exceedingHours(CaseState s, Instant now, CasePolicy p) {
    Instant from = now.minus(p.severeLookback());
    Duration total = Duration.ZERO;
    for (CaseState.Span span : s.breaches) {
      Instant start = span.start().isBefore(from) ? from : span.start();
      if (span.end().isAfter(start)) {
        total = total.plus(Duration.between(start, span.end()));
      }
    }
    return total.toSeconds() / 3600.0;
  }

  private record Judged(Severity severity, String reason) {}

  private static Judged severityOf(CaseState s, Severity ruleSeverity, Instant t, CasePolicy p) {
    Severity sev = s.severity == null ? Severity.INFO : s.severity;
    String reason = "unchanged";
    Severity rule = ruleSeverity == null ? Severity.WARNING : ruleSeverity;
    if (rule.compareTo(sev) > 0) {
      sev = rule;
      reason = "rule judged " + rule;
    }
    Double m = s.worst == null ? null : s.worst.multiple();
    if (m != null && m >= p.severeMultiple() && Severity.SEVERE.compareTo(sev) > 0) {
      sev = Severity.SEVERE;
      reason = String.format(Locale.ROOT, "worst multiple %.2f >= %.2f", m, p.severeMultiple());
    }
    double hours = exceedingHours(s, t, p);
    if (hours >= p.severeHours() && Severity.SEVERE.compareTo(sev) > 0) {
      sev = Severity.SEVERE;
      reason =
          String.format(
              Locale.ROOT,
              "%.0f exceeding hours within %d days",
              hours,
              p.severeLookback().toDays());
    }
    if (s.domain == Domain.ENERGY_QUOTA && !t.isBefore(s.due) && sev != Severity.CLOSURE_PROPOSED) {
      sev = Severity.CLOSURE_PROPOSED;
      reason = "still failing after the rectification deadline";
    }
    return new Judged(sev, reason);
  }

  private static void addBreach(CaseState s, Evidence e, Instant t, CasePolicy p) {
    Instant start = e.windowStart();
    Instant end = e.windowEnd() != null ? e.windowEnd() : start;
    s.breaches.add(new CaseState.Span(start, end));
    Instant from = t.minus(p.severeLookback());
    s.breaches.removeIf(span -> !span.end().isAfter(from));
  }

  private static boolean worse(Evidence candidate, Evidence worst) {
    if (worst == null) {
      return true;
    }
    if (candidate.multiple() != null && worst.multiple() != null) {
      return candidate.multiple() > worst.multiple();
    }
    if (candidate.value() != null && worst.value() != null) {
      return candidate.value() > worst.value();
    }
    return false;
  }

  private static Instant plusMonths(Instant t, int months, CasePolicy p) {
    return p.calendar().instant(p.calendar().local(t).plusMonths(months));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static Transition reject(CaseState current, CaseAction a, String reason) {
    Instant t = a.time() != null ? a.time() : Instant.EPOCH;
    String note = (a.type() == null ? "action" : a.type().name()) + " rejected: " + reason;
    if (current != null && current.caseId.equals(a.caseId())) {
      return new Transition(
          current,
          List.of(
              event(current, CaseEventType.ACTION_REJECTED, t, current.worst, a.actor(), note)));
    }
    CaseKey k = a.key();
    CaseEvent r =
        new CaseEvent(
            a.caseId(),
            CaseEventType.ACTION_REJECTED,
            t,
            k == null ? null : k.rule(),
            null,
            null,
            k == null ? null : k.enterprise(),
            null,
            null,
            k == null ? null : k.subject(),
            k == null ? null : k.parameter(),
            null,
            0,
            null,
            null,
            null,
            a.actor(),
            note);
    return new Transition(current, List.of(r));
  }

  private static CaseEvent event(
      CaseState s, CaseEventType type, Instant t, Evidence ev, String actor, String note) {
    return new CaseEvent(
        s.caseId,
        type,
        t,
        s.key.rule(),
        s.domain,
        s.severity,
        s.key.enterprise(),
        s.enterpriseName,
        s.county,
        s.key.subject(),
        s.key.parameter(),
        ev,
        s.count,
        Department.forDomain(s.domain),
        s.due,
        s.status(),
        actor,
        note);
  }

  private static CaseEvent withStatus(CaseEvent e, CaseStatus status) {
    return new CaseEvent(
        e.caseId(),
        e.type(),
        e.eventTime(),
        e.rule(),
        e.domain(),
        e.severity(),
        e.enterprise(),
        e.enterpriseName(),
        e.county(),
        e.subject(),
        e.parameter(),
        e.evidence(),
        e.count(),
        e.department(),
        e.dueTime(),
        status,
        e.actor(),
        e.note());
  }
}
