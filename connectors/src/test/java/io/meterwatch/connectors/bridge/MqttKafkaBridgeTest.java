package io.meterwatch.connectors.bridge;

import static io.meterwatch.connectors.bridge.Uploads.ACK;
import static io.meterwatch.connectors.bridge.Uploads.NO_ACK;
import static io.meterwatch.connectors.bridge.Uploads.bytes;
import static io.meterwatch.connectors.bridge.Uploads.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.bridge.MeterPublisher.Upload;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bridge between embedded Moquette and embedded Kafka, counted message by message. */
class MqttKafkaBridgeTest {
  static EmbeddedKafka kafka;
  static EmbeddedMqttBroker moquette;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().start();
    moquette = EmbeddedMqttBroker.builder().start();
  }

  @AfterAll
  static void stop() {
    moquette.close();
    kafka.close();
  }

  static MqttKafkaBridgeBuilder bridge(String name) {
    kafka.createTopic("readings-" + name, 4);
    kafka.createTopic("dlq-" + name, 1);
    return MqttKafkaBridge.builder()
        .mqttUrl(moquette.url())
        .kafkaBootstrap(kafka.bootstrapServers())
        .readingsTopic("readings-" + name)
        .dlqTopic("dlq-" + name)
        .registry(Uploads.REGISTRY)
        .clientId("bridge-" + name);
  }

  @Test
  void everyAcceptedMessageReachesReadingsOrDlqAndHj212AcksFollowKafka() throws Exception {
    List<String> fleet = Uploads.fleet();
    List<Upload> uploads = new ArrayList<>();
    Set<String> expectedAcks = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String mn = fleet.get(i % fleet.size());
      int flag = i % 2 == 0 ? ACK : NO_ACK;
      if (flag == ACK) {
        expectedAcks.add(Uploads.qn(i));
      }
      uploads.add(new Upload(topic(mn), bytes(Uploads.frame(mn, i, flag))));
    }
    for (int i = 2000; i < 2300; i++) {
      String mn = fleet.get(i % fleet.size());
      uploads.add(new Upload(topic(mn), Uploads.json(mn, i)));
    }
    for (int i = 2300; i < 2400; i++) {
      String mn = fleet.get(i % fleet.size());
      String frame = Uploads.frame(mn, i, ACK).trim();
      String badCrc = frame.substring(0, frame.length() - 4) + "ZZZZ".replace('Z', '0');
      if (badCrc.equals(frame)) {
        badCrc = frame.substring(0, frame.length() - 4) + "1111";
      }
      uploads.add(new Upload(topic(mn), bytes(badCrc)));
    }

    Set<String> acksSeen = ConcurrentHashMap.newKeySet();
    List<String> ackTopicsSeen = new ArrayList<>();
    MqttClient ackProbe = new MqttClient(moquette.url(), "ack-probe", new MemoryPersistence());
    ackProbe.connect();
    ackProbe.subscribe(
        "meters/+/ack",
        1,
        (t, m) -> {
          String ack = new String(m.getPayload(), StandardCharsets.US_ASCII);
          acksSeen.add(ack.substring(ack.indexOf("QN=") + 3, ack.indexOf(';')));
          synchronized (ackTopicsSeen) {
            ackTopicsSeen.add(t);
          }
        });

    try (MqttKafkaBridge bridge = bridge("flow").metricsPort(0).build().start();
        MeterPublisher pub = new MeterPublisher(moquette.url(), "fleet-flow")) {
      // Paced like the restart test: an unpaced burst of 2400 QoS 1 publishes with 1000 in
      // flight occasionally left Moquette 0.17 not acknowledging some of them for 30 s (seen once
      // in CI), a broker-side stall that has nothing to do with the bridge under test.
      pub.publish(uploads, 1, 2000);
      assertThat(pub.awaitAccepted()).isEqualTo(2400);

      BridgeOutput out =
          BridgeOutput.read(kafka.bootstrapServers(), "readings-flow", "dlq-flow", 2400);
      BridgeOutput.await(() -> bridge.metrics().inFlight() == 0, Duration.ofSeconds(30));
      BridgeOutput.await(() -> acksSeen.size() >= 1000, Duration.ofSeconds(30));

      assertThat(out.readingsByQn()).hasSize(2300);
      assertThat(out.readingRecords()).isEqualTo(2300);
      for (int i = 0; i < 2300; i++) {
        assertThat(out.readingsByQn()).containsKey(Uploads.qn(i));
      }
      assertThat(out.deadLetters()).hasSize(100);
      assertThat(out.deadLetters())
          .extracting(DeadLetter::reason)
          .containsOnly(ReasonCode.CRC_MISMATCH);
      assertThat(acksSeen).isEqualTo(expectedAcks);
      assertThat(bridge.metrics().received()).isEqualTo(2400);
      assertThat(bridge.metrics().forwarded()).isEqualTo(2300);
      assertThat(bridge.metrics().rejected(ReasonCode.CRC_MISMATCH)).isEqualTo(100);
      assertThat(bridge.metrics().rejected()).isEqualTo(100);
      assertThat(bridge.metrics().hj212Acks()).isEqualTo(1000);

      String scraped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + bridge.metricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scraped)
          .contains("meterwatch_bridge_received_total 2400.0\n")
          .contains("meterwatch_bridge_forwarded_total 2300.0\n")
          .contains("meterwatch_bridge_rejected_total{reason=\"CRC_MISMATCH\"} 100.0\n")
          .contains("meterwatch_bridge_rejected_total{reason=\"UNKNOWN_MN\"} 0.0\n")
          .contains("meterwatch_bridge_in_flight 0.0\n")
          .contains("meterwatch_bridge_kafka_send_seconds_count 2400\n")
          .contains("meterwatch_bridge_mqtt_connected 1.0\n");
      assertThat(bridge.statusLine())
          .startsWith("bridge mqtt=up received=2400 (")
          .contains("forwarded=2300 rejected=100 in-flight=0 queue=0");
    } finally {
      ackProbe.disconnect();
      ackProbe.close();
    }
  }

  @Test
  void closeMidStreamFinishesInFlightAndTheNextSessionGetsTheRestWithoutDuplicates()
      throws Exception {
    List<String> fleet = Uploads.fleet();
    List<Upload> uploads = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String mn = fleet.get(i % fleet.size());
      uploads.add(new Upload(topic(mn), bytes(Uploads.frame(mn, i, NO_ACK))));
    }
    MqttKafkaBridge first = bridge("restart").build().start();
    try (MeterPublisher pub = new MeterPublisher(moquette.url(), "fleet-restart")) {
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  pub.publish(uploads, 1, 2000);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      BridgeOutput.await(() -> first.metrics().forwarded() >= 800, Duration.ofSeconds(30));
      first.close();
      long forwardedBeforeClose = first.metrics().forwarded();
      assertThat(first.metrics().inFlight()).isZero();
      assertThat(forwardedBeforeClose).isLessThan(3000);

      // The next session starts before the publisher is awaited: with the subscriber's session
      // absent and a long backlog queued for it, Moquette once stopped acknowledging the
      // publisher for over 30 s on a loaded machine (its offline queue holds session_queue_size
      // messages, 1024 by default), so the test no longer waits for the publisher in that state.
      try (MqttKafkaBridge second = bridge("restart").build().start()) {
        publishing.get();
        assertThat(pub.awaitAccepted()).isEqualTo(3000);
        BridgeOutput out =
            BridgeOutput.read(kafka.bootstrapServers(), "readings-restart", "dlq-restart", 3000);
        assertThat(out.readingsByQn()).hasSize(3000);
        assertThat(out.duplicatedQns()).isEmpty();
        assertThat(out.readingRecords()).isEqualTo(3000);
        assertThat(out.deadLetters()).isEmpty();
        assertThat(forwardedBeforeClose + second.metrics().forwarded()).isEqualTo(3000);
      }
    } finally {
      first.close();
    }
  }

  @Test
  void builderValidatesSettings() {
    MqttKafkaBridgeBuilder ok =
        MqttKafkaBridge.builder().mqttUrl("tcp://127.0.0.1:1883").kafkaBootstrap("127.0.0.1:9092");
    ok.build();
    assertThatThrownBy(() -> MqttKafkaBridge.builder().kafkaBootstrap("h:1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mqttUrl is required, e.g. tcp://host:1883");
    assertThatThrownBy(
            () ->
                MqttKafkaBridge.builder()
                    .mqttUrl("http://127.0.0.1:1883")
                    .kafkaBootstrap("h:1")
                    .build())
        .hasMessage(
            "mqttUrl must look like tcp://host:port (or ssl://, ws://, wss://), was"
                + " http://127.0.0.1:1883");
    assertThatThrownBy(() -> ok.kafkaBootstrap("localhost").build())
        .hasMessage("kafkaBootstrap must be host:port[,host:port...], was localhost");
    ok.kafkaBootstrap("a:1,b:2");
    assertThatThrownBy(() -> ok.topicFilter("meters/#").build())
        .hasMessageContaining("the topic filter needs a + level");
    ok.topicFilter("meters/+/data");
    assertThatThrownBy(() -> ok.sharedGroup("a/b").build())
        .hasMessage("sharedGroup must be a non-empty name without / + # or spaces, was a/b");
    ok.sharedGroup(null);
    assertThatThrownBy(() -> ok.dlqTopic("meter.readings").build())
        .hasMessage("readingsTopic and dlqTopic must differ");
    ok.dlqTopic("meter.readings.dlq");
    assertThatThrownBy(() -> ok.mqttCredentials(null, "secret").build())
        .hasMessage("an MQTT password needs an MQTT user name");
    ok.mqttCredentials(null, null);
    assertThatThrownBy(() -> ok.queueCapacity(0).build())
        .hasMessage("queueCapacity must be >= 1, was 0");
    ok.queueCapacity(10);
    assertThatThrownBy(() -> ok.splitTimeout(Duration.ZERO).build())
        .hasMessage("splitTimeout must be positive, was PT0S");
  }
}
