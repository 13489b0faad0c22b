package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the case manager remembers about a {@link CaseKey}: its case that is not closed yet, or,
 * after CLOSE, a short memory of the closed case (so that a revised window of it cannot open the
 * same case id again) and, for energy quota, the rectification period that outlives the case. Only
 * {@link CaseLifecycle} changes it, always on a {@link #copy()}, so its functions stay pure; the
 * Flink operator stores it as JSON ({@link CaseJson}).
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CaseState {
  /**
   * The latest verdict on one judged window, identified by its start and end: a revised window
   * replaces its verdict, so each window counts once. The kind says how it counts for escalation (a
   * key may be judged over hours and days, as D2 is). A window is judged per parameter: {@code
   * failing} and {@code clear} hold the parameters judged in it (one, the key's, for a rule that
   * keeps one case per parameter; several for a rule that groups them), and the window breaches
   * when any parameter fails in it.
   */
  public record Verdict(
      Instant start,
      Instant end,
      boolean breach,
      WindowKind kind,
      List<String> failing,
      List<String> clear) {
    public Verdict {
      failing = failing == null ? List.of() : List.copyOf(failing);
      clear = clear == null ? List.of() : List.copyOf(clear);
    }

    /** The verdict of a window judged only on {@code parameter}. */
    static Verdict of(
        Instant start, Instant end, WindowKind kind, String parameter, boolean fails) {
      return new Verdict(
          start,
          end,
          fails,
          kind,
          fails ? List.of(parameter) : List.of(),
          fails ? List.of() : List.of(parameter));
    }

    /** This window with {@code parameter}'s verdict replaced (or added). */
    Verdict with(String parameter, boolean fails) {
      List<String> f = new ArrayList<>(failing);
      List<String> c = new ArrayList<>(clear);
      f.remove(parameter);
      c.remove(parameter);
      (fails ? f : c).add(parameter);
      f.sort(null);
      c.sort(null);
      return new Verdict(start, end, !f.isEmpty(), kind, f, c);
    }

    /**
     * {@code TRUE} when the parameter fails in this window, {@code FALSE} when clear, else null.
     */
    Boolean fails(String parameter) {
      if (failing.contains(parameter)) {
        return Boolean.TRUE;
      }
      return clear.contains(parameter) ? Boolean.FALSE : null;
    }

    Duration length() {
      return Duration.between(start, end);
    }

    boolean sameWindow(Verdict o) {
      return start.equals(o.start) && end.equals(o.end);
    }

    int compareWindow(Verdict o) {
      int c = start.compareTo(o.start);
      return c != 0 ? c : end.compareTo(o.end);
    }
  }

  String caseId;
  CaseKey key;
  Domain domain;
  WindowKind windowKind;
  String county;
  String enterpriseName;
  Instant openedAt;
  Instant due;
  int extensions;
  Severity severity;
  Evidence opening;
  Evidence worst;

  /** The parameter whose judgement is {@link #worst}. */
  String worstParameter;

  Evidence latest;
  List<String> parameters = new ArrayList<>();
  boolean acknowledged;
  String assignee;
  boolean recovered;
  boolean overdue;
  Instant lastUpdateAt;
  int version;

  /** Verdicts of the latest windows, ordered by start, bounded ({@link CaseLifecycle}). */
  List<Verdict> windows = new ArrayList<>();

  /** Breaching windows dropped from {@link #windows}; still part of the count. */
  int prunedBreaches;

  /** Windows starting before this are final: a later judgement of one is ignored. */
  Instant finalBefore;

  /** Set by CLOSE: the key has no open case; the memory expires at {@link #expiresAt}. */
  boolean closed;

  Instant expiresAt;

  /** Energy quota: start of the rectification period (end of its first failing month). */
  Instant rectificationSince;

  /** The outcome of the closed case. */
  CaseOutcome outcome;

  CaseState() {}

  CaseState copy() {
    CaseState c = new CaseState();
    c.caseId = caseId;
    c.key = key;
    c.domain = domain;
    c.windowKind = windowKind;
    c.county = county;
    c.enterpriseName = enterpriseName;
    c.openedAt = openedAt;
    c.due = due;
    c.extensions = extensions;
    c.severity = severity;
    c.opening = opening;
    c.worst = worst;
    c.worstParameter = worstParameter;
    c.latest = latest;
    c.parameters = new ArrayList<>(parameters);
    c.acknowledged = acknowledged;
    c.assignee = assignee;
    c.recovered = recovered;
    c.overdue = overdue;
    c.lastUpdateAt = lastUpdateAt;
    c.version = version;
    c.windows = new ArrayList<>(windows);
    c.prunedBreaches = prunedBreaches;
    c.finalBefore = finalBefore;
    c.closed = closed;
    c.expiresAt = expiresAt;
    c.rectificationSince = rectificationSince;
    c.outcome = outcome;
    return c;
  }

  /** The status the case is in. */
  @JsonIgnore
  public CaseStatus status() {
    if (closed) {
      return CaseStatus.CLOSED;
    }
    if (recovered) {
      return CaseStatus.RECOVERED;
    }
    if (assignee != null) {
      return CaseStatus.ASSIGNED;
    }
    return acknowledged ? CaseStatus.ACKNOWLEDGED : CaseStatus.OPEN;
  }

  /** Whether the key has a case that is not closed. */
  @JsonIgnore
  public boolean open() {
    return !closed;
  }

  /**
   * When the case manager needs to look at this state again in event time: the due time of an open
   * case not yet overdue, the expiry of a closed case's memory, else {@code null}.
   */
  @JsonIgnore
  public Instant wakeUp() {
    if (closed) {
      return expiresAt;
    }
    return overdue ? null : due;
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

  public WindowKind windowKind() {
    return windowKind;
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

  /** Breaching windows so far, each window counted once. */
  public int count() {
    int n = prunedBreaches;
    for (Verdict v : windows) {
      if (v.breach()) {
        n++;
      }
    }
    return n;
  }

  /** The evidence with the highest multiple (or value) so far. */
  public Evidence worst() {
    return worst;
  }

  /**
   * The parameters the case is about: the key's parameter, or, for a rule that groups parameters,
   * every parameter that failed in the case so far (sorted).
   */
  public List<String> parameters() {
    return List.copyOf(parameters);
  }

  public boolean acknowledged() {
    return acknowledged;
  }

  public String assignee() {
    return assignee;
  }

  public boolean recovered() {
    return recovered;
  }

  public boolean overdue() {
    return overdue;
  }

  public Instant lastUpdateAt() {
    return lastUpdateAt;
  }

  /** Events published for the current (or last closed) case. */
  public int version() {
    return version;
  }

  /** Verdicts of the retained windows, by start. */
  public List<Verdict> windows() {
    return List.copyOf(windows);
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Instant rectificationSince() {
    return rectificationSince;
  }
}
