package io.meterwatch.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings table of docs/rules.md is the one {@link DetectorSettings} generates: a setting
 * added, removed or changed in code without the doc fails here. {@code -Ddocs.update=true} rewrites
 * the table instead.
 */
class DetectorSettingsDocTest {
  private static final Path RULES = Path.of("..", "docs", "rules.md");
  private static final String BEGIN = "<!-- detector-settings:begin -->\n";
  private static final String END = "<!-- detector-settings:end -->";

  @Test
  void theRulesDocShowsTheDeclaredSettings() throws Exception {
    String doc = Files.readString(RULES, StandardCharsets.UTF_8);
    int from = doc.indexOf(BEGIN);
    int to = doc.indexOf(END);
    assertThat(from).as("marker %s in %s", BEGIN.trim(), RULES).isNotNegative();
    assertThat(to).as("marker %s in %s", END, RULES).isGreaterThan(from);
    String table = DetectorSettings.markdownTable();
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(RULES, doc.substring(0, from + BEGIN.length()) + table + doc.substring(to));
      return;
    }
    assertThat(doc.substring(from + BEGIN.length(), to))
        .as(
            "docs/rules.md's settings table; regenerate: mvn -pl core test"
                + " -Dtest=DetectorSettingsDocTest -Ddocs.update=true")
        .isEqualTo(table);
  }

  @Test
  void everySettingIsDeclaredOnceWithItsDetectors() {
    assertThat(DetectorSettings.ALL).hasSize(29);
    assertThat(DetectorSettings.ALL).extracting(DetectorSetting::key).doesNotHaveDuplicates();
    assertThat(DetectorSettings.ALL).allSatisfy(s -> assertThat(s.rules()).isNotEmpty());
    assertThat(DetectorSettings.knownOverrides())
        .isEqualTo(
            "offlineAfterMinutes, flatlineAfterMinutes, flatRelativeTolerance,"
                + " flatAbsoluteTolerance[.code], runningFlow, analyserRange.code,"
                + " zeroDropAfterMinutes, zeroShareOfLimit, zeroLevel[.code],"
                + " operatingFlowShare, dilutionO2, dilutionAfterMinutes, maxFlaggedShare");
  }
}
