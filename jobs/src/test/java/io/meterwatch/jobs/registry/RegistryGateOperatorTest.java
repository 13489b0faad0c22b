package io.meterwatch.jobs.registry;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.jobs.source.ConsumedReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The registry gate's watermark waits for the readings the gate holds: a reading recorded under a
 * version the gate does not know yet stays behind the watermark it passes on, so the windows
 * downstream do not close without it.
 */
class RegistryGateOperatorTest {
  private static final long T = Instant.parse("2025-03-10T16:00:00Z").toEpochMilli();

  private static ConsumedReading underVersion(long version, long eventTime) {
    return ConsumedReading.of(
        "readings",
        eventTime,
        new byte[0],
        reading(DemoRegistryVersions.MN, Instant.ofEpochMilli(eventTime))
            .rtd(SO2, 300)
            .build()
            .withRegistryVersion(version));
  }

  /** What left the gate, in order: readings by event time, watermarks as "W" + time. */
  private static List<String> output(
      TwoInputStreamOperatorTestHarness<ConsumedReading, byte[], ConsumedReading> h) {
    List<String> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof Watermark w) {
        out.add("W" + (w.getTimestamp() - T));
      } else if (o instanceof StreamRecord<?> r) {
        out.add("R" + (((ConsumedReading) r.getValue()).eventTime() - T));
      }
    }
    h.getOutput().clear();
    return out;
  }

  @Test
  void theWatermarkWaitsForAHeldReadingUntilItsVersionArrives() throws Exception {
    String channel = "gate-operator-test-" + UUID.randomUUID();
    RegistryGate gate = new RegistryGate(channel, RegistryLoader.loadDefault().standards());
    try (var h = new TwoInputStreamOperatorTestHarness<>(new RegistryGateOperator(gate))) {
      h.open();
      h.processElement2(
          new StreamRecord<>(
              DemoRegistryVersions.record("registry", 1, DemoRegistryVersions.v1()).value()));
      h.processElement1(new StreamRecord<>(underVersion(1, T + 1_000), T + 1_000));
      h.processBothWatermarks(new Watermark(T + 1_000));
      // known version: the reading and the watermark pass
      assertThat(output(h)).containsExactly("R1000", "W1000");

      h.processElement1(new StreamRecord<>(underVersion(2, T + 60_000), T + 60_000));
      h.processElement1(new StreamRecord<>(underVersion(1, T + 120_000), T + 120_000));
      h.processBothWatermarks(new Watermark(T + 120_000));
      // version 2 is not known: its reading is held, the watermark stops 1 ms before it
      assertThat(output(h)).containsExactly("R120000", "W59999");

      h.processElement2(
          new StreamRecord<>(
              DemoRegistryVersions.record("registry", 2, DemoRegistryVersions.v2()).value()));
      // version 2 arrives: the held reading goes on, then the watermark catches up
      assertThat(output(h)).containsExactly("R60000", "W120000");
      assertThat(gate.oldestHeldEventTime()).isEqualTo(Long.MAX_VALUE);
    } finally {
      io.meterwatch.core.registry.RegistryChannel.close(channel);
    }
  }
}
