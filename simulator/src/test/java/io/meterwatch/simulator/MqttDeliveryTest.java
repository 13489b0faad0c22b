package io.meterwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.MosquittoProcess;
import io.meterwatch.simulator.publish.MqttPublisher;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The simulator publishing into real brokers: Moquette (embedded) and Debian's mosquitto. */
class MqttDeliveryTest {

  private static Simulation simulation(
      RecordingSink sink, Duration d, PayloadFormat f, VirtualClock clock) {
    return Simulation.builder()
        .scenario(ScenarioLoader.loadDefault())
        .duration(d)
        .format(f)
        .clock(clock)
        .sink(sink)
        .build();
  }

  @Test
  void moquetteReceivesExactlyWhatWasSentAtQos1() throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start();
        Subscriber sub = new Subscriber(broker.url(), "probe-moquette", 1, true);
        MqttPublisher pub = MqttPublisher.builder().url(broker.url()).qos(1).build()) {
      RecordingSink sink = new RecordingSink(pub);
      Simulation.Result r =
          simulation(
                  sink,
                  Duration.ofMinutes(30),
                  PayloadFormat.HJ212,
                  VirtualClock.asFastAsPossible())
              .run();
      // 61 outlets x 30 min x (2 real-time + 1 minute) + 24 counters x 2 register readings
      assertThat(r.sent()).isEqualTo(61 * 30 * 3 + 24 * 2);
      List<String> got = sub.await((int) r.sent(), 60);
      assertThat(got).containsExactlyInAnyOrderElementsOf(sink.sent);
      assertThat(r.errors()).isZero();
    }
  }

  @Test
  void mosquittoReceivesExactlyWhatWasSentAtQos0InJson() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.builder().start();
        Subscriber sub = new Subscriber(broker.url(), "probe-mosquitto", 0, true);
        MqttPublisher pub = MqttPublisher.builder().url(broker.url()).qos(0).build()) {
      RecordingSink sink = new RecordingSink(pub);
      Simulation.Result r =
          simulation(sink, Duration.ofMinutes(30), PayloadFormat.JSON, VirtualClock.atSpeed(1800))
              .run();
      assertThat(r.sent()).isEqualTo(61 * 30 * 3 + 24 * 2);
      List<String> got = sub.await((int) r.sent(), 60);
      assertThat(got).containsExactlyInAnyOrderElementsOf(sink.sent);
    }
  }

  @Test
  void aMosquittoRestartMidRunLosesNoQos1Message() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.builder().start();
        Subscriber sub = new Subscriber(broker.url(), "probe-restart", 1, false);
        MqttPublisher pub = MqttPublisher.builder().url(broker.url()).qos(1).build()) {
      RecordingSink sink = new RecordingSink(pub);
      // one simulated hour in about 6 s of wall time, the broker away for about 1.5 s of it
      Simulation sim =
          simulation(sink, Duration.ofHours(1), PayloadFormat.HJ212, VirtualClock.atSpeed(600));
      ExecutorService ex = Executors.newSingleThreadExecutor();
      try {
        Future<Simulation.Result> run = ex.submit(sim::run);
        Thread.sleep(2000);
        int before = sink.sent.size();
        broker.stop();
        Thread.sleep(1500);
        broker.start();
        Simulation.Result r = run.get();
        assertThat(before).isGreaterThan(0).isLessThan((int) r.sent());
        assertThat(r.errors()).as("the connection loss is counted").isGreaterThan(0);
        Set<String> expected = new HashSet<>(sink.sent);
        sub.await(expected.size(), 90);
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!new HashSet<>(sub.received).containsAll(expected) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        Set<String> got = new HashSet<>(sub.received);
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(got);
        assertThat(missing).as("messages lost across the restart").isEmpty();
        assertThat(got).isEqualTo(expected); // at-least-once: nothing foreign either
      } finally {
        ex.shutdownNow();
      }
    }
  }
}
