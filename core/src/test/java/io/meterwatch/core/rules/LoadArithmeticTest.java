package io.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LoadArithmeticTest {
  private static final LocalDate D = LocalDate.of(2025, 9, 30);

  @Test
  void shareOfTheQuota() {
    assertThat(LoadArithmetic.share(800, 1000)).isEqualTo(0.8);
  }

  @Test
  void projectsTheExhaustionDateAtTheRecentRate() {
    // 200 kg left at 300 kg / 30 days = 10 kg/day: 20 days after the judged day
    assertThat(LoadArithmetic.projectedExhaustion(800, 1000, 300, 30, D))
        .contains(LocalDate.of(2025, 10, 20));
    // 205 kg left: runs out during the 21st day
    assertThat(LoadArithmetic.projectedExhaustion(795, 1000, 300, 30, D))
        .contains(LocalDate.of(2025, 10, 21));
    // fewer days of history: the rate of the days seen
    assertThat(LoadArithmetic.projectedExhaustion(800, 1000, 100, 5, D))
        .contains(LocalDate.of(2025, 10, 10));
  }

  @Test
  void exhaustedOrNeverExhausted() {
    assertThat(LoadArithmetic.projectedExhaustion(1000, 1000, 300, 30, D)).contains(D);
    assertThat(LoadArithmetic.projectedExhaustion(100, 1000, 0, 30, D)).isEmpty();
  }
}
