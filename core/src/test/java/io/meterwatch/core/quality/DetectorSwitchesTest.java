package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectorSwitchesTest {

  @Test
  void parsesAllNoneAndLists() {
    assertThat(DetectorSwitches.parse("all")).isSameAs(DetectorSwitches.ALL);
    assertThat(DetectorSwitches.parse(" None ")).isSameAs(DetectorSwitches.NONE);
    DetectorSwitches s = DetectorSwitches.parse("D10,d2, D2");
    assertThat(s.toString()).isEqualTo("D2,D10");
    assertThat(s.on("D2")).isTrue();
    assertThat(s.on("D1")).isFalse();
    assertThat(s.anyOn("D1", "D10")).isTrue();
    assertThat(s.anyOn("D1", "D9")).isFalse();
    assertThat(DetectorSwitches.parse("D1,D2,D3,D4,D5,D6,D7,D8,D9,D10"))
        .isEqualTo(DetectorSwitches.ALL)
        .hasToString("all");
    for (int n = 1; n <= 10; n++) {
      assertThat(DetectorSwitches.ALL.on("D" + n)).isTrue();
      assertThat(DetectorSwitches.NONE.on("D" + n)).isFalse();
    }
    assertThat(DetectorConfig.DEFAULTS.switches()).isEqualTo(DetectorSwitches.ALL);
  }

  @Test
  void rejectsUnknownDetectors() {
    assertThatThrownBy(() -> DetectorSwitches.parse("D0"))
        .hasMessageStartingWith("unknown detector 'd0' in 'D0'");
    assertThatThrownBy(() -> DetectorSwitches.parse("D1,,D2"))
        .hasMessageStartingWith("unknown detector '' in 'D1,,D2'");
    assertThatThrownBy(() -> DetectorSwitches.parse("E1"))
        .hasMessageStartingWith("unknown detector 'e1'");
    assertThatThrownBy(() -> DetectorSwitches.ALL.on("E1")).hasMessage("not a detector: E1");
  }
}
