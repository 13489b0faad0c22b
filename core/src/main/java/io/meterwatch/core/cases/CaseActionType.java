package io.meterwatch.core.cases;

/** What a team does to a case through the {@code case.actions} topic. */
public enum CaseActionType {
  /** Seen and being handled. */
  ACK,
  /** Hand to a team or a person ({@link CaseAction#assignee()}). */
  ASSIGN,
  /** Add a note ({@link CaseAction#comment()}). */
  COMMENT,
  /** Finish the verification with an {@link CaseOutcome}. */
  CLOSE,
  /** Energy quota only: extend the rectification deadline once, by at most 3 months. */
  EXTEND
}
