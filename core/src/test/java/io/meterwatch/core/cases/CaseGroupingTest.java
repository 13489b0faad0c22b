package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.COUNTY;
import static io.meterwatch.core.cases.CaseFixtures.hour;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseLifecycleTest.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One case per outlet incident: a detector's findings on several parameters of one outlet share one
 * case (key parameter "-"), which lists every failing parameter, counts each window once and
 * recovers only when every failing parameter is clear again.
 */
class CaseGroupingTest {
  static final CaseKey OUTLET = new CaseKey("91610900MA6YKX0004", "DA001", "D2", "-");
  static final String SO2 = "a21026";
  static final String NOX = "a21002";
  static final String O2 = "a19001";

  /** The D2 judgement of {@code parameter} in hour h: {@code valid} valid minutes of 60. */
  static RuleEvent hourOf(String parameter, int h, int valid) {
    boolean breach = valid < 45;
    return new RuleEvent(
        OUTLET,
        Domain.DATA_QUALITY,
        COUNTY,
        breach,
        breach ? Severity.WARNING : Severity.INFO,
        new Evidence(
            hour(h),
            hour(h + 1),
            (double) valid,
            45.0,
            "min",
            "data verification",
            null,
            valid,
            parameter + ": " + valid + " valid minutes of 60 with data"),
        parameter);
  }

  @Test
  void everyParameterOfAnOutageJoinsTheOneCaseWhichRecoversWhenAllAreClear() {
    Run r =
        new Run()
            .rule(hourOf(SO2, 0, 20))
            .rule(hourOf(NOX, 0, 30))
            .rule(hourOf(O2, 0, 60))
            .rule(hourOf(SO2, 1, 60))
            .rule(hourOf(NOX, 1, 10))
            .rule(hourOf(O2, 1, 60));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.UPDATED);
    CaseEvent opened = r.events.get(0);
    assertThat(opened.caseId()).isEqualTo(OUTLET.caseId(hour(0))).startsWith("D2-");
    assertThat(opened.parameter()).isEqualTo("-");
    assertThat(opened.parameters()).containsExactly(SO2);
    assertThat(opened.count()).isEqualTo(1);
    // hour 1's NOx is the second breaching window; SO2 clear in it does not make it compliant
    CaseEvent updated = r.events.get(1);
    assertThat(updated.eventTime()).isEqualTo(hour(2));
    assertThat(updated.count()).isEqualTo(2);
    assertThat(updated.parameters()).containsExactly(NOX, SO2);
    assertThat(updated.parametersText()).isEqualTo("a21002,a21026");
    assertThat(r.records.get(r.records.size() - 1).parameters()).containsExactly(NOX, SO2);

    // hour 2 clear everywhere: SO2 has 2 clear hours, NOx 1 — still open
    r.rule(hourOf(SO2, 2, 60)).rule(hourOf(NOX, 2, 60)).rule(hourOf(O2, 2, 60));
    assertThat(r.types()).hasSize(2);
    assertThat(r.state.recovered()).isFalse();
    // hour 3: NOx's second clear hour recovers the case
    r.rule(hourOf(SO2, 3, 60));
    assertThat(r.types()).hasSize(2);
    r.rule(hourOf(NOX, 3, 60));
    assertThat(r.types()).hasSize(3).endsWith(CaseEventType.RECOVERED);
    assertThat(r.last().eventTime()).isEqualTo(hour(4));
    assertThat(r.last().count()).isEqualTo(2);
    assertThat(r.last().status()).isEqualTo(CaseStatus.RECOVERED);
  }

  @Test
  void aFailingParameterThatFallsSilentKeepsTheCaseOpen() {
    Run r = new Run().rule(hourOf(SO2, 0, 20));
    for (int h = 0; h < 4; h++) {
      r.rule(hourOf(NOX, h, 60)).rule(hourOf(O2, h, 60));
    }
    // SO2 has not been judged since it failed: the clear NOx and O2 hours do not recover the case
    assertThat(r.types()).containsExactly(CaseEventType.OPENED);
    assertThat(r.state.recovered()).isFalse();
    r.rule(hourOf(SO2, 4, 60));
    assertThat(r.state.recovered()).isFalse();
    r.rule(hourOf(SO2, 5, 59));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.RECOVERED);
    assertThat(r.last().eventTime()).isEqualTo(hour(6));
  }

  @Test
  void anotherParameterFailingAfterRecoveryReopensTheSameCase() {
    Run r =
        new Run()
            .rule(hourOf(SO2, 0, 20))
            .rule(hourOf(SO2, 1, 60))
            .rule(hourOf(SO2, 2, 60))
            .rule(hourOf(O2, 3, 40));
    assertThat(r.types())
        .containsExactly(CaseEventType.OPENED, CaseEventType.RECOVERED, CaseEventType.REOPENED);
    assertThat(r.events).extracting(CaseEvent::caseId).containsOnly(OUTLET.caseId(hour(0)));
    assertThat(r.last().parameters()).containsExactly(O2, SO2);
    assertThat(r.last().count()).isEqualTo(2);
  }

  @Test
  void aRevisionReplacesOnlyItsParametersVerdictInTheWindow() {
    Run r =
        new Run()
            .rule(hourOf(SO2, 0, 20))
            .rule(hourOf(NOX, 0, 20))
            // a back-filled SO2 hour 0 is complete after all: NOx still fails in it
            .rule(hourOf(SO2, 0, 58));
    assertThat(r.state.count()).isEqualTo(1);
    assertThat(r.state.windows())
        .containsExactly(
            new CaseState.Verdict(
                hour(0), hour(1), true, WindowKind.HOURS, List.of(NOX), List.of(SO2)));
    // only NOx needs two clear hours now
    r.rule(hourOf(NOX, 1, 60));
    assertThat(r.state.recovered()).isFalse();
    r.rule(hourOf(NOX, 2, 60));
    assertThat(r.types()).containsExactly(CaseEventType.OPENED, CaseEventType.RECOVERED);
    // the parameters the case was about stay listed
    assertThat(r.last().parameters()).containsExactly(NOX, SO2);
  }

  @Test
  void detectorsGroupParametersExceedancesQuotasAndD9KindsDoNot() {
    assertThat(Rule.values())
        .filteredOn(Rule::groupsParameters)
        .containsExactly(
            Rule.D1, Rule.D2, Rule.D3, Rule.D4, Rule.D5, Rule.D6, Rule.D7, Rule.D8, Rule.D10);
  }
}
