package io.meterwatch.core.cases;

/** How serious a case is; escalation only ever raises it. */
public enum Severity {
  INFO,
  WARNING,
  MAJOR,
  SEVERE,
  /** Energy quota still failed after the rectification deadline: closure proposed. */
  CLOSURE_PROPOSED
}
