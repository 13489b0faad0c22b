package io.meterwatch.core.quality;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.MeterRef;
import java.time.Instant;

/**
 * Builds the rule events of the data verification detectors (docs/rules.md, "What every detector
 * emits"): domain DATA_QUALITY, the case key of the meter, standard {@value #STANDARD}.
 */
public final class DataQualityEvents {
  /** The evidence's standard for every detector. */
  public static final String STANDARD = "data verification";

  private DataQualityEvents() {}

  /** The case subject of a meter: the outlet id for outlet meters, else the MN. */
  public static String subject(MeterRef ref, String mn) {
    return ref.outlet() != null ? ref.outlet().id() : mn;
  }

  /** The case key of a finding about a meter. */
  public static CaseKey key(MeterRef ref, String mn, String rule, String parameter) {
    return new CaseKey(ref.enterprise().creditCode(), subject(ref, mn), rule, parameter);
  }

  /**
   * A detector's judgement.
   *
   * @param breach whether the data are suspicious
   * @param severity the breach's severity (INFO is used for clear judgements)
   */
  public static RuleEvent event(
      CaseKey key,
      String county,
      boolean breach,
      Severity severity,
      long windowStart,
      long windowEnd,
      Double value,
      Double limit,
      String unit,
      Double multiple,
      Integer count,
      String detail) {
    return new RuleEvent(
        key,
        Domain.DATA_QUALITY,
        county,
        breach,
        breach ? severity : Severity.INFO,
        new Evidence(
            Instant.ofEpochMilli(windowStart),
            Instant.ofEpochMilli(windowEnd),
            value,
            limit,
            unit,
            STANDARD,
            multiple,
            count,
            detail));
  }
}
