package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.model.ParameterCatalogue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry validation: every error class names the file, the entry and the field. */
class RegistryLoaderTest {

  private static final String VALID =
      """
      city: Test
      counties:
        - {id: hanbin, nameZh: 汉滨区, nameEn: Hanbin District}
      enterprises:
        - creditCode: 91610902MA6YA1B22C
          name: 测试水泥有限公司
          county: hanbin
          industry: cement
          outlets:
            - id: k-DA001
              medium: FLUE_GAS
              mn: 610902G0010001
              password: "012345"
              standard: GB4915-2013
              annualLoadQuotaKg: {a21026: 1000}
          energyMeters:
            - {mn: 610902E0010002, carrier: e01001}
          productionMeters:
            - {mn: 610902P0010003, product: clinker}
          energyQuotas:
            - {standard: GB16780-2021-clinker-energy}
      """;

  private static SiteRegistry load(String yaml) {
    return RegistryLoader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "city.yaml");
  }

  private static List<String> errors(String yaml) {
    try {
      load(yaml);
    } catch (RegistryException e) {
      assertThat(e.file()).isEqualTo("city.yaml");
      assertThat(e.getMessage()).startsWith("city.yaml: " + e.errors().size() + " error");
      return e.errors();
    }
    throw new AssertionError("expected a RegistryException for:\n" + yaml);
  }

  private static String with(String from, String to) {
    assertThat(VALID).contains(from);
    return VALID.replace(from, to);
  }

  private static final String OUTLET = "city.yaml: enterprise 91610902MA6YA1B22C > outlet k-DA001";

  @Test
  void validFileLoadsWithTextScalarsAsWritten() {
    SiteRegistry r = load(VALID);
    Outlet o = r.meter("610902G0010001").orElseThrow().outlet();
    // YAML would read 012345 as a number and 610902E0010002 as a float (infinity)
    assertThat(o.password()).isEqualTo("012345");
    assertThat(r.meter("610902E0010002").orElseThrow().energyMeter().unit()).isEqualTo("kWh");
    assertThat(r.meter("610902P0010003").orElseThrow().productionMeter().unit()).isEqualTo("t");
    assertThat(o.annualLoadQuotaKg()).containsEntry("a21026", 1000.0);
    assertThat(r.enterprises().get(0).energyQuotas())
        .containsExactly(new EnergyQuota("clinker", "GB16780-2021-clinker-energy", null));
    assertThat(r.limitOn(o, ParameterCatalogue.PM, LocalDate.of(2025, 1, 1))).contains(30.0);
  }

  @Test
  void jsonUploadsAreSetGloballyAndPerMeter() {
    assertThat(load(VALID).jsonAllowed("610902G0010001")).isTrue();
    String refusedForAll =
        with("enterprises:\n", "uploads: {json: refused}\nenterprises:\n")
            .replace(
                "{mn: 610902E0010002, carrier: e01001}",
                "{mn: 610902E0010002, carrier: e01001, json: allowed}");
    SiteRegistry r = load(refusedForAll);
    assertThat(r.jsonUploads()).isEqualTo(JsonUploads.REFUSED);
    assertThat(r.jsonAllowed("610902G0010001")).isFalse();
    assertThat(r.jsonAllowed("610902P0010003")).isFalse();
    assertThat(r.jsonAllowed("610902E0010002")).isTrue();
    SiteRegistry one =
        load(with("password: \"012345\"\n", "password: \"012345\"\n        json: refused\n"));
    assertThat(one.jsonAllowed("610902G0010001")).isFalse();
    assertThat(one.jsonAllowed("610902E0010002")).isTrue();
    assertThat(one.jsonByMeter()).containsExactly(Map.entry("610902G0010001", JsonUploads.REFUSED));
    assertThat(errors(with("enterprises:\n", "uploads: {json: maybe}\nenterprises:\n")))
        .containsExactly(
            "city.yaml: registry > uploads: field 'json': must be allowed or refused, got 'maybe'");
  }

  @Test
  void unknownStandard() {
    assertThat(errors(with("standard: GB4915-2013", "standard: GB9999-2020")))
        .singleElement()
        .asString()
        .startsWith(OUTLET + ": field 'standard': unknown standard 'GB9999-2020' (known emission");
    assertThat(
            errors(
                with(
                    "{standard: GB16780-2021-clinker-energy}", "{standard: GB16780-2099-clinker}")))
        .singleElement()
        .asString()
        .startsWith(
            "city.yaml: enterprise 91610902MA6YA1B22C > energy quota GB16780-2099-clinker: field"
                + " 'standard': unknown standard 'GB16780-2099-clinker'");
  }

  @Test
  void standardOfTheWrongMedium() {
    assertThat(errors(with("standard: GB4915-2013", "standard: GB8978-1996-class1")))
        .containsExactly(
            OUTLET
                + ": field 'standard': standard 'GB8978-1996-class1' is for WASTEWATER, the outlet"
                + " is FLUE_GAS");
  }

  @Test
  void duplicateMnAcrossOutletsAndMeters() {
    String yaml =
        with("{mn: 610902P0010003, product: clinker}", "{mn: 610902G0010001, product: clinker}");
    assertThat(errors(yaml))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YA1B22C > production meter 610902G0010001: field"
                + " 'mn': duplicate MN '610902G0010001', already used by enterprise"
                + " 91610902MA6YA1B22C > outlet k-DA001");
  }

  @Test
  void duplicateMnAcrossEnterprises() {
    String yaml =
        VALID
            + """
              - creditCode: 91610902MA6YB3C46N
                name: 第二家
                county: hanbin
                energyMeters:
                  - {mn: 610902E0010002, carrier: e02001}
            """;
    assertThat(errors(yaml))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YB3C46N > energy meter 610902E0010002: field 'mn':"
                + " duplicate MN '610902E0010002', already used by enterprise 91610902MA6YA1B22C >"
                + " energy meter 610902E0010002");
  }

  @Test
  void outletWithoutAStandardOrLimits() {
    assertThat(errors(with("        standard: GB4915-2013\n", "        referenceO2: 10\n")))
        .containsExactly(
            OUTLET
                + ": field 'standard': is missing and the outlet has no limits of its own: nothing"
                + " to judge it by");
  }

  @Test
  void outletWhoseStandardSetsNoLimits() {
    String yaml =
        with("standard: GB4915-2013", "standard: permit-only")
            .replace(
                "enterprises:",
                """
                standards:
                  emission:
                    - {id: permit-only, medium: FLUE_GAS, referenceO2: 10}
                enterprises:""");
    assertThat(errors(yaml))
        .containsExactly(
            OUTLET
                + ": field 'limits': standard 'permit-only' sets no limits and the outlet has none"
                + " of its own");
  }

  @Test
  void outletWithOwnLimitsNeedsNoStandardButAReferenceO2() {
    String yaml = with("        standard: GB4915-2013\n", "        limits: {a34013: 10}\n");
    assertThat(errors(yaml))
        .containsExactly(
            OUTLET
                + ": field 'referenceO2': is missing: a flue-gas outlet needs a reference O2, from"
                + " its standard or its own");
    SiteRegistry r =
        load(yaml.replace("limits: {a34013: 10}", "limits: {a34013: 10}\n        referenceO2: 8"));
    Outlet o = r.meter("610902G0010001").orElseThrow().outlet();
    assertThat(r.referenceO2(o)).contains(8.0);
    assertThat(r.limitOn(o, ParameterCatalogue.PM, LocalDate.of(2025, 1, 1))).contains(10.0);
    assertThat(r.limitOn(o, ParameterCatalogue.SO2, LocalDate.of(2025, 1, 1))).isEmpty();
  }

  @Test
  void negativeQuotas() {
    assertThat(errors(with("{a21026: 1000}", "{a21026: -1000}")))
        .containsExactly(OUTLET + ": field 'annualLoadQuotaKg.a21026': negative quota -1000.0 kg");
    assertThat(
            errors(
                with(
                    "{standard: GB16780-2021-clinker-energy}",
                    "{standard: GB16780-2021-clinker-energy, limitOverride: -5}")))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YA1B22C > energy quota GB16780-2021-clinker-energy:"
                + " field 'limitOverride': negative quota -5.0");
  }

  @Test
  void unknownCounty() {
    assertThat(errors(with("county: hanbin", "county: hanbinn")))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YA1B22C: field 'county': unknown county 'hanbinn'"
                + " (known: hanbin)");
  }

  @Test
  void energyQuotaWithoutAProductionMeterForItsProduct() {
    assertThat(errors(with("product: clinker}", "product: cement}")))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YA1B22C > energy quota GB16780-2021-clinker-energy:"
                + " field 'product': no production meter of this enterprise counts 'clinker':"
                + " energy per tonne cannot be computed");
  }

  @Test
  void malformedFieldsAndTypos() {
    assertThat(errors(with("medium: FLUE_GAS", "medium: SMOKE\n        stanard: x")))
        .containsExactly(
            OUTLET
                + ": field 'stanard': unknown field (known fields: id, name, medium, mn, password,"
                + " standard, referenceO2, limits, limitVersions, annualLoadQuotaKg, detectors, json)",
            OUTLET + ": field 'medium': must be one of [FLUE_GAS, WASTEWATER], got 'SMOKE'");
    assertThat(
            errors(
                with(
                    "{mn: 610902E0010002, carrier: e01001}",
                    "{mn: 610902E0010002, carrier: a21026}")))
        .singleElement()
        .asString()
        .startsWith(
            "city.yaml: enterprise 91610902MA6YA1B22C > energy meter 610902E0010002: field"
                + " 'carrier': 'a21026' is not an energy carrier code (known: e01001,");
    assertThat(errors(with("creditCode: 91610902MA6YA1B22C", "creditCode: 9161090MA6YA1B22C")))
        .first()
        .asString()
        .startsWith(
            "city.yaml: enterprise 9161090MA6YA1B22C: field 'creditCode': '9161090MA6YA1B22C' is"
                + " not a unified social credit code");
    assertThat(errors(with("mn: 610902G0010001", "mn: meters/1")))
        .containsExactly(
            OUTLET
                + ": field 'mn': 'meters/1' is not an MN (1 to 24 letters, digits, '_', '.', '-')");
  }

  @Test
  void enterpriseWithNothingToSupervise() {
    String yaml =
        VALID
            + """
              - creditCode: 91610902MA6YB3C46N
                name: 空壳公司
                county: hanbin
            """;
    assertThat(errors(yaml))
        .containsExactly(
            "city.yaml: enterprise 91610902MA6YB3C46N: has no outlets and no meters: nothing to"
                + " supervise");
  }

  @Test
  void overlappingLimitVersions() {
    String yaml =
        with(
            "        annualLoadQuotaKg",
            "        limitVersions:\n"
                + "          - {parameter: a21002, value: 320, to: 2025-07-02}\n"
                + "          - {parameter: a21002, value: 260, from: 2025-07-01}\n"
                + "        annualLoadQuotaKg");
    assertThat(errors(yaml))
        .containsExactly(
            OUTLET
                + ": field 'limitVersions': limits of a21002 overlap: 320.0 from always to"
                + " 2025-07-02 and 260.0 from 2025-07-01 to open (give the earlier one a 'to' no"
                + " later than the next one's 'from')");
  }

  @Test
  void collectsEveryErrorInOnePass() {
    String yaml =
        VALID
            .replace("county: hanbin", "county: nowhere")
            .replace("standard: GB4915-2013", "standard: GB0000")
            .replace("{a21026: 1000}", "{a21026: -1}")
            .replace("product: clinker}", "product: cement}");
    List<String> errors = errors(yaml);
    assertThat(errors)
        .hasSize(4)
        .anySatisfy(e -> assertThat(e).contains("field 'county': unknown county 'nowhere'"))
        .anySatisfy(e -> assertThat(e).contains("field 'standard': unknown standard 'GB0000'"))
        .anySatisfy(e -> assertThat(e).contains("field 'annualLoadQuotaKg.a21026': negative quota"))
        .anySatisfy(e -> assertThat(e).contains("field 'product': no production meter"));
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() {
    assertThatThrownBy(() -> load("counties:\n  - {id: a\nenterprises: []\n"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("city.yaml: not valid YAML at line");
    assertThatThrownBy(() -> load("counties: []\ncounties: []\n"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("city.yaml: line 2: key 'counties' given twice in one mapping");
  }

  @Test
  void loadsFromAPathAndNamesIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("ankang.yaml");
    Files.writeString(file, with("county: hanbin", "county: x"));
    assertThatThrownBy(() -> RegistryLoader.load(file))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        file
                            + ": enterprise 91610902MA6YA1B22C: field 'county': unknown county"
                            + " 'x' (known: hanbin)"));
    Files.writeString(file, VALID);
    assertThat(RegistryLoader.load(file).enterprises()).hasSize(1);
    assertThatThrownBy(() -> RegistryLoader.load(dir.resolve("missing.yaml")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("missing.yaml: cannot be read");
  }

  /** docs/registry.md: the format examples load as documented. */
  @Test
  void documentedExamplesLoad() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "registry.md"));
    List<String> blocks = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("```yaml\\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(doc);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSize(2);
    SiteRegistry r = load(blocks.get(0));
    Outlet kilnTail = r.meter("610902G0010001").orElseThrow().outlet();
    assertThat(r.limitOn(kilnTail, ParameterCatalogue.PM, LocalDate.of(2025, 1, 1))).contains(15.0);
    assertThat(r.limitOn(kilnTail, ParameterCatalogue.NOX, LocalDate.of(2025, 6, 30)))
        .contains(320.0);
    assertThat(r.limitOn(kilnTail, ParameterCatalogue.NOX, LocalDate.of(2025, 7, 1)))
        .contains(260.0);
    assertThat(r.limitOn(kilnTail, ParameterCatalogue.SO2, LocalDate.of(2025, 7, 1)))
        .contains(100.0);
    assertThat(r.standards().emissionStandard("permit-DB61-cement")).isPresent();
    assertThat(r.enterprises().get(0).energyQuotas().get(1).limitOverride()).isEqualTo(58.0);
    io.meterwatch.core.standards.StandardsCatalogue c =
        io.meterwatch.core.standards.StandardsLoader.read(
            new ByteArrayInputStream(blocks.get(1).getBytes(StandardCharsets.UTF_8)), "std.yaml");
    io.meterwatch.core.standards.EmissionStandard s =
        c.emissionStandard("GB4915-2013-special").orElseThrow();
    assertThat(s.limitOn(ParameterCatalogue.NOX, LocalDate.of(2029, 12, 31))).contains(320.0);
    assertThat(s.limitOn(ParameterCatalogue.NOX, LocalDate.of(2030, 1, 1))).contains(200.0);
    assertThat(s.limitOn(ParameterCatalogue.PM, LocalDate.of(2030, 1, 1))).isEmpty();
  }
}
