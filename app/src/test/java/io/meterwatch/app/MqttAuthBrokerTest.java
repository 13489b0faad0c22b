package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.KafkaTopics;
import io.meterwatch.devservices.MosquittoProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

      try (MqttKafkaBridge bridge = startBridge(mosquitto, kafka, "auth-bridge")) {
        MqttClient meterA = connect(mosquitto, A, "415511");
        MqttClient meterB = connect(mosquitto, B, "043228");
        publish(meterA, A, MeterUploads.frame(A, 1, "415511"));
        // A sends a packet that the bridge would accept from B (B's MN and password) to B's topic:
        // only the broker's ACL can stop it
        publish(meterA, B, MeterUploads.frame(B, 2, "043228"));
        publish(meterA, A, MeterUploads.frame(A, 3, "415511"));
        publish(meterB, B, MeterUploads.frame(B, 4, "043228"));
        meterA.disconnect();
        meterB.disconnect();

        List<String> keys = MeterUploads.keys(kafka.bootstrapServers(), "meter.readings", 3);
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
      try (MqttKafkaBridge bridge = startBridge(mosquitto, kafka, "auth-bridge-sim")) {
        SimulateRun simulate =
            SimulateRun.run(
                "--mqtt",
                mosquitto.url(),
                "--meter-logins",
                "--scenario",
                "clean",
                "--as-fast-as-possible",
                "--duration",
                "10m");
        int status = simulate.status();
        String out = simulate.out();
        assertThat(status).as(out).isZero();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile(
                    "done: (\\d+) messages in [0-9.]+ s \\(\\d+/s\\), 0 errors")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int sent = Integer.parseInt(m.group(1));
        assertThat(sent).isPositive();
        // every meter got in as itself and published to its own topic: all reach Kafka
        assertThat(MeterUploads.keys(kafka.bootstrapServers(), "meter.readings", sent))
            .hasSize(sent);
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

  private static void publish(MqttClient c, String topicMn, String frame) throws MqttException {
    c.publish("meters/" + topicMn + "/data", frame.getBytes(StandardCharsets.US_ASCII), 1, false);
  }

  /**
   * The bridge with the demo registry and its broker login, on a Kafka given its two topics; the
   * meters' logins are the broker's business.
   */
  private static MqttKafkaBridge startBridge(
      MosquittoProcess mosquitto, EmbeddedKafka kafka, String clientId) throws MqttException {
    kafka.createTopic("meter.readings", 1);
    kafka.createTopic("meter.readings.dlq", 1);
    return MqttKafkaBridge.builder()
        .mqttUrl(mosquitto.url())
        .kafkaBootstrap(kafka.bootstrapServers())
        .registry(RegistryLoader.loadDefault())
        .mqttCredentials("meterwatch-bridge", "bridge-s3cret")
        .clientId(clientId)
        .build()
        .start();
  }

  private static long endOffset(EmbeddedKafka kafka, String topic) {
    return KafkaTopics.count(kafka.bootstrapServers(), topic);
  }
}
