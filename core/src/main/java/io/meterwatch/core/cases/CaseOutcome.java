package io.meterwatch.core.cases;

/** The finding that closes a case. */
public enum CaseOutcome {
  /** The violation is real and goes to enforcement. */
  CONFIRMED_VIOLATION,
  /** The alert was wrong (e.g. a limit or registry error). */
  FALSE_ALARM,
  /** The meter or analyser was faulty, not the plant. */
  DEVICE_FAULT,
  /** The plant fixed the problem; requires the case to have recovered. */
  RECTIFIED,
  /**
   * Enforcement ended in closure: production stopped and closed by law (no meter can see this; the
   * county records it so the statistics table counts it).
   */
  CLOSED_DOWN,
  /** The failing equipment was sealed (power cut, drive units removed, line sealed). */
  EQUIPMENT_SEALED,
  /** The on-site acceptance by city and county was passed after rectification. */
  ACCEPTANCE_PASSED
}
