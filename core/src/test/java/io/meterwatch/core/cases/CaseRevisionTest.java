package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseLifecycleTest.Run;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each window counts once: a revised window replaces its verdict; state stays bounded. */
class CaseRevisionTest {
  static final CasePolicy P = CasePolicy.defaults();

  @Test
  void aRejudgedBreachReplacesItsVerdictInsteadOfCountingTwice() {
    Run r = new Run().rule(breach(0, 0.4)).rule(breach(1, 0.4)).rule(breach(1, 0.6));
    assertThat(r.state.count()).isEqualTo(2);
    assertThat(CaseLifecycle.exceedingHours(r.state, hour(2), P)).isEqualTo(2.0);
    // the revision of hour 1 is the worst now; no second UPDATED within the hour
    assertThat(r.state.worst().multiple()).isEqualTo(0.6);
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED);
    // 23 replays of the same hour do not make 24 exceeding hours
    for (int i = 0; i < 23; i++) {
      r.rule(breach(1, 0.6));
    }
    assertThat(r.state.severity()).isEqualTo(Severity.MAJOR);
    assertThat(r.state.count()).isEqualTo(2);
  }

  @Test
  void aBreachRevisedToCompliantNoLongerCounts() {
    Run r = new Run().rule(breach(0, 0.4)).rule(breach(1, 0.4)).rule(compliant(1));
    assertThat(r.state.count()).isEqualTo(1);
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED);
    r.rule(compliant(2));
    assertThat(r.types()).endsWith(CaseEventType.RECOVERED);
    assertThat(r.last().count()).isEqualTo(1);
    assertThat(r.last().eventTime()).isEqualTo(hour(3));
  }

  @Test
  void aRevisedCompliantWindowCountsOnceTowardRecovery() {
    Run r = new Run().rule(breach(0, 0.4)).rule(compliant(1)).rule(compliant(1));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED);
    assertThat(r.state.recovered()).isFalse();
    // a compliant hour revised to a breach while recovered reopens the case
    r.rule(compliant(2));
    assertThat(r.types()).endsWith(CaseEventType.RECOVERED);
    r.rule(breach(2, 0.2));
    assertThat(r.types()).endsWith(CaseEventType.REOPENED);
    assertThat(r.last().count()).isEqualTo(2);
  }

  @Test
  void aRejudgedOpeningWindowAfterCloseNeverOpensTheSameCaseIdAgain() {
    String id = SO2.caseId(hour(0));
    Run r =
        new Run()
            .rule(breach(0, 0.4))
            .rule(breach(1, 0.4))
            .act(close(id, SO2, CaseOutcome.FALSE_ALARM, hour(3)))
            .rule(breach(0, 0.5))
            .rule(breach(1, 0.5));
    assertThat(r.types())
        .containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED, CaseEventType.CLOSED);
    assertThat(r.events.stream().filter(e -> e.type() == CaseEventType.OPENED)).hasSize(1);
    // a later window is a new incident: a new case with a new id
    r.rule(breach(5, 0.4));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().caseId()).isEqualTo(SO2.caseId(hour(5))).isNotEqualTo(id);
    assertThat(r.last().count()).isEqualTo(1);
  }

  @Test
  void theClosedMemoryExpiresSevenDaysAfterTheLastWindow() {
    String id = SO2.caseId(hour(0));
    Run r = new Run().rule(breach(0, 0.4)).act(close(id, SO2, CaseOutcome.FALSE_ALARM, hour(2)));
    assertThat(r.state.wakeUp()).isEqualTo(hour(1 + 168));
    r.take(CaseLifecycle.onExpired(r.state));
    assertThat(r.state).isNull();
    // expiry of an open case is not a thing
    Run open = new Run().rule(breach(0, 0.4));
    assertThat(CaseLifecycle.onExpired(open.state).state()).isSameAs(open.state);
  }

  @Test
  void stateStaysBoundedAndTheCountStaysExact() {
    Run r = new Run();
    for (int h = 0; h < 1000; h++) {
      r.rule(breach(h, 0.2));
    }
    assertThat(r.state.count()).isEqualTo(1000);
    // hours ending after the 7-day lookback start: 168 windows
    assertThat(r.state.windows()).hasSize(168);
    // a revision of a window dropped long ago changes nothing
    CaseState before = r.state;
    r.rule(compliant(0));
    assertThat(r.state).isSameAs(before);
    // five-minute findings: at most 200 verdicts whatever their number
    Run many = new Run();
    for (int i = 0; i < 1000; i++) {
      Instant start = hour(0).plusSeconds(300L * i);
      many.rule(
          new RuleEvent(
              FLAT,
              Domain.DATA_QUALITY,
              COUNTY,
              true,
              Severity.WARNING,
              new Evidence(start, start.plusSeconds(300), 1.0, null, null, "x", null, null, null)));
    }
    assertThat(many.state.windows()).hasSize(200);
    assertThat(many.state.count()).isEqualTo(1000);
  }

  @Test
  void everyChangeIsPublishedAsTheCaseWholeStateWithARisingVersion() {
    String id = SO2.caseId(hour(0));
    Run r =
        new Run()
            .rule(breach(0, 0.4))
            .act(assign(id, SO2, "hanbin-enforcement-2", hour(2)))
            .act(close(id, SO2, CaseOutcome.CONFIRMED_VIOLATION, hour(5)))
            .act(action(id, SO2, CaseActionType.ACK, hour(6)));
    assertThat(r.records).hasSize(3);
    assertThat(r.records.stream().map(CaseRecord::version)).containsExactly(1, 2, 3);
    CaseRecord closed = r.records.get(2);
    assertThat(closed.caseId()).isEqualTo(id);
    assertThat(closed.status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(closed.outcome()).isEqualTo(CaseOutcome.CONFIRMED_VIOLATION);
    assertThat(closed.assignee()).isEqualTo("hanbin-enforcement-2");
    assertThat(closed.openedAt()).isEqualTo(hour(1));
    assertThat(closed.dueTime()).isEqualTo(hour(25));
    assertThat(closed.parameters()).containsExactly("a21026");
    assertThat(closed.opening().value()).isEqualTo(49.0);
    assertThat(closed.lastType()).isEqualTo(CaseEventType.CLOSED);
    assertThat(closed.lastActor()).isEqualTo("li");
    assertThat(closed.department()).isEqualTo(Department.ECOLOGY_ENVIRONMENT);
    // the ACK after CLOSE is rejected as "unknown or already closed"
    assertThat(r.last().type()).isEqualTo(CaseEventType.ACTION_REJECTED);
    assertThat(r.last().note())
        .isEqualTo("ACK rejected: no open case " + id + " (unknown or already closed)");
  }
}
