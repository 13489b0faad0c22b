package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void breachBecomesTheRuleEventOfTheOutletsCaseNamingItsParameter() {
    RuleEvent e =
        Finding.breach(Rule.D5, "a21026")
            .severity(Severity.MAJOR)
            .window(1_000, 2_000)
            .figures(900.0, 750.0, "mg/m3")
            .detail("a21026 = 900.0: above 1.5 x range")
            .build()
            .event("91610900MA6YKX0001", "DA001", "610902");
    assertThat(e)
        .isEqualTo(
            new RuleEvent(
                new CaseKey("91610900MA6YKX0001", "DA001", "D5", "-"),
                Domain.DATA_QUALITY,
                "610902",
                true,
                Severity.MAJOR,
                new Evidence(
                    Instant.ofEpochMilli(1_000),
                    Instant.ofEpochMilli(2_000),
                    900.0,
                    750.0,
                    "mg/m3",
                    "data verification",
                    null,
                    null,
                    "a21026 = 900.0: above 1.5 x range"),
                "a21026"));
  }

  @Test
  void clearIsInfoAboutTheWholeMeterWithoutParameter() {
    Finding f =
        Finding.clear(Rule.D1, null)
            .severity(Severity.MAJOR)
            .window(5_000, 4_000)
            .count(3)
            .detail("data again")
            .build();
    RuleEvent e = f.event("E", "MN1", "C");
    assertThat(e.key()).isEqualTo(new CaseKey("E", "MN1", "D1", "-"));
    assertThat(e.breach()).isFalse();
    assertThat(e.severity()).isEqualTo(Severity.INFO);
    // an end before the start (out-of-order reading) is taken as the start
    assertThat(e.evidence().windowEnd()).isEqualTo(Instant.ofEpochMilli(5_000));
    assertThat(e.evidence().validCount()).isEqualTo(3);
  }

  @Test
  void buildRefusesAFindingWithoutWindowOrOfNoDetector() {
    assertThatThrownBy(() -> Finding.breach(Rule.D4, "a21026").detail("x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("D4 finding without a window");
    assertThatThrownBy(() -> Finding.breach(Rule.E1, "a21026").window(0, 1).detail("x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("E1 is not a data verification detector");
  }

  @Test
  void rulesKnowTheirIdDomainAndDetectorNumber() {
    assertThat(Rule.values())
        .extracting(Rule::id)
        .containsExactly(
            "E1", "E2", "L1", "Q1", "Q1N", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9",
            "D10");
    assertThat(Rule.Q1N.domain()).isEqualTo(Domain.ENERGY_QUOTA);
    assertThat(Rule.L1.domain()).isEqualTo(Domain.LOAD_QUOTA);
    assertThat(Rule.D10.detectorNumber()).isEqualTo(10);
    assertThat(Rule.byId("D7")).contains(Rule.D7);
    assertThat(Rule.byId("d7")).isEmpty();
    assertThatThrownBy(Rule.E2::detectorNumber)
        .hasMessage("E2 is not a data verification detector");
    DetectorSwitches s = DetectorSwitches.parse("D2,D10");
    assertThat(s.on(Rule.D10)).isTrue();
    assertThat(s.anyOn(Rule.D1, Rule.D9)).isFalse();
    assertThatThrownBy(() -> s.on(Rule.E1)).hasMessage("not a detector: E1");
  }
}
