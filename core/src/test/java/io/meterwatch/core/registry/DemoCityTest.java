package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.standards.Medium;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo city shipped as a resource: Ankang's 12 jurisdictions and a fleet of 40 enterprises. */
class DemoCityTest {
  private final SiteRegistry city = RegistryLoader.loadDefault();

  @Test
  void hasTheTwelveJurisdictionsOfAnkang() {
    assertThat(city.counties()).hasSize(12);
    assertThat(city.counties().keySet())
        .containsExactly(
            "hanbin",
            "xunyang",
            "hanyin",
            "shiquan",
            "ningshan",
            "ziyang",
            "langao",
            "pingli",
            "zhenping",
            "baihe",
            "gaoxin",
            "hengkou");
    assertThat(city.counties().get("xunyang").nameZh()).isEqualTo("旬阳市");
    assertThat(city.counties().get("hengkou").nameEn()).isEqualTo("Hengkou Demonstration Zone");
  }

  @Test
  void hasFortyEnterprisesSpreadOverEveryCounty() {
    assertThat(city.enterprises()).hasSize(40);
    Set<String> counties =
        city.enterprises().stream().map(Enterprise::county).collect(Collectors.toSet());
    assertThat(counties).isEqualTo(city.counties().keySet());
    Map<String, Long> byIndustry =
        city.enterprises().stream()
            .collect(Collectors.groupingBy(Enterprise::industry, Collectors.counting()));
    assertThat(byIndustry)
        .containsEntry("cement", 6L)
        .containsEntry("non-ferrous", 5L)
        .containsEntry("chemical", 7L)
        .containsEntry("power", 1L);
  }

  @Test
  void everyMeterNumberIsUniqueAndResolves() {
    List<String> all =
        city.enterprises().stream()
            .flatMap(
                e ->
                    java.util.stream.Stream.of(
                            e.outlets().stream().map(Outlet::mn),
                            e.energyMeters().stream().map(EnergyMeter::mn),
                            e.productionMeters().stream().map(ProductionMeter::mn))
                        .flatMap(s -> s))
            .toList();
    assertThat(all).hasSize(85).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).isEqualTo(city.meterNumbers());
    MeterRef kilnTail = city.meter("610902G0010001").orElseThrow();
    assertThat(kilnTail.outlet().id()).isEqualTo("hanjiang-cement-DA001");
    assertThat(kilnTail.enterprise().name()).isEqualTo("安康汉江水泥有限公司");
    assertThat(kilnTail.password()).isEqualTo("415511");
    assertThat(city.meter("610971P0070007").orElseThrow().productionMeter().product())
        .isEqualTo("aluminium-ingot");
  }

  @Test
  void creditCodesCarryValidCheckDigits() {
    String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    for (Enterprise e : city.enterprises()) {
      String code = e.creditCode();
      int sum = 0;
      for (int i = 0; i < 17; i++) {
        sum += alphabet.indexOf(code.charAt(i)) * weights[i];
      }
      assertThat(code.charAt(17)).as(code).isEqualTo(alphabet.charAt((31 - sum % 31) % 31));
    }
  }

  @Test
  void cementAndAluminiumPlantsHaveEnergyAndProductionMeters() {
    for (Enterprise e : city.enterprises()) {
      if (e.industry().equals("cement")) {
        assertThat(e.energyMeters())
            .extracting(EnergyMeter::carrier)
            .contains(ParameterCatalogue.ELECTRICITY, ParameterCatalogue.COAL);
        assertThat(e.productionMeters()).extracting(ProductionMeter::product).contains("clinker");
        assertThat(e.energyQuotas())
            .extracting(EnergyQuota::standard)
            .contains("GB16780-2021-clinker-energy", "GB16780-2021-clinker-electricity");
      }
    }
    Enterprise aluminium = city.meter("610971E0070003").orElseThrow().enterprise();
    assertThat(aluminium.energyMeters()).hasSize(4);
    assertThat(aluminium.energyQuotas())
        .extracting(EnergyQuota::standard)
        .containsExactly("GB21346-2022-aluminium-electricity", "GB21346-2022-aluminium-energy");
  }

  @Test
  void kilnTailNoxLimitTightensOnFirstJuly2025() {
    Outlet kilnTail = city.meter("610902G0010001").orElseThrow().outlet();
    assertThat(city.limitOn(kilnTail, ParameterCatalogue.NOX, LocalDate.of(2025, 6, 30)))
        .contains(320.0);
    assertThat(city.limitOn(kilnTail, ParameterCatalogue.NOX, LocalDate.of(2025, 7, 1)))
        .contains(260.0);
    // the other pollutants stay at the standard's special limits
    assertThat(city.limitOn(kilnTail, ParameterCatalogue.SO2, LocalDate.of(2025, 7, 1)))
        .contains(100.0);
    assertThat(city.referenceO2(kilnTail)).contains(10.0);
    assertThat(kilnTail.medium()).isEqualTo(Medium.FLUE_GAS);
  }
}
