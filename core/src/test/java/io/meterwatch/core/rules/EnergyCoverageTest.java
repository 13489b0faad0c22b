package io.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EnergyCoverageTest {
  static final long H = 3_600_000L;
  static final long MONTH = 30 * 24 * H; // a 30-day month from 0

  @Test
  void aMeterReadEveryQuarterHourCoversAlmostTheWholeMonth() {
    // baseline before the month (counted from the month start), last register at 23:45 of day 30
    assertThat(EnergyCoverage.coverage(-H / 4, MONTH - H / 4, 0, MONTH))
        .isCloseTo(1 - 0.25 / 720, within(1e-12));
    assertThat(EnergyCoverage.judgeable(1 - 0.25 / 720, 0.9)).isTrue();
  }

  @Test
  void aMeterThatFellSilentOnDay15CoversHalfAndTheMonthIsNotJudgeable() {
    double c = EnergyCoverage.coverage(0, 15 * 24 * H, 0, MONTH);
    assertThat(c).isEqualTo(0.5);
    assertThat(EnergyCoverage.judgeable(c, 0.9)).isFalse();
    // 27 of 30 days is exactly the 90 % threshold
    assertThat(EnergyCoverage.judgeable(EnergyCoverage.coverage(0, 27 * 24 * H, 0, MONTH), 0.9))
        .isTrue();
  }

  @Test
  void aSingleRegisterOrNoneCoversNothing() {
    assertThat(EnergyCoverage.coverage(5 * H, 5 * H, 0, MONTH)).isZero();
    assertThat(EnergyCoverage.coverage(Long.MAX_VALUE, Long.MIN_VALUE, 0, MONTH)).isZero();
  }

  @Test
  void aMonthIsMeasuredFromTheEnterprisesFirstData() {
    // the job first saw the enterprise on day 28 at 00:00: 72 h possible, 71.75 h covered
    long first = 27 * 24 * H;
    assertThat(EnergyCoverage.coverage(first, MONTH - H / 4, first, MONTH))
        .isCloseTo(71.75 / 72, within(1e-12));
    assertThat(EnergyCoverage.coverage(0, 1, MONTH, MONTH)).isEqualTo(1.0);
  }
}
