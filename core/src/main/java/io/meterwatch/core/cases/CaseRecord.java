package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * The whole current state of one case, as the job publishes it on the compacted {@code cases} topic
 * (key = case id) after every event of the case, beside the event on {@code alerts}. Compaction
 * keeps the latest record of each case, so a reader (the console, {@code meterwatch tasks}) gets
 * every case's state without folding the event history; a closed case keeps its last record with
 * status CLOSED. docs/cases.md shows an example.
 *
 * @param caseId the case id (also the Kafka key)
 * @param version the number of events the case has had (1 after OPENED); a reader keeps the record
 *     with the highest version when it sees two
 * @param key the case key (what a team action must name)
 * @param domain the enforcement domain
 * @param severity current severity
 * @param status current status
 * @param enterpriseName the enterprise's name as in the registry, or {@code null}
 * @param county the county carrying out enforcement
 * @param department the responsible department
 * @param parameters the parameters the case is about (several when one cause affects several
 *     parameters, e.g. a silent outlet; the key's parameter otherwise; empty for "-")
 * @param openedAt event time of OPENED (end of the opening window)
 * @param dueTime verification due time, or the rectification deadline of an energy-quota case
 * @param overdue whether the due time has passed without a CLOSE
 * @param extensions energy quota: extensions granted so far
 * @param acknowledged whether a team acknowledged (or was assigned) the case
 * @param assignee the team or person assigned, or {@code null}
 * @param count breaching windows so far (each window counted once, revisions replace)
 * @param opening the evidence of the opening window
 * @param worst the evidence with the highest multiple (or value)
 * @param latest the evidence of the latest judged window
 * @param lastType the type of the latest event
 * @param lastTime the time of the latest event
 * @param lastActor who acted last (team actions), or {@code null}
 * @param lastNote the latest event's note (comment, reason), or {@code null}
 * @param outcome the outcome of a closed case, or {@code null}
 * @param rectificationSince energy quota: start of the rectification period the case belongs to
 *     (end of its first failing month), or {@code null}
 */
public record CaseRecord(
    String caseId,
    int version,
    CaseKey key,
    Domain domain,
    Severity severity,
    CaseStatus status,
    String enterpriseName,
    String county,
    Department department,
    List<String> parameters,
    Instant openedAt,
    Instant dueTime,
    boolean overdue,
    int extensions,
    boolean acknowledged,
    String assignee,
    int count,
    Evidence opening,
    Evidence worst,
    Evidence latest,
    CaseEventType lastType,
    Instant lastTime,
    String lastActor,
    String lastNote,
    CaseOutcome outcome,
    Instant rectificationSince) {

  public CaseRecord {
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }

  /**
   * The parameters as a person reads them: {@code a21026,a21002} for a case about several, the
   * key's parameter (or {@value CaseKey#NO_PARAMETER}) otherwise.
   */
  @JsonIgnore
  public String parametersText() {
    if (!parameters.isEmpty()) {
      return String.join(",", parameters);
    }
    return key == null ? CaseKey.NO_PARAMETER : key.parameter();
  }
}
