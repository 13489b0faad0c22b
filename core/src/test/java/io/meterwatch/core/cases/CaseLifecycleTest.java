package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseLifecycle.Transition;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseLifecycleTest {
  static final CasePolicy P = CasePolicy.defaults();

  /** Folds rule events through the lifecycle, collecting the events. */
  static final class Run {
    final List<CaseRecord> records = new ArrayList<>();

    CaseState state;
    final List<CaseEvent> events = new ArrayList<>();

    Run rule(RuleEvent e) {
      return take(CaseLifecycle.onRuleEvent(state, e, "Ankang Power", P));
    }

    Run act(CaseAction a) {
      return take(CaseLifecycle.onAction(state, a, P));
    }

    Run due() {
      return take(CaseLifecycle.onDue(state, P));
    }

    Run take(Transition t) {
      state = t.state();
      events.addAll(t.events());
      if (t.record() != null) {
        records.add(t.record());
      }
      return this;
    }

    List<CaseEventType> types() {
      return events.stream().map(CaseEvent::type).toList();
    }

    CaseEvent last() {
      return events.get(events.size() - 1);
    }
  }

  @Test
  void firstBreachOpensACaseWithADeterministicIdRoutingAndDue() {
    Run r = new Run().rule(breach(0, 0.4));
    CaseEvent e = r.last();
    assertThat(r.types()).containsExactly(CaseEventType.OPENED);
    assertThat(e.caseId()).isEqualTo(SO2.caseId(hour(0))).startsWith("E1-").hasSize(15);
    assertThat(e.eventTime()).isEqualTo(hour(1));
    assertThat(e.status()).isEqualTo(CaseStatus.OPEN);
    assertThat(e.severity()).isEqualTo(Severity.MAJOR);
    assertThat(e.department()).isEqualTo(Department.ECOLOGY_ENVIRONMENT);
    assertThat(e.county()).isEqualTo("Hanbin");
    assertThat(e.enterpriseName()).isEqualTo("Ankang Power");
    assertThat(e.dueTime()).isEqualTo(hour(25));
    assertThat(e.count()).isEqualTo(1);
    assertThat(e.evidence().value()).isEqualTo(49.0);
  }

  @Test
  void compliantWindowsWithoutACaseDoNothing() {
    Run r = new Run().rule(compliant(0)).rule(compliant(1));
    assertThat(r.events).isEmpty();
    assertThat(r.state).isNull();
  }

  @Test
  void furtherBreachesUpdateAtMostOncePerHourWithCountAndWorst() {
    Run r = new Run().rule(breach(0, 0.4)).rule(breach(1, 0.9)).rule(breach(2, 0.5));
    assertThat(r.types())
        .containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED, CaseEventType.UPDATED);
    CaseEvent u = r.last();
    assertThat(u.count()).isEqualTo(3);
    assertThat(u.evidence().multiple()).isEqualTo(0.9);
    assertThat(u.eventTime()).isEqualTo(hour(3));
    // a 10-minute data-quality judgement inside the same hour is counted but not published
    RuleEvent tenMin =
        new RuleEvent(
            SO2,
            Domain.EMISSION,
            COUNTY,
            true,
            Severity.MAJOR,
            new Evidence(
                hour(3), hour(3).plusSeconds(600), 40.0, 35.0, "mg/m3", "GB", 0.14, 10, null));
    r.rule(tenMin);
    assertThat(r.events).hasSize(3);
    assertThat(r.state.count()).isEqualTo(4);
    assertThat(r.state.lastUpdateAt()).isEqualTo(hour(3));
  }

  @Test
  void escalatesToSevereAtAMultipleOfTwo() {
    Run r = new Run().rule(breach(0, 0.4)).rule(breach(1, 2.1));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.ESCALATED);
    assertThat(r.last().severity()).isEqualTo(Severity.SEVERE);
    assertThat(r.last().note()).isEqualTo("MAJOR -> SEVERE: worst multiple 2.10 >= 2.00");
    // opening with a multiple of 2 is SEVERE at once, no separate escalation
    Run direct = new Run().rule(breach(0, 2.0));
    assertThat(direct.types()).containsExactly(CaseEventType.OPENED);
    assertThat(direct.last().severity()).isEqualTo(Severity.SEVERE);
  }

  @Test
  void escalatesAt24ExceedingHoursWithinSevenDays() {
    Run r = new Run();
    for (int h = 0; h < 23; h++) {
      r.rule(breach(h, 0.2));
    }
    assertThat(r.state.severity()).isEqualTo(Severity.MAJOR);
    r.rule(breach(23, 0.2));
    assertThat(r.last().type()).isEqualTo(CaseEventType.ESCALATED);
    assertThat(r.last().note()).isEqualTo("MAJOR -> SEVERE: 24 exceeding hours within 7 days");
    assertThat(r.last().count()).isEqualTo(24);
  }

  @Test
  void hoursOutsideTheLookbackDoNotCount() {
    Run r = new Run();
    for (int h = 0; h < 12; h++) {
      r.rule(breach(h, 0.2));
    }
    // 12 more exceeding hours eight days later: only those are within the lookback
    for (int h = 200; h < 212; h++) {
      r.rule(breach(h, 0.2));
    }
    assertThat(r.state.severity()).isEqualTo(Severity.MAJOR);
    assertThat(CaseLifecycle.exceedingHours(r.state, hour(212), P)).isEqualTo(12.0);
    assertThat(r.state.windows()).hasSize(12);
    assertThat(r.state.count()).isEqualTo(24);
  }

  @Test
  void recoversAfterTwoConsecutiveCompliantWindowsOnly() {
    Run r =
        new Run().rule(breach(0, 0.4)).rule(compliant(1)).rule(breach(2, 0.4)).rule(compliant(3));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED);
    r.rule(compliant(4));
    assertThat(r.types()).endsWith(CaseEventType.RECOVERED);
    assertThat(r.last().status()).isEqualTo(CaseStatus.RECOVERED);
    assertThat(r.last().eventTime()).isEqualTo(hour(5));
    assertThat(r.last().note()).isEqualTo("2 consecutive compliant windows");
    r.rule(compliant(5));
    assertThat(r.events).hasSize(3);
  }

  @Test
  void aBreachAfterRecoveryReopensTheSameCase() {
    Run r =
        new Run()
            .rule(breach(0, 0.4))
            .act(action(SO2.caseId(hour(0)), SO2, CaseActionType.ACK, hour(1)))
            .rule(compliant(1))
            .rule(compliant(2))
            .rule(breach(3, 0.3));
    assertThat(r.types())
        .containsExactly(
            CaseEventType.OPENED,
            CaseEventType.ACKNOWLEDGED,
            CaseEventType.RECOVERED,
            CaseEventType.REOPENED);
    CaseEvent reopened = r.last();
    assertThat(reopened.caseId()).isEqualTo(SO2.caseId(hour(0)));
    assertThat(reopened.status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    assertThat(reopened.count()).isEqualTo(2);
  }

  @Test
  void overdueOnceWhenTheDueTimePassesWithoutClosing() {
    Run r = new Run().rule(breach(0, 0.4)).due();
    assertThat(r.last().type()).isEqualTo(CaseEventType.OVERDUE);
    assertThat(r.last().eventTime()).isEqualTo(hour(25));
    assertThat(r.last().note()).isEqualTo("verification due time passed");
    assertThat(r.state.overdue()).isTrue();
    r.due();
    assertThat(r.events).hasSize(2);
  }

  @Test
  void dataQualityCasesGoToTheMonitoringTeamWith72Hours() {
    Run r = new Run().rule(breach(FLAT, Domain.DATA_QUALITY, 0, 0, Severity.WARNING));
    assertThat(r.last().department()).isEqualTo(Department.ECOLOGY_ENVIRONMENT_MONITORING);
    assertThat(r.last().dueTime()).isEqualTo(hour(73));
    assertThat(r.last().severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void energyQuotaCasesGetSixMonthsOneExtensionThenClosureProposed() {
    Run r = new Run().rule(breach(ENERGY, Domain.ENERGY_QUOTA, 0, 0.1, Severity.MAJOR));
    CaseEvent opened = r.last();
    String id = ENERGY.caseId(hour(0));
    assertThat(opened.department()).isEqualTo(Department.INDUSTRY_IT_AND_DRC);
    // opened 2025-03-10 09:00 local -> deadline 2025-09-10 09:00 local
    assertThat(opened.dueTime()).isEqualTo(CAL.instant(LocalDateTime.of(2025, 9, 10, 9, 0)));
    r.act(extend(id, ENERGY, 4, hour(2)));
    assertThat(r.last().type()).isEqualTo(CaseEventType.ACTION_REJECTED);
    assertThat(r.last().note()).isEqualTo("EXTEND rejected: EXTEND needs 1..3 months, got 4");
    r.act(extend(id, ENERGY, 3, hour(2)));
    assertThat(r.last().type()).isEqualTo(CaseEventType.EXTENDED);
    assertThat(r.last().dueTime()).isEqualTo(CAL.instant(LocalDateTime.of(2025, 12, 10, 9, 0)));
    r.act(extend(id, ENERGY, 1, hour(3)));
    assertThat(r.last().note())
        .isEqualTo("EXTEND rejected: already extended (at most 1 extension)");
    assertThat(r.state.due()).isEqualTo(CAL.instant(LocalDateTime.of(2025, 12, 10, 9, 0)));
    r.due();
    assertThat(r.types()).endsWith(CaseEventType.OVERDUE, CaseEventType.ESCALATED);
    assertThat(r.last().severity()).isEqualTo(Severity.CLOSURE_PROPOSED);
    assertThat(r.last().note())
        .isEqualTo("MAJOR -> CLOSURE_PROPOSED: still failing at the rectification deadline");
    assertThat(r.last().eventTime()).isEqualTo(CAL.instant(LocalDateTime.of(2025, 12, 10, 9, 0)));
  }

  @Test
  void anEnergyCaseRecoveredByTheDeadlineIsOnlyOverdueButFailingLaterIsClosureProposed() {
    Run r =
        new Run()
            .rule(breach(ENERGY, Domain.ENERGY_QUOTA, 0, 0.1, Severity.MAJOR))
            .rule(compliant(ENERGY, Domain.ENERGY_QUOTA, 1))
            .rule(compliant(ENERGY, Domain.ENERGY_QUOTA, 2))
            .due();
    assertThat(r.types())
        .containsExactly(CaseEventType.OPENED, CaseEventType.RECOVERED, CaseEventType.OVERDUE);
    assertThat(r.state.severity()).isEqualTo(Severity.MAJOR);
    int afterDeadline = (int) Duration.between(T0, r.state.due()).toHours() + 10;
    r.rule(breach(ENERGY, Domain.ENERGY_QUOTA, afterDeadline, 0.1, Severity.MAJOR));
    assertThat(r.types()).endsWith(CaseEventType.REOPENED, CaseEventType.ESCALATED);
    assertThat(r.last().severity()).isEqualTo(Severity.CLOSURE_PROPOSED);
    assertThat(r.last().note())
        .isEqualTo("MAJOR -> CLOSURE_PROPOSED: still failing after the rectification deadline");
    // and the deadline is gone: no extension any more
    r.act(extend(ENERGY.caseId(hour(0)), ENERGY, 1, hour(afterDeadline)));
    assertThat(r.last().note()).startsWith("EXTEND rejected: the rectification deadline");
  }

  @Test
  void teamActionsMoveTheStatusAndCloseLeavesOnlyAMemory() {
    String id = SO2.caseId(hour(0));
    Run r =
        new Run()
            .rule(breach(0, 0.4))
            .act(action(id, SO2, CaseActionType.ACK, hour(2)))
            .act(assign(id, SO2, "hanbin-enforcement-2", hour(3)))
            .act(comment(id, SO2, "on site 14:00, analyser calibrated", hour(4)));
    assertThat(r.types())
        .containsExactly(
            CaseEventType.OPENED,
            CaseEventType.ACKNOWLEDGED,
            CaseEventType.ASSIGNED,
            CaseEventType.COMMENTED);
    assertThat(r.events.get(1).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    assertThat(r.events.get(1).actor()).isEqualTo("hanbin-team");
    assertThat(r.events.get(2).status()).isEqualTo(CaseStatus.ASSIGNED);
    assertThat(r.events.get(2).note()).isEqualTo("hanbin-enforcement-2");
    assertThat(r.events.get(3).note()).isEqualTo("on site 14:00, analyser calibrated");
    assertThat(r.events.get(3).eventTime()).isEqualTo(hour(4));
    r.act(close(id, SO2, CaseOutcome.CONFIRMED_VIOLATION, hour(5)));
    assertThat(r.last().type()).isEqualTo(CaseEventType.CLOSED);
    assertThat(r.last().status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(r.last().note()).isEqualTo("CONFIRMED_VIOLATION");
    assertThat(r.state.status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(r.state.windows()).isEmpty();
    // the memory of the closed case lasts 7 days after its last window (hour 1)
    assertThat(r.state.expiresAt()).isEqualTo(hour(1 + 7 * 24));
    assertThat(r.state.wakeUp()).isEqualTo(hour(1 + 7 * 24));
    // the next breach opens a new case with a new id
    r.rule(breach(6, 0.4));
    assertThat(r.last().type()).isEqualTo(CaseEventType.OPENED);
    assertThat(r.last().caseId()).isEqualTo(SO2.caseId(hour(6))).isNotEqualTo(id);
  }

  @Test
  void everyInvalidActionIsRejectedWithItsReasonAndChangesNothing() {
    String id = SO2.caseId(hour(0));
    Run r = new Run().rule(breach(0, 0.4));
    CaseState before = r.state;
    record Case(CaseAction action, String note) {}
    List<Case> cases =
        List.of(
            new Case(
                action("E1-000000000000", SO2, CaseActionType.ACK, hour(1)),
                "ACK rejected: no open case E1-000000000000 (unknown or already closed)"),
            new Case(
                assign(id, SO2, " ", hour(1)),
                "ASSIGN rejected: ASSIGN needs an assignee (team or person)"),
            new Case(comment(id, SO2, null, hour(1)), "COMMENT rejected: COMMENT needs a text"),
            new Case(
                close(id, SO2, null, hour(1)),
                "CLOSE rejected: CLOSE needs an outcome: CONFIRMED_VIOLATION, FALSE_ALARM,"
                    + " DEVICE_FAULT, RECTIFIED, CLOSED_DOWN, EQUIPMENT_SEALED, ACCEPTANCE_PASSED"),
            new Case(
                close(id, SO2, CaseOutcome.RECTIFIED, hour(1)),
                "CLOSE rejected: cannot close as RECTIFIED while the rule still fails (not"
                    + " RECOVERED)"),
            new Case(
                extend(id, SO2, 3, hour(1)),
                "EXTEND rejected: only energy-quota cases can be extended"),
            new Case(
                new CaseAction(id, SO2, CaseActionType.ACK, null, "x", null, null, null, null),
                "ACK rejected: action without a time"));
    for (Case c : cases) {
      r.act(c.action());
      assertThat(r.last().type()).isEqualTo(CaseEventType.ACTION_REJECTED);
      assertThat(r.last().note()).isEqualTo(c.note());
      assertThat(r.state).isSameAs(before);
    }
    // state-dependent rejections: second ACK, same assignee twice
    r.act(action(id, SO2, CaseActionType.ACK, hour(2)));
    r.act(action(id, SO2, CaseActionType.ACK, hour(2)));
    assertThat(r.last().note()).isEqualTo("ACK rejected: already acknowledged");
    r.act(assign(id, SO2, "team-a", hour(2)));
    r.act(assign(id, SO2, "team-a", hour(2)));
    assertThat(r.last().note()).isEqualTo("ASSIGN rejected: already assigned to team-a");
    // an action on a key without any case
    Run empty = new Run().act(action(id, SO2, CaseActionType.ACK, hour(1)));
    assertThat(empty.state).isNull();
    assertThat(empty.last().status()).isNull();
    assertThat(empty.last().enterprise()).isEqualTo(SO2.enterprise());
    assertThat(empty.last().actor()).isEqualTo("hanbin-team");
  }

  @Test
  void closingAsRectifiedNeedsRecovery() {
    String id = SO2.caseId(hour(0));
    Run r =
        new Run()
            .rule(breach(0, 0.4))
            .rule(compliant(1))
            .rule(compliant(2))
            .act(close(id, SO2, CaseOutcome.RECTIFIED, hour(4)));
    assertThat(r.last().type()).isEqualTo(CaseEventType.CLOSED);
    assertThat(r.last().note()).isEqualTo("RECTIFIED");
    assertThat(r.state.status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(CaseLifecycle.onExpired(r.state).state()).isNull();
  }

  @Test
  void policyValidatesItsSettings() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new CasePolicy(
                    0,
                    Duration.ofHours(1),
                    2,
                    24,
                    Duration.ofDays(7),
                    3,
                    Duration.ofDays(7),
                    3,
                    12,
                    Duration.ofHours(24),
                    Duration.ofHours(72),
                    6,
                    3,
                    1,
                    3,
                    200,
                    CAL))
        .hasMessage("recoveryWindows must be >= 1, got 0");
  }
}
