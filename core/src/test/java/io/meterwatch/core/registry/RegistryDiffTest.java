package io.meterwatch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryDiffTest {

  private static String demoText() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SiteRegistry read(String yaml) {
    return RegistryLoader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "city.yaml");
  }

  private static List<String> diff(String a, String b) {
    return RegistryDiff.between(read(a), read(b)).stream().map(Object::toString).toList();
  }

  @Test
  void sameRegistryHasNoChanges() throws IOException {
    assertThat(diff(demoText(), demoText())).isEmpty();
  }

  @Test
  void reportsEachKindOfChangeWithoutShowingPasswords() throws IOException {
    String a = demoText();
    String b =
        a.replace(
                "        password: \"415511\"\n", "        password: \"999000\"\n") // kiln tail PW
            .replace(
                "          - {parameter: a21002, value: 260, from: 2025-07-01}\n",
                "          - {parameter: a21002, value: 260, from: 2025-07-01, to: 2026-01-01}\n"
                    + "          - {parameter: a21002, value: 200, from: 2026-01-01}\n")
            .replace(
                "    county: hanbin\n    industry: cement\n",
                "    county: hengkou\n    industry: cement\n")
            .replace(
                "{mn: 610902E0010004, password: \"739584\"",
                "{mn: 610902E0010004, password: \"739500\"");
    assertThat(b).isNotEqualTo(a);
    assertThat(diff(a, b))
        .containsExactly(
            "~ enterprise 91610902MA6YA1B22C: county hanbin -> hengkou",
            "~ outlet 91610902MA6YA1B22C hanjiang-cement-DA001: password changed",
            "~ limit 91610902MA6YA1B22C hanjiang-cement-DA001 a21002 from 2025-07-01:"
                + " 260.0 from 2025-07-01 -> 260.0 from 2025-07-01 until 2026-01-01",
            "+ limit 91610902MA6YA1B22C hanjiang-cement-DA001 a21002 from 2026-01-01:"
                + " 200.0 from 2026-01-01",
            "~ energy meter 91610902MA6YA1B22C 610902E0010004: password changed");
    assertThat(String.join("\n", diff(a, b)))
        .doesNotContain("999000")
        .doesNotContain("415511")
        .doesNotContain("739500");
  }

  @Test
  void anUndatedLimitIsNamedWithoutADate() throws IOException {
    String dated =
        "          - {parameter: a21002, value: 320, to: 2025-07-01}\n"
            + "          - {parameter: a21002, value: 260, from: 2025-07-01}\n";
    String a = demoText().replace(dated, "          - {parameter: a21002, value: 260}\n");
    String b = demoText().replace(dated, "          - {parameter: a21002, value: 240}\n");
    assertThat(a).isNotEqualTo(demoText());
    assertThat(diff(a, b))
        .containsExactly("~ limit 91610902MA6YA1B22C hanjiang-cement-DA001 a21002: 260.0 -> 240.0");
  }

  @Test
  void addedAndRemovedEnterprises() throws IOException {
    String a = demoText();
    int start = a.indexOf("  # 2. Xunyang Qinling Cement Co., Ltd.");
    int end = a.indexOf("\n  # 3.", start) + 1;
    String without = a.substring(0, start) + a.substring(end);
    List<String> added = diff(without, a);
    assertThat(added).hasSize(1);
    assertThat(added.get(0)).startsWith("+ enterprise 91610981MA6YB3C464: ").endsWith("(xunyang)");
    assertThat(diff(a, without))
        .hasSize(1)
        .allMatch(l -> l.startsWith("- enterprise 91610981MA6YB3C464"));
  }

  @Test
  void versionRoundTripsAndRejectsDamagedRecords() {
    RegistryVersion v =
        RegistryVersion.of(3, "ops", Instant.parse("2026-12-02T10:00:00Z"), "city: 安康市\n");
    RegistryVersion back = RegistryVersion.fromJson(v.toJson());
    assertThat(back).isEqualTo(v);
    assertThat(RegistryVersion.key(3)).isEqualTo("v000000003");

    String json = new String(v.toJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                RegistryVersion.fromJson(
                    json.replace("安康市", "汉中市").getBytes(StandardCharsets.UTF_8)))
        .hasMessage("document does not match its sha256");
    assertThatThrownBy(() -> RegistryVersion.fromJson("[1]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> RegistryVersion.fromJson("{x".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not JSON");
    assertThatThrownBy(
            () ->
                RegistryVersion.fromJson(
                    json.replace("\"version\":3", "\"version\":0")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("field version missing or not a positive integer");
    assertThatThrownBy(() -> RegistryVersion.fromJson(null))
        .hasMessage("empty record (a tombstone)");
  }
}
