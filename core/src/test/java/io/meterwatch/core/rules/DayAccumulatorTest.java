package io.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.DataFlag;
import org.junit.jupiter.api.Test;

class DayAccumulatorTest {
  private static final ValidityConfig C = ValidityConfig.DEFAULTS;

  @Test
  void nineteenValidHoursAreNotAValidDayTwentyAre() {
    DayAccumulator d = new DayAccumulator();
    for (int h = 0; h < 19; h++) {
      d.setHour(h, 10.0 + h, true, DataFlag.N);
    }
    d.setHour(19, 500.0, false, DataFlag.N); // 44 valid minutes: not a valid hour
    DayStats s19 = d.close(C);
    assertThat(s19.validHours()).isEqualTo(19);
    assertThat(s19.dataHours()).isEqualTo(20);
    assertThat(s19.valid()).isFalse();
    assertThat(s19.value()).isEqualTo(19.0);

    d.setHour(19, 29.0, true, DataFlag.N); // back-filled: replaces the hour
    DayStats s20 = d.close(C);
    assertThat(s20.validHours()).isEqualTo(20);
    assertThat(s20.valid()).isTrue();
    assertThat(s20.value()).isEqualTo(19.5);
    assertThat(s20.flag()).isEqualTo(DataFlag.N);
  }

  @Test
  void aDayMostlyUnderMaintenanceIsFlaggedM() {
    DayAccumulator d = new DayAccumulator();
    for (int h = 0; h < 24; h++) {
      d.setHour(h, null, false, h < 10 ? DataFlag.N : DataFlag.M);
    }
    DayStats s = d.close(C);
    assertThat(s.flag()).isEqualTo(DataFlag.M);
    assertThat(s.value()).isNull();
    assertThat(s.valid()).isFalse();
    assertThat(new DayAccumulator().close(C).flag()).isNull();
  }
}
