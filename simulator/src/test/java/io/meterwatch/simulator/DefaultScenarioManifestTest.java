package io.meterwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MessageSink;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.scenario.FaultSpec;
import io.meterwatch.simulator.scenario.Scenario;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped default scenario, run in full: every fault kind, each listed with what it causes. */
class DefaultScenarioManifestTest {
  private static Manifest manifest;
  private static long published;

  @BeforeAll
  static void runDefaultScenario() throws Exception {
    long[] count = {0};
    MessageSink counting = (topic, payload) -> count[0]++;
    Simulation.Result r = Simulation.builder().sink(counting).build().run();
    manifest = r.manifest();
    published = count[0];
  }

  private static Map<String, List<String>> casesByFault() {
    Map<String, List<String>> out = new HashMap<>();
    for (Manifest.ExpectedCase c : manifest.expectedCases()) {
      out.computeIfAbsent(c.fault(), k -> new ArrayList<>())
          .add(
              c.rule()
                  + " "
                  + c.subject()
                  + " "
                  + c.parameter()
                  + " "
                  + c.windowStart()
                  + (c.parameters().isEmpty()
                          || c.parameter().equals(String.join(",", c.parameters()))
                      ? ""
                      : " " + String.join(",", c.parameters())));
    }
    return out;
  }

  /** One D2 case per outlet incident: the outlet's eight parameters share it (parameter -). */
  private static List<String> d2(String outlet, String hour) {
    return List.of(
        "D2 " + outlet + " - " + hour + " a00000,a01012,a01013,a01014,a19001,a21002,a21026,a34013");
  }

  @Test
  void theDefaultScenarioExercisesEveryFaultKind() {
    Scenario s = ScenarioLoader.loadDefault();
    Set<FaultKind> kinds =
        s.faults().stream().map(f -> FaultKind.fromLabel(f.kind())).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
    assertThat(s.faults().stream().filter(f -> f.kind().equals("flags")).map(FaultSpec::flag))
        .containsExactlyInAnyOrder("M", "C", "D", "F", "S");
    assertThat(
            s.faults().stream().filter(f -> f.kind().equals("malformed")).map(FaultSpec::variant))
        .containsExactlyInAnyOrder("bad-crc", "wrong-length", "truncated", "bad-json");
    assertThat(
            s.faults().stream().filter(f -> f.kind().equals("spoofed-mn")).map(FaultSpec::variant))
        .containsExactlyInAnyOrder("payload-mn", "foreign-topic");
  }

  @Test
  void theManifestListsEveryInjectedFault() {
    List<String> ids = ScenarioLoader.loadDefault().faults().stream().map(FaultSpec::id).toList();
    assertThat(manifest.faults().stream().map(Manifest.FaultEntry::id))
        .containsExactlyElementsOf(ids);
    assertThat(manifest.expectedCases())
        .allSatisfy(c -> assertThat(c.fault()).as(c.key()).isNotNull());
  }

  @Test
  void everyFaultHasExactlyTheCasesItsRuleSemanticsGive() {
    Map<String, List<String>> byFault = casesByFault();
    assertThat(byFault.get("kiln-so2-exceedance"))
        .containsExactly("E1 hanjiang-cement-DA001 a21026 2025-03-30T00:00:00+08:00");
    assertThat(byFault.get("power-nox-exceedance"))
        .containsExactly("E1 ankang-power-DA001 a21002 2025-03-31T06:00:00+08:00");
    assertThat(byFault.get("barium-cod-exceedance"))
        .containsExactly("E2 ankang-barium-DW001 w01018 2025-03-31T00:00:00+08:00");
    assertThat(byFault.get("qinling-nox-flatline"))
        .containsExactly("D4 qinling-cement-DA001 - 2025-03-30T06:00:00+08:00 a21002");
    assertThat(byFault.get("xinyuan-offline"))
        .containsExactly("D1 xinyuan-cement-DA001 - 2025-03-30T13:59:30+08:00");
    assertThat(byFault.get("huaxing-pm-zero-drop"))
        .containsExactly("D6 huaxing-cement-DA001 - 2025-03-30T20:00:00+08:00 a34013");
    assertThat(byFault.get("jiangnan-dilution"))
        .containsExactly("D7 jiangnan-cement-DA001 - 2025-03-30T09:00:00+08:00 a19001");
    List<String> yuehe = new ArrayList<>(d2("yuehe-cement-DA001", "2025-03-31T02:00:00+08:00"));
    yuehe.add("D3 yuehe-cement-DA001 - 2025-03-31T00:00:00+08:00");
    assertThat(byFault.get("yuehe-maintenance")).containsExactlyInAnyOrderElementsOf(yuehe);
    assertThat(byFault.get("zinc-calibration"))
        .containsExactlyInAnyOrderElementsOf(d2("xunyang-zinc-DA001", "2025-03-31T16:00:00+08:00"));
    assertThat(byFault.get("vanadium-fault"))
        .containsExactlyInAnyOrderElementsOf(
            d2("baihe-vanadium-DA001", "2025-04-01T02:00:00+08:00"));
    assertThat(byFault.get("antimony-stopped"))
        .containsExactlyInAnyOrderElementsOf(
            d2("zhenping-antimony-DA001", "2025-04-01T12:00:00+08:00"));
    List<String> manual = new ArrayList<>(d2("ankang-power-DA002", "2025-03-31T20:00:00+08:00"));
    // the S hour of SO2 (judged at 21:00) and the day with too many flagged hours (judged at
    // midnight) are one D3 case, opened by the hour the job judges first
    manual.add("D3 ankang-power-DA002 - 2025-03-31T20:00:00+08:00 a21026");
    assertThat(byFault.get("power-manual-values")).containsExactlyInAnyOrderElementsOf(manual);
    assertThat(byFault.get("power-hidden-exceedance"))
        .containsExactly("E1 ankang-power-DA002 a21026 2025-03-31T19:00:00+08:00");
    // accelerated run: no D9, but the 20 minutes stamped two hours ahead leave hour 16 incomplete
    assertThat(byFault.get("sulfide-clock-skew"))
        .containsExactlyInAnyOrderElementsOf(
            d2("xunyang-sulfide-DA001", "2025-03-30T16:00:00+08:00"));
    assertThat(byFault.get("qinling-energy-breach"))
        .containsExactlyInAnyOrder(
            "Q1 clinker GB16780-2021-clinker-energy 2025-03-01T00:00:00+08:00",
            "Q1 clinker GB16780-2021-clinker-electricity 2025-03-01T00:00:00+08:00");
    assertThat(byFault.get("huaxing-output-stuck"))
        .containsExactlyInAnyOrder(
            "D10 91610929MA6YD7E83D - 2025-03-31T00:00:00+08:00",
            "Q1 clinker GB16780-2021-clinker-energy 2025-03-01T00:00:00+08:00",
            "Q1 clinker GB16780-2021-clinker-electricity 2025-03-01T00:00:00+08:00");
    for (String quiet :
        List.of(
            "strontium-duplicates",
            "selenium-out-of-order",
            "zinc-sulfate-backfill",
            "silicon-bad-crc",
            "textile-wrong-length",
            "food-truncated",
            "silk-bad-json",
            "tea-spoofed-payload-mn",
            "paper-foreign-topic")) {
      assertThat(byFault.get(quiet)).as(quiet).isNull();
    }
    assertThat(manifest.expectedCases())
        .hasSize(1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 2 + 3);
  }

  @Test
  void eachCaseOpensWithItsSeverityDepartmentCountyAndDueTime() {
    Map<String, String> facts = new HashMap<>();
    for (Manifest.ExpectedCase c : manifest.expectedCases()) {
      facts.put(
          c.fault() + " " + c.rule() + " " + c.parameter(),
          c.severity() + " " + c.department() + " " + c.county() + " " + c.dueTime());
    }
    // D2: opened by hour 16 of 30 March (ends 17:00), verification due 72 h later
    assertThat(facts.get("sulfide-clock-skew D2 -"))
        .isEqualTo("WARNING ECOLOGY_ENVIRONMENT_MONITORING xunyang 2025-04-02T17:00:00+08:00");
    // the S hour of SO2 opens the D3 case: MAJOR (manual values hiding an exceedance)
    assertThat(facts.get("power-manual-values D3 -"))
        .isEqualTo("MAJOR ECOLOGY_ENVIRONMENT_MONITORING hanbin 2025-04-03T21:00:00+08:00");
    // an energy quota: rectification within 6 calendar months of March's end
    assertThat(facts.get("qinling-energy-breach Q1 GB16780-2021-clinker-energy"))
        .startsWith("MAJOR INDUSTRY_IT_AND_DRC xunyang 2025-10-01T00:00:00+08:00");
    // an hourly exceedance: verification due 24 h after the hour's end
    assertThat(facts.get("power-nox-exceedance E1 a21002"))
        .endsWith(" hanbin 2025-04-01T07:00:00+08:00");
    assertThat(facts.get("power-nox-exceedance E1 a21002")).contains(" ECOLOGY_ENVIRONMENT ");
  }

  @Test
  void rejectionsAndLossesAreCountedPerFault() {
    Map<String, long[]> byFault = new HashMap<>();
    for (Manifest.FaultEntry f : manifest.faults()) {
      byFault.put(f.id(), new long[] {f.rejectedMessages(), f.lostReadings()});
    }
    assertThat(byFault.get("silicon-bad-crc")).containsExactly(3, 3);
    assertThat(byFault.get("textile-wrong-length")).containsExactly(2, 2);
    assertThat(byFault.get("food-truncated")).containsExactly(2, 2);
    assertThat(byFault.get("silk-bad-json")).containsExactly(2, 2);
    assertThat(byFault.get("tea-spoofed-payload-mn")).containsExactly(2, 2);
    assertThat(byFault.get("paper-foreign-topic")).containsExactly(2, 2);
    // two hours offline: 240 real-time, 120 minute and 2 hourly packets never sent
    assertThat(byFault.get("xinyuan-offline")).containsExactly(0, 362);
    Map<String, Long> reasons =
        manifest.expectedRejections().stream()
            .collect(
                Collectors.groupingBy(Manifest.ExpectedRejection::reason, Collectors.counting()));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "CRC_MISMATCH", 3L,
                "LENGTH_MISMATCH", 2L,
                "BAD_FRAME", 2L,
                "BAD_JSON", 2L,
                "MN_TOPIC_MISMATCH", 4L));
    Manifest.Counts c = manifest.messages();
    // 61 outlets x 72 h x 181 + 24 counters x 72 h x 4, + 181 duplicates, - 362 offline
    assertThat(c.published())
        .isEqualTo(published)
        .isEqualTo(61L * 72 * 181 + 24L * 72 * 4 + 181 - 362);
    assertThat(c.duplicates()).isEqualTo(181);
    assertThat(c.rejected()).isEqualTo(13);
    assertThat(c.lost()).isEqualTo(362 + 13);
    assertThat(c.validReadings()).isEqualTo(c.published() - c.duplicates() - c.rejected());
    assertThat(Arrays.asList(manifest.start(), manifest.end()))
        .containsExactly("2025-03-30T00:00:00+08:00", "2025-04-02T00:00:00+08:00");
  }
}
