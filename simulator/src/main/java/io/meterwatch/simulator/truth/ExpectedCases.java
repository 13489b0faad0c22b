package io.meterwatch.simulator.truth;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.Department;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.scenario.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cases a run must open, one per case key: the window the job judges first (the earliest window
 * end, then the earliest start) opens it, later windows would only update it (docs/simulator.md,
 * the manifest). A detector's findings on several parameters of one subject share one key ({@link
 * Rule#groupsParameters()}). Each case names the fault behind it.
 */
final class ExpectedCases {
  private static final CasePolicy POLICY = CasePolicy.defaults();

  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final List<Fault> faults;
  private final Map<String, Manifest.ExpectedCase> cases = new LinkedHashMap<>();
  private final Map<String, TreeSet<String>> parameters = new HashMap<>();

  ExpectedCases(SiteRegistry registry, LocalCalendar calendar, List<Fault> faults) {
    this.registry = registry;
    this.calendar = calendar;
    this.faults = faults;
  }

  /** Starts a case of {@code rule} about {@code subject} of enterprise {@code e}. */
  Opening of(Rule rule, Enterprise e, String subject, String parameter) {
    return new Opening(rule, e, subject, parameter);
  }

  /** The cases in the order they were first found, each listing every parameter found failing. */
  List<Manifest.ExpectedCase> all() {
    return cases.values().stream()
        .map(
            c ->
                new Manifest.ExpectedCase(
                    c.caseId(),
                    c.rule(),
                    c.domain(),
                    c.key(),
                    c.enterprise(),
                    c.subject(),
                    c.parameter(),
                    List.copyOf(parameters.getOrDefault(c.key(), new TreeSet<>())),
                    c.windowStart(),
                    c.windowEnd(),
                    c.value(),
                    c.limit(),
                    c.fault(),
                    c.severity(),
                    c.department(),
                    c.county(),
                    c.dueTime()))
        .toList();
  }

  /** The ids of the cases fault {@code faultId} causes. */
  List<String> idsOf(String faultId) {
    return cases.values().stream()
        .filter(c -> faultId.equals(c.fault()))
        .map(c -> c.caseId())
        .toList();
  }

  /** Names the parts of an expected case; {@link #seenOn} or {@link #causedBy} adds it. */
  final class Opening {
    private final Rule rule;
    private final Enterprise enterprise;
    private final String subject;
    private final String parameter;
    private Instant from;
    private Instant to;
    private Double value;
    private Double limit;

    private Opening(Rule rule, Enterprise enterprise, String subject, String parameter) {
      this.rule = rule;
      this.enterprise = enterprise;
      this.subject = subject;
      this.parameter = parameter;
    }

    /** The window that opens the case. */
    Opening window(Instant windowFrom, Instant windowTo) {
      from = windowFrom;
      to = windowTo;
      return this;
    }

    /** The judged value and the limit (either may be {@code null}). */
    Opening figures(Double judged, Double limitInForce) {
      value = judged;
      limit = limitInForce;
      return this;
    }

    /**
     * Adds a case derived from the delivered data of meter {@code mn} ({@code null} for enterprise
     * cases): the fault behind it is the one overlapping it on the same device or enterprise.
     */
    void seenOn(String mn) {
      add(faultAt(mn));
    }

    /** Adds a case derived from the shape of fault {@code faultId}. */
    void causedBy(String faultId) {
      add(faultId);
    }

    private void add(String fault) {
      CaseKey key =
          CaseKey.of(
              enterprise.creditCode(), subject, rule, rule.groupsParameters() ? null : parameter);
      if (parameter != null && !CaseKey.NO_PARAMETER.equals(parameter)) {
        parameters.computeIfAbsent(key.asString(), k -> new TreeSet<>()).add(parameter);
      }
      Manifest.ExpectedCase earlier = cases.get(key.asString());
      if (earlier != null && !judgedBefore(earlier)) {
        return;
      }
      cases.put(
          key.asString(),
          new Manifest.ExpectedCase(
              key.caseId(from),
              rule.id(),
              rule.domain().label(),
              key.asString(),
              enterprise.creditCode(),
              subject,
              key.parameter(),
              List.of(),
              calendar.isoLocal(from),
              calendar.isoLocal(to),
              value,
              limit,
              fault,
              openingSeverity().name(),
              Department.forDomain(rule.domain()).name(),
              enterprise.county(),
              calendar.isoLocal(CaseLifecycle.initialDue(rule.domain(), to, POLICY))));
    }

    /**
     * The severity the case opens with: the rule's own (docs/rules.md: MAJOR for an exceedance or
     * quota breach, SEVERE from a multiple of 2; MAJOR for D5, D6, D7 and an S hour of D3; WARNING
     * for the other detectors and Q1N), which one window cannot escalate further.
     */
    private Severity openingSeverity() {
      return switch (rule) {
        case L1 -> throw new IllegalStateException("the manifest derives no L1 case");
        case E1, E2, Q1 ->
            value != null && limit != null && (value - limit) / limit >= POLICY.severeMultiple()
                ? Severity.SEVERE
                : Severity.MAJOR;
        case D5, D6, D7 -> Severity.MAJOR;
        case D3 ->
            parameter == null || CaseKey.NO_PARAMETER.equals(parameter)
                ? Severity.WARNING
                : Severity.MAJOR;
        default -> Severity.WARNING;
      };
    }

    /** Whether the job judges this window before the one that opens {@code c}. */
    private boolean judgedBefore(Manifest.ExpectedCase c) {
      Instant otherFrom = OffsetDateTime.parse(c.windowStart()).toInstant();
      Instant otherTo = OffsetDateTime.parse(c.windowEnd()).toInstant();
      int byEnd = to.compareTo(otherTo);
      return byEnd < 0 || (byEnd == 0 && from.isBefore(otherFrom));
    }

    /** The fault behind a data-derived case: one on the same device (or enterprise) overlapping. */
    private String faultAt(String mn) {
      for (Fault f : faults) {
        boolean sameTarget =
            rule == Rule.Q1 || rule == Rule.D10
                ? f.enterprise().equals(enterprise.creditCode())
                    && (f.kind() == FaultKind.ENERGY_QUOTA_BREACH || isCounter(f.mn()))
                : mn != null && mn.equals(f.mn());
        // clock skew moves data by its offset: widen the overlap test by it
        Duration slack = f.offset() == null ? Duration.ZERO : f.offset().abs();
        if (sameTarget && f.from().minus(slack).isBefore(to) && from.isBefore(f.to().plus(slack))) {
          return f.id();
        }
      }
      return null;
    }
  }

  private boolean isCounter(String mn) {
    return mn != null && registry.meter(mn).map(r -> r.outlet() == null).orElse(false);
  }
}
