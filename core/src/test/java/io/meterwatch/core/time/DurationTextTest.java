package io.meterwatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration grammar of scenario files and every command line. */
class DurationTextTest {

  @Test
  void readsUnitsCombinationsAndIso() {
    assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(DurationText.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
    assertThat(DurationText.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("pt2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void formatsTheShortestTextThatReadsBack() {
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(DurationText.format(Duration.ofHours(26).plusMillis(5))).isEqualTo("1d2h5ms");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(DurationText.format(Duration.ofSeconds(-30))).isEqualTo("-30s");
  }

  @Test
  void rejectsOtherTextNamingIt() {
    for (String bad : new String[] {"5x", "1h30", "h", "30 s", "1.5h"}) {
      assertThatThrownBy(() -> DurationText.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a duration: '" + bad + "' (write e.g. 30s, 15m, 2h, 3d, 1d12h or PT2H)");
    }
    assertThatThrownBy(() -> DurationText.parse("")).hasMessage("empty duration");
  }
}
