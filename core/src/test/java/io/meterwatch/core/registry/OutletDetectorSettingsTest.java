package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.quality.DetectorConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional {@code detectors} map of an outlet (docs/registry.md, docs/rules.md). */
class OutletDetectorSettingsTest {
  private static final String CITY =
      """
      counties:
        - {id: hanbin, nameZh: 汉滨区, nameEn: Hanbin District}
      enterprises:
        - creditCode: 91610902MA6YA1B22C
          name: 测试水泥有限公司
          county: hanbin
          outlets:
            - id: k-DA001
              medium: FLUE_GAS
              mn: 610902G0010001
              standard: GB4915-2013
      DETECTORS
      """;

  private static SiteRegistry load(String detectors) {
    String yaml = CITY.replace("DETECTORS", detectors);
    return RegistryLoader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "city.yaml");
  }

  @Test
  void anOutletWithoutTheMapHasNoOverrides() {
    Outlet o = load("").meter("610902G0010001").orElseThrow().outlet();
    assertThat(o.detectors()).isEmpty();
  }

  @Test
  void overridesAreReadAndApplyToTheDefaults() {
    Outlet o =
        load("        detectors:\n"
                + "          offlineAfterMinutes: 60\n"
                + "          analyserRange.a21026: 500\n")
            .meter("610902G0010001")
            .orElseThrow()
            .outlet();
    assertThat(o.detectors())
        .isEqualTo(Map.of("offlineAfterMinutes", 60.0, "analyserRange.a21026", 500.0));
    DetectorConfig c = DetectorConfig.DEFAULTS.withOverrides(o.detectors());
    assertThat(c.offlineAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(c.analyserRange("a21026")).isEqualTo(500.0);
  }

  @Test
  void unknownSettingsAndBadValuesAreErrorsNamingTheField() {
    assertThatThrownBy(
            () ->
                load(
                    "        detectors:\n"
                        + "          offlineMinutes: 60\n"
                        + "          dilutionO2: 25\n"))
        .isInstanceOf(RegistryException.class)
        .satisfies(
            e ->
                assertThat(((RegistryException) e).errors())
                    .containsExactly(
                        "city.yaml: enterprise 91610902MA6YA1B22C > outlet k-DA001: field"
                            + " 'detectors.offlineMinutes': unknown detector setting"
                            + " 'offlineMinutes'; known: offlineAfterMinutes,"
                            + " flatlineAfterMinutes, flatRelativeTolerance,"
                            + " flatAbsoluteTolerance[.code], runningFlow, analyserRange.code,"
                            + " zeroDropAfterMinutes, zeroShareOfLimit, zeroLevel[.code],"
                            + " operatingFlowShare, dilutionO2, dilutionAfterMinutes,"
                            + " maxFlaggedShare",
                        "city.yaml: enterprise 91610902MA6YA1B22C > outlet k-DA001: field"
                            + " 'detectors.dilutionO2': dilutionO2 must be in (0, 21) %, got"
                            + " 25.0"));
  }
}
