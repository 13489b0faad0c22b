package io.meterwatch.core.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The verification-case state machine as pure functions: given the key's state (its open case, the
 * memory of its closed case, or {@code null}) and an input, return the next state, the case events
 * to publish and the case's whole state for the {@code cases} topic. The Flink operator only stores
 * the state, keeps one timer at {@link CaseState#wakeUp()} and calls these functions; docs/cases.md
 * draws the diagram.
 *
 * <ul>
 *   <li>Breach without an open case: OPENED (id from key and opening window), due per domain; an
 *       energy-quota case inside a running rectification keeps its deadline.
 *   <li>Each judged window counts once: a revision replaces the window's earlier verdict.
 *   <li>Breach on an open case: count, worst evidence and severity updated; ESCALATED when the
 *       severity rises, REOPENED when it had recovered, else UPDATED at most once per {@link
 *       CasePolicy#updateInterval()}.
 *   <li>{@link CasePolicy#recoveryWindows()} consecutive compliant windows: RECOVERED.
 *   <li>Due time passed without CLOSE: OVERDUE; an energy-quota case still failing at its
 *       rectification deadline is ESCALATED to {@link Severity#CLOSURE_PROPOSED}.
 *   <li>Team actions: ACKNOWLEDGED, ASSIGNED, COMMENTED, EXTENDED, CLOSED, or ACTION_REJECTED with
 *       the reason; a rejection never changes the state.
 * </ul>
 */
public final class CaseLifecycle {
  private CaseLifecycle() {}

  /**
   * The result of one input.
   *
   * @param state the key's state afterwards: its open case, the memory of its closed case, or
   *     {@code null} when nothing is left to remember
   * @param events the case events to publish, in order
   * @param record the case's whole state after the events, for the {@code cases} topic, or {@code
   *     null} when no event changed a case
   */
  public record Transition(CaseState state, List<CaseEvent> events, CaseRecord record) {
    public Transition {
      events = List.copyOf(events);
    }

    static Transition of(CaseState state, List<CaseEvent> events) {
      CaseEvent last = null;
      for (CaseEvent e : events) {
        if (e.type() != CaseEventType.ACTION_REJECTED) {
          last = e;
        }
      }
      return new Transition(state, events, last == null ? null : CaseLifecycle.record(state, last));
    }

    static Transition unchanged(CaseState state) {
      return new Transition(state, List.of(), null);
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

  /**
   * Applies a rule judgement. Each window (identified by its start) counts once: a judgement of a
   * window the case has already judged replaces the earlier verdict, in either direction; a
   * judgement of a window that is final (older than the retained verdicts, or judged by a closed
   * case) is ignored.
   */
  public static Transition onRuleEvent(
      CaseState current, RuleEvent e, String enterpriseName, CasePolicy p) {
    Evidence ev = e.evidence();
    if (current != null
        && current.finalBefore != null
        && ev.windowStart().isBefore(current.finalBefore)) {
      return Transition.unchanged(current);
    }
    if (current == null || current.closed) {
      if (current != null && current.rectificationSince != null && !e.breach()) {
        return new Transition(rectificationMonth(current, e, p), List.of(), null);
      }
      if (!e.breach()) {
        return Transition.unchanged(current);
      }
      return open(current, e, enterpriseName, p);
    }
    Instant t = eventTime(ev);
    CaseState s = current.copy();
    putVerdict(s, ev, e.parameter(), e.breach(), p);
    s.latest = ev;
    if (e.breach()
        && (worse(ev, s.worst)
            || (s.worst != null
                && s.worst.windowStart().equals(ev.windowStart())
                && e.parameter().equals(s.worstParameter)))) {
      s.worst = ev;
      s.worstParameter = e.parameter();
    }
    if (e.breach()) {
      addParameter(s, e.parameter());
    }
    int trailing = trailingCompliant(s);
    List<CaseEvent> out = new ArrayList<>();
    if (s.recovered && trailing < p.recoveryWindows()) {
      s.recovered = false;
      out.add(event(s, CaseEventType.REOPENED, t, ev, null, "breach after recovery"));
    } else if (!s.recovered && trailing >= p.recoveryWindows()) {
      s.recovered = true;
      out.add(
          event(
              s,
              CaseEventType.RECOVERED,
              t,
              ev,
              null,
              trailing + " consecutive compliant windows"));
      return Transition.of(s, out);
    }
    if (!e.breach()) {
      return Transition.of(s, out);
    }
    Severity before = s.severity;
    Judged judged = severityOf(s, e.severity(), t, p);
    s.severity = judged.severity();
    if (s.severity.compareTo(before) > 0) {
      out.add(
          event(
              s,
              CaseEventType.ESCALATED,
              t,
              ev,
              null,
              before + " -> " + s.severity + ": " + judged.reason()));
    }
    if (!out.isEmpty() || !t.isBefore(s.lastUpdateAt.plus(p.updateInterval()))) {
      if (out.isEmpty()) {
        out.add(event(s, CaseEventType.UPDATED, t, s.worst, null, null));
      }
      s.lastUpdateAt = t;
    }
    return Transition.of(s, out);
  }

  /** A breach on a key without an open case: OPENED, within the rectification still running. */
  private static Transition open(
      CaseState previous, RuleEvent e, String enterpriseName, CasePolicy p) {
    Evidence ev = e.evidence();
    Instant t = eventTime(ev);
    CaseState s = new CaseState();
    s.caseId = e.key().caseId(ev.windowStart());
    s.key = e.key();
    s.domain = e.domain();
    s.windowKind = WindowKind.of(ev.windowStart(), ev.windowEnd(), p.calendar());
    s.county = e.county();
    s.enterpriseName = enterpriseName;
    s.openedAt = t;
    addParameter(s, e.parameter());
    if (previous != null && previous.rectificationSince != null) {
      // later failing months attach to the rectification that is still running
      s.rectificationSince = previous.rectificationSince;
      s.due = previous.due;
      s.extensions = previous.extensions;
      s.finalBefore = previous.finalBefore;
    } else {
      s.rectificationSince = e.domain() == Domain.ENERGY_QUOTA ? t : null;
      s.due = initialDue(e.domain(), t, p);
    }
    s.opening = ev;
    s.worst = ev;
    s.worstParameter = e.parameter();
    s.latest = ev;
    s.lastUpdateAt = t;
    putVerdict(s, ev, e.parameter(), true, p);
    s.severity = severityOf(s, e.severity(), t, p).severity();
    String note =
        previous != null && previous.rectificationSince != null
            ? "within the rectification since "
                + p.calendar().local(s.rectificationSince).toLocalDate()
                + ", deadline "
                + p.calendar().local(s.due).toLocalDate()
            : null;
    return Transition.of(s, List.of(event(s, CaseEventType.OPENED, t, ev, null, note)));
  }

  /**
   * A compliant month of an energy-quota key whose case is closed while its rectification runs:
   * after {@link CasePolicy#rectifiedMonths()} consecutive compliant months the rectification ends
   * and the next failing month starts a new one.
   */
  private static CaseState rectificationMonth(CaseState closed, RuleEvent e, CasePolicy p) {
    CaseState s = closed.copy();
    putVerdict(s, e.evidence(), e.parameter(), false, p);
    if (trailingCompliant(s) >= p.rectifiedMonths()) {
      endRectification(s, p);
    }
    return s;
  }

  private static void endRectification(CaseState s, CasePolicy p) {
    Instant through = latestEnd(s);
    s.rectificationSince = null;
    s.finalBefore = max(s.finalBefore, through);
    s.windows.clear();
    s.expiresAt = plusLookback(through, s.windowKind, p);
  }

  /**
   * The due time has come (event time reached {@link CaseState#due()}): OVERDUE once; an
   * energy-quota case that still fails is also ESCALATED to closure proposed.
   */
  public static Transition onDue(CaseState current, CasePolicy p) {
    if (current == null || current.closed || current.overdue) {
      return Transition.unchanged(current);
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
    return Transition.of(s, out);
  }

  /**
   * The memory of a closed case has expired (event time reached {@link CaseState#expiresAt()}):
   * nothing is left to remember for the key.
   */
  public static Transition onExpired(CaseState current) {
    if (current == null || !current.closed) {
      return Transition.unchanged(current);
    }
    return Transition.unchanged(null);
  }

  /** Applies a team action; an invalid one yields ACTION_REJECTED and the unchanged state. */
  public static Transition onAction(CaseState current, CaseAction a, CasePolicy p) {
    if (current == null || current.closed || !current.caseId.equals(a.caseId())) {
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
        return Transition.of(
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
        return Transition.of(
            s, List.of(event(s, CaseEventType.ASSIGNED, t, s.worst, a.actor(), a.assignee())));
      }
      case COMMENT -> {
        if (isBlank(a.comment())) {
          return reject(current, a, "COMMENT needs a text");
        }
        return Transition.of(
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
        close(s, a.outcome(), p);
        return Transition.of(
            s, List.of(event(s, CaseEventType.CLOSED, t, s.worst, a.actor(), note)));
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
        return Transition.of(
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

  /**
   * Closes the case: the key keeps the closed case's id and window range (a revised window of it is
   * then ignored instead of opening the same case id again) until {@link CaseState#expiresAt()}; an
   * energy-quota key keeps its running rectification.
   */
  private static void close(CaseState s, CaseOutcome outcome, CasePolicy p) {
    Instant through = max(latestEnd(s), s.openedAt);
    s.closed = true;
    s.outcome = outcome;
    s.finalBefore = max(s.finalBefore, through);
    if (s.rectificationSince != null && trailingCompliant(s) < p.rectifiedMonths()) {
      // no judgement for a year after the deadline: the enterprise is gone from the data
      s.expiresAt = plusMonths(s.due, 12, p);
    } else {
      endRectification(s, p);
    }
  }

  /** Exceeding hours of the case's hourly windows within the lookback ending at {@code now}. */
  public static double exceedingHours(CaseState s, Instant now, CasePolicy p) {
    Instant from = now.minus(p.severeLookback());
    Duration total = Duration.ZERO;
    for (CaseState.Verdict v : s.windows) {
      if (!v.breach() || v.kind() != WindowKind.HOURS) {
        continue;
      }
      Instant start = v.start().isBefore(from) ? from : v.start();
      Instant end = v.end().isAfter(now) ? now : v.end();
      if (end.isAfter(start)) {
        total = total.plus(Duration.between(start, end));
      }
    }
    return total.toSeconds() / 3600.0;
  }

  /** Breaching windows of a kind ending within its lookback before {@code now}. */
  static int exceedingWindows(CaseState s, WindowKind kind, Instant now, CasePolicy p) {
    Instant from = lookbackStart(now, kind, p);
    int n = 0;
    for (CaseState.Verdict v : s.windows) {
      if (v.breach() && v.kind() == kind && v.end().isAfter(from)) {
        n++;
      }
    }
    return n;
  }

  private record Judged(Severity severity, String reason) {}

  /**
   * Severity only rises: to the rule's own severity, to SEVERE at {@link
   * CasePolicy#severeMultiple()}, to SEVERE by the exceeding time counted in the unit of the case's
   * windows (hours, days or months; never for a load quota, which is a share of a year's quota
   * judged again every day), and to CLOSURE_PROPOSED for an energy quota still failing at its
   * deadline.
   */
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
    if (s.domain != Domain.LOAD_QUOTA && Severity.SEVERE.compareTo(sev) > 0) {
      Instant now = latestEnd(s);
      double hours = exceedingHours(s, now, p);
      int days = exceedingWindows(s, WindowKind.DAYS, now, p);
      int months = exceedingWindows(s, WindowKind.MONTHS, now, p);
      if (hours >= p.severeHours()) {
        sev = Severity.SEVERE;
        reason =
            String.format(
                Locale.ROOT,
                "%.0f exceeding hours within %d days",
                hours,
                p.severeLookback().toDays());
      } else if (days >= p.severeDays()) {
        sev = Severity.SEVERE;
        reason = days + " exceeding days within " + p.severeDaysLookback().toDays() + " days";
      } else if (months >= p.severeMonths()) {
        sev = Severity.SEVERE;
        reason = months + " exceeding months within " + p.severeMonthsLookback() + " months";
      }
    }
    if (s.domain == Domain.ENERGY_QUOTA && !t.isBefore(s.due) && sev != Severity.CLOSURE_PROPOSED) {
      sev = Severity.CLOSURE_PROPOSED;
      reason = "still failing after the rectification deadline";
    }
    return new Judged(sev, reason);
  }

  /**
   * Records the verdict on {@code parameter} in a window (replacing its earlier one; other
   * parameters' verdicts on the window stay) and drops windows outside the escalation lookback, or
   * beyond {@link CasePolicy#maxWindows()}, always keeping the latest ones that recovery and
   * rectification look at.
   */
  private static void putVerdict(
      CaseState s, Evidence ev, String parameter, boolean breach, CasePolicy p) {
    Instant end = ev.windowEnd() != null ? ev.windowEnd() : ev.windowStart();
    CaseState.Verdict v =
        CaseState.Verdict.of(
            ev.windowStart(),
            end,
            WindowKind.of(ev.windowStart(), end, p.calendar()),
            parameter,
            breach);
    int i = 0;
    while (i < s.windows.size() && s.windows.get(i).compareWindow(v) < 0) {
      i++;
    }
    if (i < s.windows.size() && s.windows.get(i).sameWindow(v)) {
      s.windows.set(i, s.windows.get(i).with(parameter, breach));
    } else {
      s.windows.add(i, v);
    }
    Instant now = latestEnd(s);
    int keep = Math.max(p.recoveryWindows(), p.rectifiedMonths());
    while (s.windows.size() > keep
        && (!s.windows.get(0).end().isAfter(lookbackStart(now, s.windows.get(0).kind(), p))
            || s.windows.size() > p.maxWindows())) {
      CaseState.Verdict dropped = s.windows.remove(0);
      if (dropped.breach()) {
        s.prunedBreaches++;
      }
      s.finalBefore = max(s.finalBefore, dropped.start().plusMillis(1));
    }
  }

  /**
   * Compliant windows after the last breaching one, counted per parameter: the fewest clear windows
   * any retained failing parameter has had since it last failed (a window that did not judge the
   * parameter neither counts nor breaks the run), so a case about several parameters recovers only
   * when each of them is clear; all windows when none fails.
   */
  private static int trailingCompliant(CaseState s) {
    int fewest = Integer.MAX_VALUE;
    for (String parameter : failedParameters(s)) {
      int n = 0;
      for (int i = s.windows.size() - 1; i >= 0; i--) {
        Boolean fails = judged(s.windows.get(i), parameter);
        if (Boolean.TRUE.equals(fails)) {
          break;
        }
        if (fails != null) {
          n++;
        }
      }
      fewest = Math.min(fewest, n);
    }
    return fewest == Integer.MAX_VALUE ? s.windows.size() : fewest;
  }

  /** The parameters failing in any retained window. */
  private static List<String> failedParameters(CaseState s) {
    List<String> out = new ArrayList<>();
    for (CaseState.Verdict v : s.windows) {
      List<String> failing = v.failing().isEmpty() && v.breach() ? List.of("") : v.failing();
      for (String f : failing) {
        if (!out.contains(f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /**
   * The verdict of {@code parameter} in a window, {@code null} when the window did not judge it; a
   * verdict stored without its parameters counts for the parameter {@code ""}.
   */
  private static Boolean judged(CaseState.Verdict v, String parameter) {
    if (v.failing().isEmpty() && v.clear().isEmpty()) {
      return parameter.isEmpty() ? v.breach() : null;
    }
    return v.fails(parameter);
  }

  /** Lists a failing parameter on the case (sorted; {@value CaseKey#NO_PARAMETER} is no one). */
  private static void addParameter(CaseState s, String parameter) {
    if (!CaseKey.NO_PARAMETER.equals(parameter) && !s.parameters.contains(parameter)) {
      s.parameters.add(parameter);
      s.parameters.sort(null);
    }
  }

  private static Instant latestEnd(CaseState s) {
    Instant latest = null;
    for (CaseState.Verdict v : s.windows) {
      latest = max(latest, v.end());
    }
    return latest;
  }

  private static Instant lookbackStart(Instant now, WindowKind kind, CasePolicy p) {
    if (now == null) {
      return Instant.MIN;
    }
    return switch (kind) {
      case HOURS -> now.minus(p.severeLookback());
      case DAYS -> now.minus(p.severeDaysLookback());
      case MONTHS -> plusMonths(now, -p.severeMonthsLookback(), p);
    };
  }

  private static Instant plusLookback(Instant t, WindowKind kind, CasePolicy p) {
    return switch (kind) {
      case HOURS -> t.plus(p.severeLookback());
      case DAYS -> t.plus(p.severeDaysLookback());
      case MONTHS -> plusMonths(t, p.severeMonthsLookback(), p);
    };
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
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
    if (current != null && current.open() && current.caseId.equals(a.caseId())) {
      return Transition.of(
          current,
          List.of(
              eventOf(current, CaseEventType.ACTION_REJECTED, t, current.worst, a.actor(), note)));
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
            note,
            null);
    return Transition.of(current, List.of(r));
  }

  /** An event that changes the case: counted in its version. */
  private static CaseEvent event(
      CaseState s, CaseEventType type, Instant t, Evidence ev, String actor, String note) {
    s.version++;
    return eventOf(s, type, t, ev, actor, note);
  }

  private static CaseEvent eventOf(
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
        s.count(),
        Department.forDomain(s.domain),
        s.due,
        s.status(),
        actor,
        note,
        s.parameters);
  }

  /** The case's whole state after {@code last}, for the {@code cases} topic. */
  static CaseRecord record(CaseState s, CaseEvent last) {
    return new CaseRecord(
        s.caseId,
        s.version,
        s.key,
        s.domain,
        s.severity,
        s.status(),
        s.enterpriseName,
        s.county,
        Department.forDomain(s.domain),
        s.parameters,
        s.openedAt,
        s.due,
        s.overdue,
        s.extensions,
        s.acknowledged,
        s.assignee,
        s.count(),
        s.opening,
        s.worst,
        s.latest,
        last.type(),
        last.eventTime(),
        last.actor(),
        last.note(),
        s.outcome,
        s.rectificationSince);
  }
}
