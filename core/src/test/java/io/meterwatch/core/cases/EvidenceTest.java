package io.meterwatch.core.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  static Evidence of(Double value, Double limit, String unit, Double multiple, String detail) {
    return new Evidence(
        Instant.EPOCH, Instant.EPOCH, value, limit, unit, "x", multiple, null, detail);
  }

  @Test
  void figuresReadAsAPersonSaysThem() {
    assertThat(of(179.6, 100.0, "mg/m3", 0.796, null).figures())
        .isEqualTo("179.6 mg/m3 vs limit 100 (+80 %)");
    assertThat(of(53.4, 100.0, null, -0.466, null).figures())
        .isEqualTo("53.4 vs limit 100 (47 % below the limit)");
    // without a multiple the share is computed from value and limit
    assertThat(of(30.0, 45.0, "min", null, null).figures())
        .isEqualTo("30 min vs limit 45 (33 % below the limit)");
    assertThat(of(0.2777778, 90.0, "%", null, null).figures())
        .isEqualTo("0.2778 % vs limit 90 (100 % below the limit)");
    assertThat(of(123456.0, 100000.0, "kg", 0.23456, null).figures())
        .isEqualTo("123500 kg vs limit 100000 (+23 %)");
    assertThat(of(null, null, null, null, "a21026 unchanged at 12.3 mg/m3 for 75 min").figures())
        .isEqualTo("a21026 unchanged at 12.3 mg/m3 for 75 min");
  }
}
