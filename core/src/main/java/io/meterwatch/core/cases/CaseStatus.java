package io.meterwatch.core.cases;

/** Where a verification case stands after an event (docs/cases.md has the diagram). */
public enum CaseStatus {
  OPEN,
  ACKNOWLEDGED,
  ASSIGNED,
  RECOVERED,
  CLOSED
}
