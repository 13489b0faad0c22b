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
  RECTIFIED
}
