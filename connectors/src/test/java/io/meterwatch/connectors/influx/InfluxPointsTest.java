package io.meterwatch.connectors.influx;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.cases.Department;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InfluxPointsTest {
  static final CaseKey KEY = new CaseKey("91610900MA000001X", "DA001", "E1", "a21026");
  static final Evidence EV =
      new Evidence(T0, T0.plusSeconds(3600), 70.0, 35.0, "mg/m3", "GB 13223-2011", 1.0, 52, null);

  static CaseEvent opened(CaseEventType type, String note) {
    return new CaseEvent(
        KEY.caseId(T0),
        type,
        T0.plusSeconds(3600),
        "E1",
        Domain.EMISSION,
        Severity.MAJOR,
        KEY.enterprise(),
        "Ankang Power",
        "Hanbin",
        "DA001",
        "a21026",
        EV,
        1,
        Department.ECOLOGY_ENVIRONMENT,
        T0.plusSeconds(3600 * 25),
        CaseStatus.OPEN,
        null,
        note,
        List.of("a21026"));
  }

  @Test
  void ruleEventIsOnePointAtItsWindowStartWithLowCardinalityTags() {
    RuleEvent e = new RuleEvent(KEY, Domain.EMISSION, "Hanbin", true, Severity.MAJOR, EV);
    assertThat(InfluxPoints.ruleEvent(e).lineProtocol(TimeUnit.MILLISECONDS))
        .isEqualTo(
            "rule_event,county=Hanbin,domain=emission,enterprise=91610900MA000001X,outlet=DA001,"
                + "parameter=a21026,rule=E1,severity=MAJOR breach=true,limit=35.0,multiple=1.0,"
                + "standard=\"GB 13223-2011\",unit=\"mg/m3\",valid_count=52i,value=70.0,"
                + "window_end_ms="
                + T0.plusSeconds(3600).toEpochMilli()
                + "i,window_start_ms="
                + T0.toEpochMilli()
                + "i "
                + T0.toEpochMilli());
  }

  @Test
  void caseEventCarriesTheCaseIdAsAFieldAndAStableSubMillisecondTime() {
    CaseEvent e = opened(CaseEventType.OPENED, null);
    String line = InfluxPoints.caseEvent(e).lineProtocol(TimeUnit.NANOSECONDS);
    assertThat(line)
        .startsWith(
            "case_event,county=Hanbin,domain=emission,enterprise=91610900MA000001X,outlet=DA001,"
                + "parameter=a21026,rule=E1,severity=MAJOR,status=OPEN,type=OPENED ")
        .contains("case_id=\"" + KEY.caseId(T0) + "\"")
        .contains("count=1i")
        .contains("department=\"ECOLOGY_ENVIRONMENT\"");
    long nanos = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    assertThat(nanos / 1_000_000).isEqualTo(T0.plusSeconds(3600).toEpochMilli());
    // the same event always lands on the same nanosecond (idempotent rewrite) ...
    assertThat(InfluxPoints.caseEvent(opened(CaseEventType.OPENED, null)).lineProtocol())
        .isEqualTo(InfluxPoints.caseEvent(e).lineProtocol());
    // ... and two comments in the same millisecond do not overwrite each other
    assertThat(InfluxPoints.subMillisecondOffset(KEY.caseId(T0), "COMMENTED", "li", "first"))
        .isNotEqualTo(
            InfluxPoints.subMillisecondOffset(KEY.caseId(T0), "COMMENTED", "li", "second"));
  }

  @Test
  void hourlyValueIsKeyedByOutletParameterAndHour() {
    assertThat(
            InfluxPoints.hourlyValue("Hanbin", "E", "DA001", "a21026", T0, 41.25, "mg/m3", 55)
                .lineProtocol(TimeUnit.MILLISECONDS))
        .isEqualTo(
            "hourly_value,county=Hanbin,enterprise=E,outlet=DA001,parameter=a21026 "
                + "unit=\"mg/m3\",valid_count=55i,value=41.25 "
                + T0.toEpochMilli());
  }
}
