package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.MosquittoProcess;
import io.meterwatch.simulator.publish.MqttPublisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * TLS on MQTT: Debian's mosquitto with a TLS listener that requires client certificates, a CA and
 * certificates generated at run time; the bridge and the simulator with {@code --mqtt-ca}, {@code
 * --mqtt-cert}, {@code --mqtt-key}.
 */
class MqttTlsBrokerTest {
  private static final String A = "610902G0010001";

  @TempDir static Path dir;
  private static Path ca;
  private static Path otherCa;
  private static Path clientCert;
  private static Path clientKey;
  private static MosquittoProcess mosquitto;

  @BeforeAll
  static void startBroker() throws Exception {
    TestPki bureau = TestPki.ca("meterwatch test CA");
    ca = bureau.writeCa(dir.resolve("ca.crt"));
    otherCa = TestPki.ca("some other CA").writeCa(dir.resolve("other-ca.crt"));
    Path[] server = bureau.issue("mosquitto", dir, "server", false);
    // the client's key as openssl's classic RSA PEM: read without conversion
    Path[] client = bureau.issue("meterwatch-bridge", dir, "client", true);
    clientCert = client[0];
    clientKey = client[1];
    mosquitto = MosquittoProcess.builder().tls(ca, server[0], server[1], true).start();
  }

  @AfterAll
  static void stopBroker() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  @Test
  void trafficFlowsWithTheRightCertificates() throws Exception {
    assertThat(Files.readString(clientKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    MqttTls tls = MqttTls.of(ca, clientCert, clientKey);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      try (MqttKafkaBridge bridge =
              MqttKafkaBridge.builder()
                  .mqttUrl(mosquitto.url())
                  .kafkaBootstrap(kafka.bootstrapServers())
                  .mqttTls(tls)
                  .clientId("tls-bridge")
                  .build()
                  .start();
          MqttPublisher meter =
              MqttPublisher.builder().url(mosquitto.url()).tls(tls).clientId("tls-meter").build()) {
        for (int i = 1; i <= 3; i++) {
          meter.send("meters/" + A + "/data", frame(A, i).getBytes(StandardCharsets.US_ASCII));
        }
        meter.flush();
        assertThat(MeterUploads.keys(kafka.bootstrapServers(), "meter.readings", 3))
            .containsExactly(A, A, A);
        assertThat(bridge.metrics().rejected()).isZero();
      }
    }
  }

  @Test
  void aClientWithoutCertificateIsRefused() throws Exception {
    // the same client with its certificate gets in
    MqttClient withCertificate = connect(MqttTls.of(ca, clientCert, clientKey));
    withCertificate.disconnect();
    withCertificate.close();
    // trusts the broker, but has nothing to show it
    assertThatThrownBy(() -> connect(MqttTls.of(ca, null, null))).isInstanceOf(MqttException.class);
  }

  private static MqttClient connect(MqttTls tls) throws MqttException {
    MqttClient c =
        new MqttClient(mosquitto.url(), "c-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setSocketFactory(tls.socketFactory());
    o.setConnectionTimeout(10);
    try {
      c.connect(o);
      // a TLS 1.3 server may refuse the certificate only after the client's handshake is done:
      // a round trip shows whether the connection stands
      c.subscribe("meters/none/ack", 1);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  @Test
  void theBridgeRefusesAServerCertificateFromAnotherCaWithOneLine() {
    CommandLine cl = Meterwatch.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int status =
        cl.execute(
            "bridge",
            "--mqtt",
            mosquitto.url(),
            "--kafka",
            "127.0.0.1:1",
            "--registry-topic",
            "none",
            "--metrics-bind",
            "off",
            "--mqtt-ca",
            otherCa.toString(),
            "--mqtt-cert",
            clientCert.toString(),
            "--mqtt-key",
            clientKey.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: MQTT connect to "
                + mosquitto.url()
                + " refused: TLS: the broker's certificate is not signed by a CA in --mqtt-ca (or"
                + " the JVM's truststore without it)\n");
  }

  @Test
  void theSimulatorRefusesAServerCertificateFromAnotherCaWithOneLine() {
    SimulateRun simulate =
        SimulateRun.run(
            "--mqtt",
            mosquitto.url(),
            "--load",
            "1",
            "--duration",
            "1s",
            "--mqtt-ca",
            otherCa.toString(),
            "--mqtt-cert",
            clientCert.toString(),
            "--mqtt-key",
            clientKey.toString());
    int status = simulate.status();
    assertThat(status).isEqualTo(1);
    assertThat(simulate.err())
        .endsWith(
            "meterwatch simulate: cannot connect to MQTT broker "
                + mosquitto.url()
                + " within 30 s: TLS: the broker's certificate is not signed by a CA in --mqtt-ca"
                + " (or the JVM's truststore without it)\n");
  }

  @Test
  void tlsFlagsAreCheckedBeforeAnythingConnects() {
    assertThat(run("--mqtt", "tcp://127.0.0.1:1883", "--mqtt-ca", ca.toString()))
        .isEqualTo(
            "meterwatch bridge: --mqtt-ca needs an ssl:// broker URL in --mqtt, was"
                + " tcp://127.0.0.1:1883\n");
    assertThat(run("--mqtt", "ssl://127.0.0.1:8883", "--mqtt-cert", clientCert.toString()))
        .isEqualTo(
            "meterwatch bridge: --mqtt-cert needs --mqtt-key (a client certificate is a certificate"
                + " and its key)\n");
    assertThat(run("--mqtt", "ssl://127.0.0.1:8883", "--mqtt-ca", clientKey.toString()))
        .startsWith("meterwatch bridge: --mqtt-ca " + clientKey + ": ");
    assertThat(
            run(
                "--mqtt",
                "ssl://127.0.0.1:8883",
                "--mqtt-cert",
                clientCert.toString(),
                "--mqtt-key",
                ca.toString()))
        .isEqualTo(
            "meterwatch bridge: --mqtt-key "
                + ca
                + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it\n");
  }

  private static String run(String... tail) {
    CommandLine cl = Meterwatch.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("bridge", "--kafka", "127.0.0.1:1"));
    args.addAll(List.of(tail));
    assertThat(cl.execute(args.toArray(new String[0]))).isEqualTo(2);
    return err.toString();
  }

  private static String frame(String mn, int i) {
    return MeterUploads.frame(mn, i, "415511");
  }
}
