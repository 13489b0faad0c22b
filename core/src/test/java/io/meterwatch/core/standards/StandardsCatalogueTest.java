package io.meterwatch.core.standards;

import static io.meterwatch.core.model.ParameterCatalogue.COD;
import static io.meterwatch.core.model.ParameterCatalogue.NH3N;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.PM;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.model.ParameterCatalogue.TP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.model.ParameterCatalogue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default catalogue holds the limits and quotas of the domain facts, as data. */
class StandardsCatalogueTest {
  private static final LocalDate DAY = LocalDate.of(2025, 3, 10);
  private final StandardsCatalogue catalogue = StandardsLoader.loadDefault();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // id,                      PM,  SO2, NOx, reference O2
    "GB4915-2013,               30,  200, 400, 10",
    "GB4915-2013-special,       20,  100, 320, 10",
    "GB13223-2011,              30,  100, 100, 6",
    "GB13223-2011-special,      20,  50,  100, 6",
    "ultra-low-coal-power,      10,  35,  50,  6",
    "GB13271-2014-in-use-coal,  80,  400, 400, 9",
    "GB13271-2014-new-coal,     50,  300, 300, 9",
    "GB13271-2014-new-oil,      30,  200, 250, 3.5",
    "GB13271-2014-new-gas,      20,  50,  200, 3.5",
    "GB31573-2015,              30,  100, 200, 8",
  })
  void flueGasLimitsEqualTheDomainFacts(String id, double pm, double so2, double nox, double o2) {
    EmissionStandard s = catalogue.emissionStandard(id).orElseThrow();
    assertThat(s.medium()).isEqualTo(Medium.FLUE_GAS);
    assertThat(s.unit()).isEqualTo("mg/m3");
    assertThat(s.referenceO2()).isEqualTo(o2);
    assertThat(s.limitOn(PM, DAY)).contains(pm);
    assertThat(s.limitOn(SO2, DAY)).contains(so2);
    assertThat(s.limitOn(NOX, DAY)).contains(nox);
    assertThat(s.parameters()).containsExactly(PM, SO2, NOX);
  }

  @Test
  void wastewaterLimitsEqualTheDomainFacts() {
    EmissionStandard inorganic = catalogue.emissionStandard("GB31573-2015-water").orElseThrow();
    assertThat(inorganic.medium()).isEqualTo(Medium.WASTEWATER);
    assertThat(inorganic.referenceO2()).isNull();
    assertThat(inorganic.unit()).isEqualTo("mg/L");
    assertThat(inorganic.limitOn(COD, DAY)).contains(50.0);
    assertThat(inorganic.limitOn(NH3N, DAY)).contains(10.0);
    assertThat(inorganic.limitOn(TP, DAY)).contains(0.5);
    double[][] classes = {{100, 15}, {150, 25}, {500, -1}};
    for (int c = 1; c <= 3; c++) {
      EmissionStandard s = catalogue.emissionStandard("GB8978-1996-class" + c).orElseThrow();
      assertThat(s.limitOn(COD, DAY)).contains(classes[c - 1][0]);
      if (classes[c - 1][1] < 0) {
        assertThat(s.limitOn(NH3N, DAY)).as("class 3 sets no NH3-N limit").isEmpty();
      } else {
        assertThat(s.limitOn(NH3N, DAY)).contains(classes[c - 1][1]);
      }
    }
  }

  @Test
  void limitsApplyFromTheStandardsEffectiveDate() {
    EmissionStandard inUse = catalogue.emissionStandard("GB13271-2014-in-use-coal").orElseThrow();
    assertThat(inUse.limitOn(SO2, LocalDate.of(2015, 9, 30))).isEmpty();
    assertThat(inUse.limitOn(SO2, LocalDate.of(2015, 10, 1))).contains(400.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "GB16780-2021-clinker-energy,        clinker,         COMPREHENSIVE_ENERGY, kgce/t, 100,   107,   117,   2022-11-01",
    "GB16780-2021-clinker-electricity,   clinker,         ELECTRICITY,          kWh/t,  48,    57,    61,    2022-11-01",
    "GB16780-2021-cement-energy,         cement,          COMPREHENSIVE_ENERGY, kgce/t, 80,    87,    94,    2022-11-01",
    "GB21346-2022-aluminium-electricity, aluminium-ingot, ELECTRICITY,          kWh/t,  13300, 13400, 13750, 2024-01-01",
    "GB21346-2022-aluminium-energy,      aluminium-ingot, COMPREHENSIVE_ENERGY, kgce/t, 1670,  1680,  1720,  2024-01-01",
  })
  void energyQuotasEqualTheDomainFacts(
      String id,
      String product,
      EnergyIndicator indicator,
      String unit,
      double l1,
      double l2,
      double l3,
      LocalDate from) {
    EnergyQuotaStandard q = catalogue.energyQuota(id).orElseThrow();
    assertThat(q)
        .isEqualTo(
            new EnergyQuotaStandard(
                id, q.name(), product, indicator, unit, l1, l2, l3, from, null));
    assertThat(q.inForceOn(from.minusDays(1))).isFalse();
    assertThat(q.inForceOn(from)).isTrue();
  }

  @Test
  void catalogueHasExactlyTheDomainFactsEntries() {
    assertThat(catalogue.emission()).hasSize(14);
    assertThat(catalogue.energy()).hasSize(5);
  }

  @Test
  void standardCoalCoefficientsPerCatalogueUnit() {
    assertThat(StandardCoal.coefficient(ParameterCatalogue.ELECTRICITY)).hasValue(0.1229);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.COAL)).hasValue(714.3);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.NATURAL_GAS)).hasValue(1.2143);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.DIESEL)).hasValue(1457.1);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.HEAT)).hasValue(0.03412);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.WATER)).hasValue(0.2571);
    assertThat(StandardCoal.coefficient(ParameterCatalogue.PRODUCT)).isEmpty();
    // a clinker line: 1 t clinker from 0.15 t raw coal and 55 kWh
    double kgce =
        StandardCoal.kgce(
            Map.of(ParameterCatalogue.COAL, 0.15, ParameterCatalogue.ELECTRICITY, 55.0));
    assertThat(kgce).isCloseTo(0.15 * 714.3 + 55 * 0.1229, within(1e-9));
    assertThat(kgce).isCloseTo(113.9045, within(1e-9));
    assertThatThrownBy(() -> StandardCoal.kgce(ParameterCatalogue.SO2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no standard-coal coefficient for a21026");
  }

  @Test
  void loaderCollectsEveryProblem() {
    String yaml =
        """
        emission:
          - id: a
            medium: FLUE_GAS
            limits: {a34013: -1, a21026: lots}
          - id: a
            medium: WASTEWATER
            limits: {w01018: 50}
        energy:
          - id: q
            product: clinker
            indicator: ELECTRICITY
            levels: [61, 57, 48]
          - id: r
            product: clinker
            indicator: HEAT
            levels: [1, 2]
        """;
    assertThatThrownBy(
            () ->
                StandardsLoader.read(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "std.yaml"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "std.yaml: emission standard a: field 'referenceO2': is missing (a flue-gas"
                            + " standard needs its reference O2 in %)",
                        "std.yaml: emission standard a: field 'limits.a34013': must not be"
                            + " negative, got -1.0",
                        "std.yaml: emission standard a: field 'limits.a21026': must be a number,"
                            + " got 'lots'",
                        "std.yaml: emission standard a: field 'id': duplicate standard id 'a'",
                        "std.yaml: energy standard q: field 'levels': must not decrease from level"
                            + " 1 (most advanced) to level 3 (the mandatory limit), got 61.0, 57.0,"
                            + " 48.0",
                        "std.yaml: energy standard r: field 'indicator': must be one of"
                            + " [COMPREHENSIVE_ENERGY, ELECTRICITY], got 'HEAT'",
                        "std.yaml: energy standard r: field 'levels': must list levels 1, 2 and 3,"
                            + " got 2 values"));
  }
}
