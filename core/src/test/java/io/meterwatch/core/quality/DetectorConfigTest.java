package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    DetectorConfig c = DetectorConfig.DEFAULTS;
    assertThat(c.offlineAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.processingFallback()).isTrue();
    assertThat(c.clearEvents()).isEqualTo(2);
    assertThat(c.minMonthlyCapture()).isEqualTo(0.9);
    assertThat(c.maxFlaggedShare()).isEqualTo(0.10);
    assertThat(c.flatlineAfter()).isEqualTo(Duration.ofMinutes(60));
    assertThat(c.flatAbsoluteTolerance("a21026")).isEqualTo(1e-6);
    assertThat(c.zeroDropAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.zeroShareOfLimit()).isEqualTo(0.05);
    assertThat(c.operatingFlowShare()).isEqualTo(0.8);
    assertThat(c.dilutionO2()).isEqualTo(19.0);
    assertThat(c.dilutionAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.clockSkewLimit()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.clockSkewPersistence()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.duplicateMemory()).isEqualTo(64);
    assertThat(c.analyserRange("a21026")).isNull();
  }

  @Test
  void outletOverridesReplaceOutletAndParameterSettings() {
    Map<String, Double> o = new LinkedHashMap<>();
    o.put("offlineAfterMinutes", 60.0);
    o.put("analyserRange.a21026", 500.0);
    o.put("zeroLevel.w21011", 0.02);
    o.put("dilutionO2", 18.5);
    DetectorConfig c = DetectorConfig.DEFAULTS.withOverrides(o);
    assertThat(c.offlineAfter()).isEqualTo(Duration.ofMinutes(60));
    assertThat(c.analyserRange("a21026")).isEqualTo(500.0);
    assertThat(c.zeroLevel("w21011")).isEqualTo(0.02);
    assertThat(c.zeroLevel("w01018")).isEqualTo(1.0);
    assertThat(c.dilutionO2()).isEqualTo(18.5);
    assertThat(DetectorConfig.DEFAULTS.offlineAfter()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void unknownOrMisplacedOverridesAreErrorsNamingTheSetting() {
    assertThatThrownBy(() -> DetectorConfig.DEFAULTS.withOverrides(Map.of("offline", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown detector setting 'offline'");
    assertThatThrownBy(() -> DetectorConfig.DEFAULTS.withOverrides(Map.of("analyserRange", 1.0)))
        .hasMessageContaining("analyserRange.<code>");
    assertThatThrownBy(
            () -> DetectorConfig.DEFAULTS.withOverrides(Map.of("dilutionO2.a19001", 18.0)))
        .hasMessageContaining("is per outlet, not per parameter");
    assertThatThrownBy(() -> DetectorConfig.DEFAULTS.withOverrides(Map.of("dilutionO2", 22.0)))
        .hasMessageContaining("dilutionO2 must be in (0, 21)");
  }

  @Test
  void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
    DetectorConfig c = DetectorConfig.builder().analyserRange("a21026", 500).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertThat(back).isEqualTo(c);
    assertThat(((DetectorConfig) back).analyserRange("a21026")).isEqualTo(500.0);
  }
}
