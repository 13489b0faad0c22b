package io.meterwatch.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MosquittoProcessTest {

  @Test
  void publishAndSubscribeIncludingSharedSubscription() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.builder().start();
        MqttProbe plain = new MqttProbe(broker.url(), "plain", true);
        MqttProbe shared1 = new MqttProbe(broker.url(), "shared1", true);
        MqttProbe shared2 = new MqttProbe(broker.url(), "shared2", true);
        MqttProbe pub = new MqttProbe(broker.url(), "pub", true)) {
      plain.subscribe("meters/+/data", 1);
      // mosquitto 2 honours MQTT 5 shared subscriptions for MQTT 3.1.1 clients too
      shared1.subscribe("$share/bridges/meters/+/data", 1);
      shared2.subscribe("$share/bridges/meters/+/data", 1);
      for (int i = 0; i < 10; i++) {
        pub.publish("meters/M" + i + "/data", "v" + i, 1);
      }

      assertThat(plain.await(10)).hasSize(10);
      shared1.await(1);
      shared2.await(1);
      assertThat(shared1.received.size() + shared2.received.size()).isEqualTo(10);
      assertThat(shared1.received).isNotEmpty();
      assertThat(shared2.received).isNotEmpty();
      assertThat(broker.pid()).isPositive();
    }
  }

  @Test
  void restartKeepsPersistentSessionAndPort() throws Exception {
    try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
      try (MqttProbe sub = new MqttProbe(broker.url(), "bridge", false)) {
        sub.subscribe("meters/+/data", 1);
      }
      try (MqttProbe pub = new MqttProbe(broker.url(), "pub", true)) {
        pub.publish("meters/M1/data", "queued", 1);
      }
      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      assertThat(FreePort.isListening(broker.port())).isFalse();
      broker.start();
      try (MqttProbe sub = new MqttProbe(broker.url(), "bridge", false)) {
        assertThat(sub.await(1)).containsExactly("meters/M1/data queued");
      }
    }
  }

  @Test
  void missingBinaryFailsWithInstallHint() {
    assertThatThrownBy(
            () -> MosquittoProcess.builder().binary(Path.of("/nonexistent/mosquitto")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("install it: apt-get install -y mosquitto");
  }
}
