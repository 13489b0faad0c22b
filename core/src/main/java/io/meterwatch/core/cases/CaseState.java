package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the case manager remembers about the one case of a {@link CaseKey} that is not closed yet.
 * Only {@link CaseLifecycle} changes it, always on a {@link #copy()}, so its functions stay pure;
 * the Flink operator stores it as JSON ({@link CaseJson}).
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CaseState {
  /** A breaching window, kept for the "exceeding hours within the lookback" escalation. */
  public record Span(Instant start, Instant end) {
    Duration length() {
      return Duration.between(start, end);
    }
  }

  String caseId;
  CaseKey key;
  Domain domain;
  String county;
  String enterpriseName;
  Instant openedAt;
  Instant due;
  int extensions;
  Severity severity;
  int count;
  Evidence worst;
  boolean acknowledged;
  String assignee;
  boolean recovered;
  int compliantStreak;
  boolean overdue;
  Instant lastUpdateAt;
  List<Span> breaches = new ArrayList<>();

  CaseState() {}

  CaseState copy() {
    CaseState c = new CaseState();
    c.caseId = caseId;
    c.key = key;
    c.domain = domain;
    c.county = county;
    c.enterpriseName = enterpriseName;
    c.openedAt = openedAt;
    c.due = due;
    c.extensions = extensions;
    c.severity = severity;
    c.count = count;
    c.worst = worst;
    c.acknowledged = acknowledged;
    c.assignee = assignee;
    c.recovered = recovered;
    c.compliantStreak = compliantStreak;
    c.overdue = overdue;
    c.lastUpdateAt = lastUpdateAt;
    c.breaches = new ArrayList<>(breaches);
    return c;
  }

  /** The status the case is in (never CLOSED: a closed case has no state). */
  @JsonIgnore
  public CaseStatus status() {
    if (recovered) {
      return CaseStatus.RECOVERED;
    }
    if (assignee != null) {
      return CaseStatus.ASSIGNED;
    }
    return acknowledged ? CaseStatus.ACKNOWLEDGED : CaseStatus.OPEN;
  }

  public String caseId() {
    return caseId;
  }

  public CaseKey key() {
    return key;
  }

  public Domain domain() {
    return domain;
  }

  public String county() {
    return county;
  }

  public Instant openedAt() {
    return openedAt;
  }

  /** Verification due time, or the rectification deadline of an energy-quota case. */
  public Instant due() {
    return due;
  }

  public int extensions() {
    return extensions;
  }

  public Severity severity() {
    return severity;
  }

  /** Breaching windows so far. */
  public int count() {
    return count;
  }

  /** The evidence with the highest multiple (or value) so far. */
  public Evidence worst() {
    return worst;
  }

  public boolean acknowledged() {
    return acknowledged;
  }

  public String assignee() {
    return assignee;
  }

  public int compliantStreak() {
    return compliantStreak;
  }

  public boolean overdue() {
    return overdue;
  }

  public Instant lastUpdateAt() {
    return lastUpdateAt;
  }

  /** Breaching windows inside the escalation lookback. */
  public List<Span> breaches() {
    return List.copyOf(breaches);
  }
}
