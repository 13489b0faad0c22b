package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseStatesTest {
  static final CasePolicy P = CasePolicy.defaults();

  @Test
  void keepsTheLatestRecordOfEachCaseAndFilters() {
    List<CaseRecord> records = new ArrayList<>();
    CaseState so2 = null;
    for (RuleEvent e : List.of(breach(0, 0.4), breach(1, 0.6))) {
      var t = CaseLifecycle.onRuleEvent(so2, e, "Ankang Power", P);
      so2 = t.state();
      records.add(t.record());
    }
    String id = so2.caseId();
    var assigned = CaseLifecycle.onAction(so2, assign(id, SO2, "team-7", hour(3)), P);
    records.add(assigned.record());
    // a rejected action writes no record
    assertThat(
            CaseLifecycle.onAction(assigned.state(), comment("nope", SO2, "x", hour(3)), P)
                .record())
        .isNull();
    var dq =
        CaseLifecycle.onRuleEvent(null, breach(FLAT, Domain.DATA_QUALITY, 0, 0, null), null, P);
    records.add(dq.record());
    var closed =
        CaseLifecycle.onAction(
            dq.state(), close(dq.state().caseId(), FLAT, CaseOutcome.DEVICE_FAULT, hour(5)), P);
    records.add(closed.record());

    CaseStates board = new CaseStates();
    records.forEach(board::apply);
    // a stale record (replayed out of order) does not win over a newer one
    board.apply(records.get(0));
    assertThat(board.size()).isEqualTo(2);
    assertThat(board.list(null, null, null)).extracting(CaseRecord::caseId).containsExactly(id);
    CaseRecord c = board.get(id).orElseThrow();
    assertThat(c.version()).isEqualTo(3);
    assertThat(c.status()).isEqualTo(CaseStatus.ASSIGNED);
    assertThat(c.assignee()).isEqualTo("team-7");
    assertThat(c.count()).isEqualTo(2);
    assertThat(c.key()).isEqualTo(SO2);
    assertThat(c.openedAt()).isEqualTo(hour(1));
    assertThat(board.list("hanbin", Department.ECOLOGY_ENVIRONMENT, null)).hasSize(1);
    assertThat(board.list("Xunyang", null, null)).isEmpty();
    assertThat(board.list(null, null, CaseStatus.CLOSED))
        .singleElement()
        .satisfies(
            cl -> {
              assertThat(cl.department()).isEqualTo(Department.ECOLOGY_ENVIRONMENT_MONITORING);
              assertThat(cl.outcome()).isEqualTo(CaseOutcome.DEVICE_FAULT);
              assertThat(cl.lastNote()).isEqualTo("DEVICE_FAULT");
            });
    assertThat(board.get("nope")).isEmpty();
  }
}
