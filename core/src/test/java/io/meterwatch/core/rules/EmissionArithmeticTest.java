package io.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.cases.Severity;
import org.junit.jupiter.api.Test;

class EmissionArithmeticTest {

  @Test
  void convertsToReferenceOxygen() {
    // cement kiln, reference 10 %: 100 mg/m3 at 13 % O2 -> 100 * 11 / 8 = 137.5
    assertThat(EmissionArithmetic.atReferenceO2(100, 13, 10, 20).getAsDouble()).isEqualTo(137.5);
    // at the reference O2 nothing changes
    assertThat(EmissionArithmetic.atReferenceO2(80, 6, 6, 20).getAsDouble()).isEqualTo(80.0);
  }

  @Test
  void doesNotConvertNearAmbientOxygen() {
    assertThat(EmissionArithmetic.atReferenceO2(100, 19.99, 10, 20).getAsDouble())
        .isCloseTo(100 * 11 / 1.01, within(1e-9));
    assertThat(EmissionArithmetic.atReferenceO2(100, 20.0, 10, 20)).isEmpty();
    assertThat(EmissionArithmetic.atReferenceO2(100, 20.9, 10, 20)).isEmpty();
    assertThat(EmissionArithmetic.atReferenceO2(100, 21.0, 10, 20.99)).isEmpty();
    assertThat(EmissionArithmetic.atReferenceO2(100, 25.0, 10, 20)).isEmpty();
    assertThat(EmissionArithmetic.atReferenceO2(100, -0.1, 10, 20)).isEmpty();
  }

  @Test
  void exceedanceMultipleAndSeverity() {
    assertThat(EmissionArithmetic.multiple(250, 200)).isEqualTo(0.25);
    assertThat(EmissionArithmetic.multiple(150, 200)).isEqualTo(-0.25);
    assertThat(EmissionArithmetic.exceeds(200, 200)).isFalse();
    assertThat(EmissionArithmetic.exceeds(200.0001, 200)).isTrue();
    assertThatThrownBy(() -> EmissionArithmetic.multiple(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    RuleConfig c = RuleConfig.DEFAULTS;
    assertThat(EmissionArithmetic.severity(false, 5, c)).isEqualTo(Severity.INFO);
    assertThat(EmissionArithmetic.severity(true, 1.99, c)).isEqualTo(Severity.MAJOR);
    assertThat(EmissionArithmetic.severity(true, 2.0, c)).isEqualTo(Severity.SEVERE);
  }

  @Test
  void hourlyLoadInKilograms() {
    // 50 mg/m3 at 20 m3/s for an hour = 50 * 20 * 3600 mg = 3.6 kg
    assertThat(EmissionArithmetic.hourlyLoadKg(50, 20)).isEqualTo(3.6);
    // wastewater 40 mg/L COD at 12.5 L/s = 40 * 12.5 * 3600 mg = 1.8 kg
    assertThat(EmissionArithmetic.hourlyLoadKg(40, 12.5)).isEqualTo(1.8);
  }
}
