package io.meterwatch.core.cases;

import java.util.Objects;

/**
 * One judgement of one rule over one window, the input of the case manager. Rules emit a breach
 * when the window fails and a compliant judgement when it passes, so that cases can recover.
 *
 * @param key the case key this judgement belongs to
 * @param domain the enforcement domain
 * @param county the enterprise's county (routing)
 * @param breach whether the window failed the rule
 * @param severity how serious this single judgement is (the case manager may escalate further)
 * @param evidence the window, value and limit
 * @param parameter the parameter this judgement is about: the key's parameter, or, for a rule that
 *     {@linkplain Rule#groupsParameters() groups parameters} into one case (key parameter {@value
 *     CaseKey#NO_PARAMETER}), the judged parameter; the case manager keeps one verdict per window
 *     and parameter
 */
public record RuleEvent(
    CaseKey key,
    Domain domain,
    String county,
    boolean breach,
    Severity severity,
    Evidence evidence,
    String parameter) {

  public RuleEvent {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(evidence.windowStart(), "evidence.windowStart");
    parameter = parameter == null || parameter.isEmpty() ? key.parameter() : parameter;
  }

  /** A judgement about the key's own parameter. */
  public RuleEvent(
      CaseKey key,
      Domain domain,
      String county,
      boolean breach,
      Severity severity,
      Evidence evidence) {
    this(key, domain, county, breach, severity, evidence, null);
  }
}
