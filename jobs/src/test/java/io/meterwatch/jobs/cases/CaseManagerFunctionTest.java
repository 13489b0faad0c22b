package io.meterwatch.jobs.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseOutcome;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaseManagerFunctionTest {
  private KeyedTwoInputStreamOperatorTestHarness<String, RuleEvent, CaseAction, CaseEvent> h;

  static KeyedTwoInputStreamOperatorTestHarness<String, RuleEvent, CaseAction, CaseEvent> harness()
      throws Exception {
    var op =
        new KeyedCoProcessOperator<>(
            new CaseManagerFunction(
                CasePolicy.defaults(),
                EnterpriseNames.of(Map.of(SO2.enterprise(), "Ankang Power"))));
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        op, e -> e.key().asString(), a -> a.key().asString(), Types.STRING);
  }

  @BeforeEach
  void open() throws Exception {
    h = harness();
    h.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    h.close();
  }

  void rule(RuleEvent e) throws Exception {
    h.processElement1(new StreamRecord<>(e, e.evidence().windowEnd().toEpochMilli()));
  }

  void act(CaseAction a) throws Exception {
    h.processElement2(new StreamRecord<>(a, a.time() == null ? 0 : a.time().toEpochMilli()));
  }

  void watermark(Instant t) throws Exception {
    h.processBothWatermarks(new Watermark(t.toEpochMilli()));
  }

  List<CaseEvent> drain() {
    List<CaseEvent> out = List.copyOf(h.extractOutputValues());
    h.getOutput().clear();
    return out;
  }

  static List<CaseEventType> types(List<CaseEvent> events) {
    return events.stream().map(CaseEvent::type).toList();
  }

  @Test
  void breachesOpenUpdateEscalateRecoverAndReopenOneCase() throws Exception {
    rule(breach(0, 0.4));
    rule(breach(1, 0.5));
    rule(breach(2, 2.2));
    rule(compliant(3));
    rule(compliant(4));
    rule(breach(5, 0.1));
    watermark(hour(6));
    List<CaseEvent> out = drain();
    assertThat(types(out))
        .containsExactly(
            CaseEventType.OPENED,
            CaseEventType.UPDATED,
            CaseEventType.ESCALATED,
            CaseEventType.RECOVERED,
            CaseEventType.REOPENED);
    assertThat(out).extracting(CaseEvent::caseId).containsOnly(SO2.caseId(hour(0)));
    assertThat(out.get(0).enterpriseName()).isEqualTo("Ankang Power");
    assertThat(out.get(2).severity()).isEqualTo(Severity.SEVERE);
    assertThat(out.get(4).count()).isEqualTo(4);
    // the case and the wall-clock fallback of its due time
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    // one timer: the verification due time, 24 h after opening
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void overdueFiresOnceWhenTheWatermarkPassesTheDueTime() throws Exception {
    rule(breach(0, 0.4));
    drain();
    watermark(hour(25).minusMillis(1));
    assertThat(drain()).isEmpty();
    watermark(hour(25));
    List<CaseEvent> out = drain();
    assertThat(types(out)).containsExactly(CaseEventType.OVERDUE);
    assertThat(out.get(0).eventTime()).isEqualTo(hour(25));
    assertThat(h.numEventTimeTimers()).isZero();
    watermark(hour(100));
    assertThat(drain()).isEmpty();
  }

  @Test
  void closingKeepsAMemoryUntilItExpiresThenStateAndTimersAreGone() throws Exception {
    String id = SO2.caseId(hour(0));
    rule(breach(0, 0.4));
    act(action(id, SO2, CaseActionType.ACK, hour(2)));
    act(assign(id, SO2, "hanbin-enforcement-2", hour(3)));
    act(comment(id, SO2, "sampling on site", hour(4)));
    act(close(id, SO2, CaseOutcome.CONFIRMED_VIOLATION, hour(5)));
    List<CaseEvent> out = drain();
    assertThat(types(out))
        .containsExactly(
            CaseEventType.OPENED,
            CaseEventType.ACKNOWLEDGED,
            CaseEventType.ASSIGNED,
            CaseEventType.COMMENTED,
            CaseEventType.CLOSED);
    assertThat(out)
        .extracting(CaseEvent::status)
        .containsExactly(
            CaseStatus.OPEN,
            CaseStatus.ACKNOWLEDGED,
            CaseStatus.ASSIGNED,
            CaseStatus.ASSIGNED,
            CaseStatus.CLOSED);
    // the memory of the closed case: its state and one timer at its expiry, 7 days after hour 1
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    assertThat(h.numProcessingTimeTimers()).isZero();
    // a re-judged opening window is ignored: no second OPENED under the same id
    rule(breach(0, 0.6));
    watermark(hour(48));
    assertThat(drain()).isEmpty();
    watermark(hour(1 + 168));
    assertThat(drain()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    // an action on the closed case is rejected and creates no state
    act(action(id, SO2, CaseActionType.ACK, hour(49)));
    assertThat(drain())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(CaseEventType.ACTION_REJECTED);
              assertThat(e.note())
                  .isEqualTo("ACK rejected: no open case " + id + " (unknown or already closed)");
            });
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void everyInvalidActionIsRejectedWithoutChangingTheCase() throws Exception {
    String id = SO2.caseId(hour(0));
    rule(breach(0, 0.4));
    drain();
    List<CaseAction> invalid =
        List.of(
            action("E1-ffffffffffff", SO2, CaseActionType.ACK, hour(1)),
            assign(id, SO2, "", hour(1)),
            comment(id, SO2, " ", hour(1)),
            close(id, SO2, null, hour(1)),
            close(id, SO2, CaseOutcome.RECTIFIED, hour(1)),
            extend(id, SO2, 1, hour(1)),
            new CaseAction(id, SO2, null, hour(1), "x", null, null, null, null),
            new CaseAction(id, SO2, CaseActionType.ACK, null, "x", null, null, null, null));
    for (CaseAction a : invalid) {
      act(a);
    }
    act(action(id, SO2, CaseActionType.ACK, hour(2)));
    act(action(id, SO2, CaseActionType.ACK, hour(2)));
    List<CaseEvent> out = drain();
    assertThat(out)
        .extracting(CaseEvent::note)
        .containsExactly(
            "ACK rejected: no open case E1-ffffffffffff (unknown or already closed)",
            "ASSIGN rejected: ASSIGN needs an assignee (team or person)",
            "COMMENT rejected: COMMENT needs a text",
            "CLOSE rejected: CLOSE needs an outcome: CONFIRMED_VIOLATION, FALSE_ALARM,"
                + " DEVICE_FAULT, RECTIFIED, CLOSED_DOWN, EQUIPMENT_SEALED, ACCEPTANCE_PASSED",
            "CLOSE rejected: cannot close as RECTIFIED while the rule still fails (not RECOVERED)",
            "EXTEND rejected: only energy-quota cases can be extended",
            "action rejected: action without a type",
            "ACK rejected: action without a time",
            null,
            "ACK rejected: already acknowledged");
    assertThat(types(out).subList(0, 8)).containsOnly(CaseEventType.ACTION_REJECTED);
    assertThat(out.get(8).type()).isEqualTo(CaseEventType.ACKNOWLEDGED);
    assertThat(out.get(9).status()).isEqualTo(CaseStatus.ACKNOWLEDGED);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void anExtensionMovesTheDeadlineTimerAndOnlyOneIsAllowed() throws Exception {
    String id = ENERGY.caseId(hour(0));
    rule(breach(ENERGY, Domain.ENERGY_QUOTA, 0, 0.1, Severity.MAJOR));
    Instant deadline = drain().get(0).dueTime();
    act(extend(id, ENERGY, 2, hour(10)));
    act(extend(id, ENERGY, 1, hour(11)));
    List<CaseEvent> out = drain();
    assertThat(types(out)).containsExactly(CaseEventType.EXTENDED, CaseEventType.ACTION_REJECTED);
    Instant extended = out.get(0).dueTime();
    assertThat(extended).isEqualTo(CAL.instant(CAL.local(deadline).plusMonths(2)));
    assertThat(out.get(1).note())
        .isEqualTo("EXTEND rejected: already extended (at most 1 extension)");
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    watermark(deadline);
    assertThat(drain()).isEmpty();
    watermark(extended);
    out = drain();
    assertThat(types(out)).containsExactly(CaseEventType.OVERDUE, CaseEventType.ESCALATED);
    assertThat(out.get(1).severity()).isEqualTo(Severity.CLOSURE_PROPOSED);
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void stateAndTimerSurviveASnapshotAndRestore() throws Exception {
    rule(breach(0, 0.4));
    drain();
    OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
    h.close();
    h = harness();
    h.setup();
    h.initializeState(snapshot);
    h.open();
    rule(breach(1, 0.6));
    assertThat(drain())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(CaseEventType.UPDATED);
              assertThat(e.count()).isEqualTo(2);
              assertThat(e.caseId()).isEqualTo(SO2.caseId(hour(0)));
            });
    watermark(hour(25));
    assertThat(types(drain())).containsExactly(CaseEventType.OVERDUE);
  }

  @Test
  void aStalledFeedStillMakesTheCaseOverdueOnceOnTheWallClock() throws Exception {
    h.setProcessingTime(1_000_000L);
    watermark(hour(1));
    rule(breach(0, 0.4));
    drain();
    assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
    // no data arrive any more: the watermark stays at hour 1; 24 h of wall clock pass
    h.setProcessingTime(1_000_000L + 24 * 3_600_000L - 1);
    assertThat(drain()).isEmpty();
    h.setProcessingTime(1_000_000L + 24 * 3_600_000L);
    List<CaseEvent> out = drain();
    assertThat(types(out)).containsExactly(CaseEventType.OVERDUE);
    assertThat(out.get(0).eventTime()).isEqualTo(hour(25));
    assertThat(h.numProcessingTimeTimers()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    // the watermark reaching the due time later publishes nothing more
    watermark(hour(30));
    assertThat(drain()).isEmpty();
  }

  @Test
  void caseRecordsFollowEveryChange() throws Exception {
    String id = SO2.caseId(hour(0));
    rule(breach(0, 0.4));
    act(action(id, SO2, CaseActionType.ACK, hour(2)));
    act(action(id, SO2, CaseActionType.ACK, hour(2)));
    var records = h.getSideOutput(CaseManagerFunction.CASE_RECORDS);
    assertThat(records).hasSize(2);
    assertThat(records.stream().map(r -> r.getValue().version())).containsExactly(1, 2);
    assertThat(records.stream().map(r -> r.getValue().status()))
        .containsExactly(CaseStatus.OPEN, CaseStatus.ACKNOWLEDGED);
  }

  static final io.meterwatch.core.time.LocalCalendar CAL = io.meterwatch.core.testing.Fixtures.CAL;
}
