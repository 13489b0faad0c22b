package io.meterwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MemorySink;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs into memory: determinism, codec conformance, the clean baseline. */
class SimulationTest {
  private static final Hj212Codec CODEC = new Hj212Codec();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static Simulation.Result run(
      MemorySink sink, String scenario, Duration d, long seed, PayloadFormat f) throws Exception {
    return Simulation.builder()
        .scenario(ScenarioLoader.loadResource(scenario))
        .duration(d)
        .seed(seed)
        .format(f)
        .sink(sink)
        .build()
        .run();
  }

  static String mnOfTopic(String topic) {
    return topic.split("/")[1];
  }

  @Test
  void sameSeedAndInputsGiveTheSameBytes() throws Exception {
    MemorySink a = new MemorySink();
    MemorySink b = new MemorySink();
    MemorySink c = new MemorySink();
    run(a, ScenarioLoader.DEFAULT_SCENARIO, Duration.ofHours(1), 7, PayloadFormat.HJ212);
    run(b, ScenarioLoader.DEFAULT_SCENARIO, Duration.ofHours(1), 7, PayloadFormat.HJ212);
    run(c, ScenarioLoader.DEFAULT_SCENARIO, Duration.ofHours(1), 8, PayloadFormat.HJ212);
    List<MemorySink.Message> ma = a.messages();
    List<MemorySink.Message> mb = b.messages();
    assertThat(ma).hasSameSizeAs(mb);
    for (int i = 0; i < ma.size(); i++) {
      assertThat(mb.get(i).topic()).isEqualTo(ma.get(i).topic());
      assertThat(mb.get(i).payload()).as("message %d", i).isEqualTo(ma.get(i).payload());
    }
    // another seed: same schedule, other values
    assertThat(c.messages()).hasSameSizeAs(ma);
    assertThat(c.messages().get(0).payload()).isNotEqualTo(ma.get(0).payload());
    // 61 outlets x (120 real-time + 60 minute + 1 hour) + 24 counters x 4 registers (15 min)
    // (the first hour has no fault that adds or removes a message)
    assertThat(ma).hasSize(61 * 181 + 24 * 4);
  }

  @Test
  void everyHj212PacketPassesTheCodecExceptTheCorruptedOnes() throws Exception {
    MemorySink sink = new MemorySink();
    Simulation.Result r =
        run(sink, ScenarioLoader.DEFAULT_SCENARIO, Duration.ofHours(7), 1, PayloadFormat.HJ212);
    Map<String, String> rejectBySha =
        r.manifest().expectedRejections().stream()
            .collect(
                Collectors.toMap(
                    Manifest.ExpectedRejection::payloadSha256,
                    Manifest.ExpectedRejection::reason,
                    (x, y) -> x));
    // malformed (3 + 2 + 2 + 2) and spoofed (2 + 2) packets of the first seven hours
    assertThat(r.manifest().expectedRejections()).hasSize(13);
    Map<String, Integer> reasons = new HashMap<>();
    Map<ReadingKind, Integer> kinds = new HashMap<>();
    for (MemorySink.Message m : sink.messages()) {
      String sha = Manifest.payloadSha256(m.payload());
      String text = new String(m.payload(), StandardCharsets.UTF_8);
      String expected = rejectBySha.get(sha);
      try {
        Reading reading =
            text.startsWith("##")
                ? CODEC.decode(text, NOW)
                : new ReadingJson().read(m.payload(), NOW);
        if (!reading.mn().equals(mnOfTopic(m.topic()))) {
          reasons.merge("MN_TOPIC_MISMATCH", 1, Integer::sum);
          assertThat(expected).as(text).isEqualTo("MN_TOPIC_MISMATCH");
        } else {
          assertThat(expected).as("valid packet listed as rejected: %s", text).isNull();
          assertThat(text).endsWith("\r\n");
          kinds.merge(reading.kind(), 1, Integer::sum);
        }
      } catch (RejectedInputException e) {
        reasons.merge(e.reason().name(), 1, Integer::sum);
        assertThat(e.reason().name()).as(text).isEqualTo(expected);
      }
    }
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "CRC_MISMATCH", 3,
                "LENGTH_MISMATCH", 2,
                "BAD_FRAME", 2,
                "BAD_JSON", 2,
                "MN_TOPIC_MISMATCH", 4));
    // 7 h of 61 outlets (120 real-time, 60 minute, 1 hourly per hour) and 24 counters (4 register
    // readings an hour); the 13 corrupted or spoofed packets replace real-time ones; the
    // duplicates fault (3h-4h on one outlet) sends 181 readings twice
    assertThat(kinds.get(ReadingKind.HOUR)).isEqualTo(61 * 7 + 1);
    assertThat(kinds.get(ReadingKind.MINUTE)).isEqualTo(61 * 7 * 60 + 60);
    assertThat(kinds.get(ReadingKind.REAL_TIME)).isEqualTo(61 * 7 * 120 + 24 * 7 * 4 - 13 + 120);
  }

  @Test
  void cleanBaselineInjectsNothing() throws Exception {
    MemorySink sink = new MemorySink();
    Simulation.Result r =
        run(sink, ScenarioLoader.CLEAN_SCENARIO, Duration.ofHours(6), 3, PayloadFormat.JSON);
    Manifest m = r.manifest();
    assertThat(m.faults()).isEmpty();
    assertThat(m.expectedCases()).isEmpty();
    assertThat(m.expectedRejections()).isEmpty();
    assertThat(m.messages().lost()).isZero();
    assertThat(m.messages().duplicates()).isZero();
    assertThat(m.messages().published()).isEqualTo(m.messages().validReadings());
    assertThat(m.messages().published()).isEqualTo(61L * 6 * 181 + 24L * 6 * 4);
    ReadingJson json = new ReadingJson();
    for (MemorySink.Message msg : sink.messages()) {
      Reading reading = json.read(msg.payload(), NOW);
      assertThat(reading.mn()).isEqualTo(mnOfTopic(msg.topic()));
      reading.samples().values().forEach(s -> assertThat(s.isValidData()).isTrue());
    }
  }

  @Test
  void aggregatesAreComputedFromWhatTheDeviceSent() throws Exception {
    MemorySink sink = new MemorySink();
    run(sink, ScenarioLoader.CLEAN_SCENARIO, Duration.ofHours(1), 5, PayloadFormat.HJ212);
    String mn = "610902G0010001"; // hanjiang kiln tail: SO2, NOx, PM, O2, flow, conditions
    List<Reading> rt = new java.util.ArrayList<>();
    List<Reading> minutes = new java.util.ArrayList<>();
    Reading hour = null;
    for (MemorySink.Message m : sink.messages()) {
      if (!m.topic().equals("meters/" + mn + "/data")) {
        continue;
      }
      Reading r = CODEC.decode(new String(m.payload(), StandardCharsets.UTF_8), NOW);
      switch (r.kind()) {
        case REAL_TIME -> rt.add(r);
        case MINUTE -> minutes.add(r);
        case HOUR -> hour = r;
        default -> throw new AssertionError(r.kind());
      }
    }
    assertThat(rt).hasSize(120);
    assertThat(minutes).hasSize(60);
    assertThat(hour).isNotNull();
    double minuteAvgSum = 0;
    for (int i = 0; i < 60; i++) {
      Reading m = minutes.get(i);
      assertThat(m.dataTime()).isEqualTo(rt.get(2 * i).dataTime());
      double a = rt.get(2 * i).sample("a21026").value("Rtd");
      double b = rt.get(2 * i + 1).sample("a21026").value("Rtd");
      assertThat(m.sample("a21026").value("Avg")).isCloseTo((a + b) / 2, within(0.0006));
      assertThat(m.sample("a21026").value("Min")).isEqualTo(Math.min(a, b));
      assertThat(m.sample("a21026").value("Max")).isEqualTo(Math.max(a, b));
      double za = rt.get(2 * i).sample("a21026").value("ZsRtd");
      double zb = rt.get(2 * i + 1).sample("a21026").value("ZsRtd");
      assertThat(m.sample("a21026").value("ZsAvg")).isCloseTo((za + zb) / 2, within(0.0006));
      // the device's own conversion: ZsRtd = Rtd x (21 - 10) / (21 - O2)
      double o2 = rt.get(2 * i).sample("a19001").value("Rtd");
      assertThat(za).isCloseTo(a * 11 / (21 - o2), within(0.0006));
      minuteAvgSum += m.sample("a21026").value("Avg");
      assertThat(m.sample("a21026").flag().name()).isEqualTo("N");
    }
    assertThat(hour.sample("a21026").value("Avg")).isCloseTo(minuteAvgSum / 60, within(0.0006));
    assertThat(hour.sample("a21026").value("Cou")).isPositive();
    assertThat(hour.sample("a00000").value("Cou"))
        .isCloseTo(
            rt.stream().mapToDouble(r -> r.sample("a00000").value("Rtd") * 30).sum(), within(0.01));
  }

  @Test
  void builderChecksItsSettings() {
    assertThatThrownBy(() -> Simulation.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sink");
    assertThatThrownBy(
            () -> Simulation.builder().sink(new MemorySink()).topicPrefix("meters/#").build())
        .hasMessageContaining("topic prefix");
    assertThatThrownBy(
            () -> Simulation.builder().sink(new MemorySink()).duration(Duration.ZERO).build())
        .hasMessageContaining("duration must be positive");
  }
}
