package io.meterwatch.core.quality;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.registry.MeterRef;

/**
 * Addresses the findings of the data verification detectors to their cases (docs/rules.md, "What
 * every detector emits"): domain DATA_QUALITY, the case key of the meter, standard {@value
 * Finding#STANDARD}.
 */
public final class DataQualityEvents {
  /** The evidence's standard for every detector. */
  public static final String STANDARD = Finding.STANDARD;

  private DataQualityEvents() {}

  /** The case subject of a meter: the outlet id for outlet meters, else the MN. */
  public static String subject(MeterRef ref, String mn) {
    return ref.outlet() != null ? ref.outlet().id() : mn;
  }

  /** The rule event of a finding about meter {@code mn}. */
  public static RuleEvent event(MeterRef ref, String mn, Finding f) {
    return f.event(ref.enterprise().creditCode(), subject(ref, mn), ref.enterprise().county());
  }
}
