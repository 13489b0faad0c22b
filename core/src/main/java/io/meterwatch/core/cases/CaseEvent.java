package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * One event in the life of a verification case (Kafka {@code alerts}, key = case id). Event times
 * are event time: the end of the window that caused it, or the action's time.
 *
 * @param caseId deterministic case id ({@link CaseKey#caseId})
 * @param type what happened
 * @param eventTime when it happened (event time)
 * @param rule the rule id
 * @param domain the enforcement domain
 * @param severity severity after the event
 * @param enterprise credit code of the enterprise
 * @param enterpriseName the enterprise's name as in the registry
 * @param county the county carrying out enforcement
 * @param subject outlet id or meter MN
 * @param parameter parameter code or {@code "-"}
 * @param evidence the latest evidence (worst value for UPDATED)
 * @param count number of breaching windows so far
 * @param department the responsible department
 * @param dueTime when verification (or rectification) is due
 * @param status status after the event
 * @param actor who acted (team actions), or {@code null}
 * @param note comment, outcome or rejection reason, or {@code null}
 * @param parameters the parameters the case is about: the key's parameter, or every parameter that
 *     failed so far in a case that groups them ({@link Rule#groupsParameters()}); empty when the
 *     rule is not about a parameter
 */
public record CaseEvent(
    String caseId,
    CaseEventType type,
    Instant eventTime,
    String rule,
    Domain domain,
    Severity severity,
    String enterprise,
    String enterpriseName,
    String county,
    String subject,
    String parameter,
    Evidence evidence,
    int count,
    Department department,
    Instant dueTime,
    CaseStatus status,
    String actor,
    String note,
    List<String> parameters) {

  public CaseEvent {
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }

  /**
   * The parameters as a person reads them: {@code a21026,a21002} for a case about several, the
   * key's parameter (or {@value CaseKey#NO_PARAMETER}) otherwise.
   */
  @JsonIgnore
  public String parametersText() {
    return parameters.isEmpty() ? parameter : String.join(",", parameters);
  }
}
