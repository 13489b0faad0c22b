package io.meterwatch.app;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.MosquittoProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Debian's mosquitto with the files of {@code meterwatch registry mqtt-auth}: a meter cannot
 * publish as another meter, a wrong password cannot connect, the good traffic flows.
 */
class MqttAuthBrokerTest {
  private static final String A = "610902G0010001"; // registry password 415511
  private static final String B = "610902E0010003"; // registry password 043228
  private static final Hj212Codec CODEC = new Hj212Codec();

  @Test
  void metersPublishOnlyAsThemselvesThroughTheBroker(@TempDir Path dir) throws Exception {
    Path bridgePassword = Files.writeString(dir.resolve("bridge.pw"), "bridge-s3cret\n");
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    Path auth = dir.resolve("auth");
    int status =
        cl.execute(
            "registry",
            "mqtt-auth",
            "--registry",
            "demo",
            "--out",
            auth.toString(),
            "--bridge-password-file",
            bridgePassword.toString());
    assertThat(status).isZero();
    assertThat(out.toString()).startsWith("meterwatch registry mqtt-auth: " + auth);

    try (MosquittoProcess mosquitto =
            MosquittoProcess.builder()
                .auth(auth.resolve("password_file"), auth.resolve("acl_file"))
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      // a wrong password and no password at all are refused at CONNECT
      assertThatThrownBy(() -> connect(mosquitto, A, "wrong"))
          .isInstanceOfSatisfying(
              MqttException.class,
              e ->
                  assertThat(e.getReasonCode())
                      .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
      assertThatThrownBy(() -> connect(mosquitto, null, null))
          .isInstanceOfSatisfying(
              MqttException.class,
              e ->
                  assertThat(e.getReasonCode())
                      .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));

      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      try (MqttKafkaBridge bridge =
          MqttKafkaBridge.builder()
              .mqttUrl(mosquitto.url())
              .kafkaBootstrap(kafka.bootstrapServers())
              .registry(RegistryLoader.loadDefault())
              .mqttCredentials("meterwatch-bridge", "bridge-s3cret")
              .clientId("auth-bridge")
              .build()
              .start()) {
        MqttClient meterA = connect(mosquitto, A, "415511");
        MqttClient meterB = connect(mosquitto, B, "043228");
        publish(meterA, A, frame(A, 1, "415511"));
        // A sends a packet that the bridge would accept from B (B's MN and password) to B's topic:
        // only the broker's ACL can stop it
        publish(meterA, B, frame(B, 2, "043228"));
        publish(meterA, A, frame(A, 3, "415511"));
        publish(meterB, B, frame(B, 4, "043228"));
        meterA.disconnect();
        meterB.disconnect();

        List<String> keys = readKeys(kafka, "meter.readings", 3);
        assertThat(keys).containsExactlyInAnyOrder(A, A, B);
        // the refused packet went before A's second one on the same connection: had the broker
        // delivered it, the bridge would have received it by now
        assertThat(bridge.metrics().received()).isEqualTo(3);
        assertThat(bridge.metrics().rejected()).isZero();
        assertThat(endOffset(kafka, "meter.readings.dlq")).isZero();
      }
    }
  }

  @Test
  void theSimulatorLogsInAsEachMeter(@TempDir Path dir) throws Exception {
    Path auth = dir.resolve("auth");
    Files.writeString(dir.resolve("bridge.pw"), "bridge-s3cret\n");
    assertThat(
            new CommandLine(new Meterwatch())
                .execute(
                    "registry",
                    "mqtt-auth",
                    "--registry",
                    "demo",
                    "--out",
                    auth.toString(),
                    "--bridge-password-file",
                    dir.resolve("bridge.pw").toString()))
        .isZero();
    try (MosquittoProcess mosquitto =
            MosquittoProcess.builder()
                .auth(auth.resolve("password_file"), auth.resolve("acl_file"))
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      try (MqttKafkaBridge bridge =
          MqttKafkaBridge.builder()
              .mqttUrl(mosquitto.url())
              .kafkaBootstrap(kafka.bootstrapServers())
              .registry(RegistryLoader.loadDefault())
              .mqttCredentials("meterwatch-bridge", "bridge-s3cret")
              .clientId("auth-bridge-sim")
              .build()
              .start()) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        int status;
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
          status =
              Meterwatch.commandLine()
                  .execute(
                      "simulate",
                      "--mqtt",
                      mosquitto.url(),
                      "--meter-logins",
                      "--scenario",
                      "clean",
                      "--as-fast-as-possible",
                      "--duration",
                      "10m");
        } finally {
          System.setOut(before);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile(
                    "done: (\\d+) messages in [0-9.]+ s \\(\\d+/s\\), 0 errors")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int sent = Integer.parseInt(m.group(1));
        assertThat(sent).isPositive();
        // every meter got in as itself and published to its own topic: all reach Kafka
        assertThat(readKeys(kafka, "meter.readings", sent)).hasSize(sent);
        assertThat(endOffset(kafka, "meter.readings.dlq")).isZero();
      }
    }
  }

  private static MqttClient connect(MosquittoProcess mosquitto, String user, String password)
      throws MqttException {
    MqttClient c =
        new MqttClient(
            mosquitto.url(), "c-" + user + "-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    try {
      c.connect(o);
    } catch (MqttException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static String frame(String mn, int i, String pw) {
    return CODEC.encodeReading(
        reading(mn, T0.plusSeconds(i)).rtd(SO2, 40 + i).qn("2025031008000000" + i).build(), pw, 4);
  }

  private static void publish(MqttClient c, String topicMn, String frame) throws MqttException {
    c.publish("meters/" + topicMn + "/data", frame.getBytes(StandardCharsets.US_ASCII), 1, false);
  }

  private static Properties consumer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private static List<String> readKeys(EmbeddedKafka kafka, String topic, int expected) {
    TopicPartition tp = new TopicPartition(topic, 0);
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer(kafka))) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (keys.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          keys.add(r.key());
        }
      }
      // anything beyond the expected records would show here
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(1))) {
        keys.add(r.key());
      }
    }
    return keys;
  }

  private static long endOffset(EmbeddedKafka kafka, String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer(kafka))) {
      return c.endOffsets(List.of(tp)).get(tp);
    }
  }
}
