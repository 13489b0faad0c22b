package io.meterwatch.core.cases;

import static io.meterwatch.core.cases.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaseJsonTest {
  static final CasePolicy P = CasePolicy.defaults();

  @Test
  void caseEventsRoundTripWithIsoTimes() throws Exception {
    CaseEvent opened =
        CaseLifecycle.onRuleEvent(null, breach(0, 0.4), "Ankang Power", P).events().get(0);
    byte[] json = CaseJson.eventBytes(opened);
    String text = new String(json, StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\"caseId\":\"" + SO2.caseId(hour(0)) + "\"")
        .contains("\"type\":\"OPENED\"")
        .contains("\"eventTime\":\"2025-03-10T01:00:00Z\"")
        .contains("\"department\":\"ECOLOGY_ENVIRONMENT\"")
        .doesNotContain("\"actor\"");
    assertThat(CaseJson.readEvent(json)).isEqualTo(opened);
  }

  @Test
  void actionsRoundTripAndBadOnesAreTyped() throws Exception {
    CaseAction a = close(SO2.caseId(hour(0)), SO2, CaseOutcome.FALSE_ALARM, hour(3));
    assertThat(CaseJson.readAction(CaseJson.actionBytes(a))).isEqualTo(a);
    assertThatThrownBy(() -> CaseJson.readAction("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RejectedInputException.class)
        .satisfies(
            e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(ReasonCode.BAD_JSON));
    assertThatThrownBy(
            () ->
                CaseJson.readAction(
                    "{\"caseId\":\"E1-1\",\"type\":\"ACK\",\"time\":\"2025-03-10T01:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RejectedInputException.class)
        .hasMessage("action on E1-1 needs type, key and time (copy the key from the case event)")
        .satisfies(
            e ->
                assertThat(((RejectedInputException) e).reason())
                    .isEqualTo(ReasonCode.MISSING_FIELD));
    assertThatThrownBy(
            () ->
                CaseJson.readAction(
                    "{\"caseId\":\"E1-1\",\"type\":\"SMILE\"}".getBytes(StandardCharsets.UTF_8)))
        .satisfies(
            e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(ReasonCode.BAD_JSON));
  }

  @Test
  void stateRoundTripsAndKeepsWorkingAfterwards() {
    CaseState s = CaseLifecycle.onRuleEvent(null, breach(0, 0.4), "Ankang Power", P).state();
    s = CaseLifecycle.onRuleEvent(s, breach(1, 0.9), "Ankang Power", P).state();
    CaseState back = CaseJson.readState(CaseJson.stateJson(s));
    assertThat(CaseJson.stateJson(back)).isEqualTo(CaseJson.stateJson(s));
    assertThat(back.count()).isEqualTo(2);
    assertThat(back.windows()).hasSize(2);
    assertThat(back.worst().multiple()).isEqualTo(0.9);
    assertThat(CaseLifecycle.onRuleEvent(back, breach(2, 0.1), null, P).events().get(0).count())
        .isEqualTo(3);
  }
}
