package io.meterwatch.core.cases;

/** What happened to a case; one Kafka record on the {@code alerts} topic per event. */
public enum CaseEventType {
  OPENED,
  UPDATED,
  ESCALATED,
  RECOVERED,
  ACKNOWLEDGED,
  ASSIGNED,
  COMMENTED,
  CLOSED,
  REOPENED,
  OVERDUE,
  EXTENDED,
  /** A team action that could not be applied (unknown case, illegal transition, ...). */
  ACTION_REJECTED
}
