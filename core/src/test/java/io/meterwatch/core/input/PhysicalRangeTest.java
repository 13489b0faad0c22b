package io.meterwatch.core.input;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_TEMPERATURE;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.Sample;
import org.junit.jupiter.api.Test;

class PhysicalRangeTest {

  @Test
  void acceptsValuesAtTheEdgesOfTheRange() throws Exception {
    Reading r = reading("M1", T0).rtd(O2, 25.0).rtd(SO2, 0.0).rtd(GAS_TEMPERATURE, -60).build();
    PhysicalRange.check(r);
    assertThat(PhysicalRange.firstImpossible(r)).isEmpty();
  }

  @Test
  void rejectsNegativeConcentrationAndOxygenAbove25Percent() {
    assertThatThrownBy(() -> PhysicalRange.check(reading("M1", T0).rtd(SO2, -0.1).build()))
        .isInstanceOf(RejectedInputException.class)
        .hasMessage("a21026-Rtd=-0.1 is outside the physical range of SO2 [0.0, 100000.0] mg/m3")
        .extracting(e -> ((RejectedInputException) e).reason())
        .isEqualTo(ReasonCode.IMPOSSIBLE_VALUE);
    assertThat(
            PhysicalRange.firstImpossible(
                reading("M1", T0).value(O2, Sample.ZS_AVG, 25.5, DataFlag.N).build()))
        .contains("a19001-ZsAvg=25.5 is outside the physical range of oxygen [0.0, 25.0] %");
  }

  @Test
  void doesNotJudgeCumulativeAmountsOrUnknownParameters() {
    Reading r =
        reading("M1", T0)
            .value(GAS_TEMPERATURE, Sample.COU, -1e6, DataFlag.N)
            .rtd("a99999", -5)
            .build();
    assertThat(PhysicalRange.firstImpossible(r)).isEmpty();
  }
}
