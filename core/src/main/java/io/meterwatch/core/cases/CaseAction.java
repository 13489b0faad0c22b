package io.meterwatch.core.cases;

import java.time.Instant;

/**
 * A team's action on a case (Kafka {@code case.actions}, key = case id).
 *
 * <p>The case manager keeps its state per {@link CaseKey}, and case ids are one-way hashes, so an
 * action names both: the case id it means and the case key it belongs to (enterprise, subject, rule
 * and parameter are on every case event; {@code meterwatch tasks} copies them). The case manager
 * rejects the action when the key's open case has a different id.
 *
 * @param caseId the case acted on
 * @param key the case's key
 * @param type what to do
 * @param time when the person acted (the event time of the resulting case event)
 * @param actor who acted (user or team name)
 * @param assignee ASSIGN: the team or person, else {@code null}
 * @param comment COMMENT: the note; optional remark for the other types
 * @param outcome CLOSE: the finding, else {@code null}
 * @param extendMonths EXTEND: months to add to the rectification deadline (1..3), else {@code null}
 */
public record CaseAction(
    String caseId,
    CaseKey key,
    CaseActionType type,
    Instant time,
    String actor,
    String assignee,
    String comment,
    CaseOutcome outcome,
    Integer extendMonths) {

  /** An action of a type with no arguments (ACK), for builders and tests. */
  public static CaseAction of(
      String caseId, CaseKey key, CaseActionType type, Instant time, String actor) {
    return new CaseAction(caseId, key, type, time, actor, null, null, null, null);
  }
}
