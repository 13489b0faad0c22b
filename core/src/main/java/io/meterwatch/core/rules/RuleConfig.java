package io.meterwatch.core.rules;

import java.io.Serializable;

/**
 * Thresholds of the rules E1, E2, L1 and Q1 (docs/rules.md).
 *
 * @param severeMultiple exceedance multiple (C − L)/L from which a single E1/E2 breach is SEVERE
 *     rather than MAJOR (2.0, i.e. three times the limit, the case manager's escalation threshold)
 * @param loadWarningShare share of the annual load quota that raises the L1 warning (0.8)
 * @param loadProjectionDays days of recent load the exhaustion date is projected from (30)
 * @param minEnergyCoverage Q1: the least share of a month each meter a quota needs must cover for
 *     the month to be judged (0.9; {@link EnergyCoverage})
 */
public record RuleConfig(
    double severeMultiple,
    double loadWarningShare,
    int loadProjectionDays,
    double minEnergyCoverage)
    implements Serializable {

  /** The documented defaults. */
  public static final RuleConfig DEFAULTS = new RuleConfig(2.0, 0.8, 30, 0.9);

  public RuleConfig {
    if (!(severeMultiple > 0)) {
      throw new IllegalArgumentException("severeMultiple must be > 0");
    }
    if (!(loadWarningShare > 0 && loadWarningShare < 1)) {
      throw new IllegalArgumentException("loadWarningShare must be in (0, 1)");
    }
    if (loadProjectionDays < 1 || loadProjectionDays > 366) {
      throw new IllegalArgumentException("loadProjectionDays must be in 1..366");
    }
    if (!(minEnergyCoverage > 0 && minEnergyCoverage <= 1)) {
      throw new IllegalArgumentException("minEnergyCoverage must be in (0, 1]");
    }
  }
}
