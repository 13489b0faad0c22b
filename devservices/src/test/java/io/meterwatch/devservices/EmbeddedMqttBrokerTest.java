package io.meterwatch.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMqttBrokerTest {

  @Test
  void publishAndSubscribeAtQos1() throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start();
        MqttProbe sub = new MqttProbe(broker.url(), "sub", true);
        MqttProbe pub = new MqttProbe(broker.url(), "pub", true)) {
      sub.subscribe("meters/+/data", 1);
      pub.publish("meters/M1/data", "one", 1);
      pub.publish("meters/M2/data", "two", 1);
      pub.publish("other/M3", "ignored", 1);

      assertThat(sub.await(2)).containsExactly("meters/M1/data one", "meters/M2/data two");
      assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
    }
  }

  @Test
  void persistentSessionKeepsQueuedMessagesAcrossRestart(@TempDir Path dir) throws Exception {
    EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().persistenceDir(dir).start();
    try {
      try (MqttProbe sub = new MqttProbe(broker.url(), "bridge", false)) {
        sub.subscribe("meters/+/data", 1);
      }
      try (MqttProbe pub = new MqttProbe(broker.url(), "pub", true)) {
        pub.publish("meters/M1/data", "while-offline", 1);
      }
      broker.stop();
      assertThat(FreePort.isListening(broker.port())).isFalse();
      broker.start();
      try (MqttProbe sub = new MqttProbe(broker.url(), "bridge", false)) {
        assertThat(sub.await(1)).containsExactly("meters/M1/data while-offline");
      }
    } finally {
      broker.close();
    }
  }

  @Test
  void buildRejectsBadPort() {
    assertThatThrownBy(() -> EmbeddedMqttBroker.builder().port(70000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be 0 (free) or 1..65535, was 70000");
  }
}
