package io.meterwatch.core.cases;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The current state of every case, folded from the case events on {@code alerts} in order: what
 * {@code meterwatch tasks list} shows. Rejected actions do not change a case.
 */
public final class CaseBoard {
  /**
   * One case as it stands.
   *
   * @param caseId the case id
   * @param key the case key (what actions must name)
   * @param domain enforcement domain
   * @param severity current severity
   * @param county county
   * @param department responsible department
   * @param status current status
   * @param openedAt time of the OPENED event
   * @param dueTime verification due time or rectification deadline
   * @param overdue whether an OVERDUE event was seen
   * @param count breaching windows so far
   * @param assignee current assignee, or {@code null}
   * @param worst the latest published evidence
   * @param lastType type of the latest event
   * @param lastTime time of the latest event
   * @param enterpriseName enterprise name, or {@code null}
   * @param note note of the latest event (outcome of a closed case)
   */
  public record Case(
      String caseId,
      CaseKey key,
      Domain domain,
      Severity severity,
      String county,
      Department department,
      CaseStatus status,
      Instant openedAt,
      Instant dueTime,
      boolean overdue,
      int count,
      String assignee,
      Evidence worst,
      CaseEventType lastType,
      Instant lastTime,
      String enterpriseName,
      String note) {}

  private final Map<String, Case> cases = new LinkedHashMap<>();

  /** Folds one event in. */
  public void apply(CaseEvent e) {
    if (e.type() == CaseEventType.ACTION_REJECTED) {
      return;
    }
    Case old = cases.get(e.caseId());
    if (old == null && e.type() != CaseEventType.OPENED) {
      // the topic was compacted or trimmed before OPENED: start from what the event says
      old =
          new Case(
              e.caseId(),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              0,
              null,
              null,
              null,
              null,
              null,
              null);
    }
    CaseKey key = new CaseKey(e.enterprise(), e.subject(), e.rule(), e.parameter());
    cases.put(
        e.caseId(),
        new Case(
            e.caseId(),
            key,
            e.domain(),
            e.severity(),
            e.county(),
            e.department(),
            e.status(),
            old == null ? e.eventTime() : old.openedAt(),
            e.dueTime(),
            e.type() == CaseEventType.OVERDUE
                || (old != null && old.overdue() && e.type() != CaseEventType.EXTENDED),
            e.count(),
            e.type() == CaseEventType.ASSIGNED ? e.note() : old == null ? null : old.assignee(),
            e.evidence() != null ? e.evidence() : old == null ? null : old.worst(),
            e.type(),
            e.eventTime(),
            e.enterpriseName(),
            e.note()));
  }

  /** Every case folded so far, closed ones included, in the order they were first seen. */
  public Collection<Case> all() {
    return Collections.unmodifiableCollection(cases.values());
  }

  /** A case by id. */
  public Optional<Case> get(String caseId) {
    return Optional.ofNullable(cases.get(caseId));
  }

  /**
   * Cases matching the filters (each {@code null} = any), most urgent due time first. Without a
   * status filter closed cases are left out.
   */
  public List<Case> list(String county, Department department, CaseStatus status) {
    return cases.values().stream()
        .filter(c -> county == null || county.equalsIgnoreCase(Objects.toString(c.county(), "")))
        .filter(c -> department == null || department == c.department())
        .filter(c -> status == null ? c.status() != CaseStatus.CLOSED : status == c.status())
        .sorted(
            Comparator.comparing(
                    Case::dueTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Case::caseId))
        .toList();
  }
}
