package io.meterwatch.app;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A running {@code meterwatch bridge} follows the registry topic: a meter of an enterprise that
 * version 1 lacks is refused as unknown until version 2 adds it, and a password replaced in version
 * 3 applies from the next packet. Every packet ends in exactly one of the two topics, and each
 * reading records the version it was judged by.
 */
class RegistryBridgeTest {
  /** Enterprise 40 of the demo city, left out of version 1. */
  private static final String MN = "610902G0400001";

  private static final String OLD_PW = "391698";
  private static final String NEW_PW = "555111";

  @TempDir Path dir;

  private static String demoText() throws IOException {
    try (InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String publish(EmbeddedKafka kafka, String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Meterwatch());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("registry", "publish", f.toString(), "--kafka", kafka.bootstrapServers());
    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    return out.toString();
  }

  @Test
  void appliesEachPublishedVersionFromTheNextPacket() throws Exception {
    String full = demoText();
    String v1 = full.substring(0, full.indexOf("  # 40. Ankang Hanbin Building Materials"));
    String v3 = full.replace("password: \"" + OLD_PW + "\"", "password: \"" + NEW_PW + "\"");
    assertThat(v3).isNotEqualTo(full);

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      assertThat(publish(kafka, "v1.yaml", v1)).contains("as registry version 1");

      BridgeRun bridge =
          BridgeRun.start(
              new CommandLine(new Meterwatch()),
              BridgeRun.demoArgs(
                  broker.url(),
                  kafka.bootstrapServers(),
                  "--client-id",
                  "registry-test",
                  "--metrics-bind",
                  "off"));
      assertThat(bridge.out()).contains("Ctrl-C stops it");

      Hj212Codec codec = new Hj212Codec();
      MqttClient pub = new MqttClient(broker.url(), "registry-pub", new MemoryPersistence());
      pub.connect();
      int[] seq = {0};
      // Version 1 (the topic's, not the demo file given at start) lacks the meter.
      List<Integer> beforeV2 = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        beforeV2.add(send(pub, codec, seq, OLD_PW));
      }
      publish(kafka, "v2.yaml", full);
      List<Integer> untilV2 = sendUntilAccepted(kafka, pub, codec, seq, OLD_PW);
      List<Integer> underV2 = List.of(send(pub, codec, seq, OLD_PW), send(pub, codec, seq, OLD_PW));

      publish(kafka, "v3.yaml", v3);
      List<Integer> untilV3 = sendUntilAccepted(kafka, pub, codec, seq, NEW_PW);
      int oldPwUnderV3 = send(pub, codec, seq, OLD_PW);
      int newPwUnderV3 = send(pub, codec, seq, NEW_PW);
      pub.disconnect();
      pub.close();

      Map<Integer, Reading> readings = readings(kafka, 1 + underV2.size() + 1 + 1);
      Map<Integer, String> rejected = deadLetters(kafka, seq[0] - readings.size());
      bridge.stop();
      assertThat(bridge.exitStatus()).isZero();

      // nothing lost, nothing twice: every packet is in exactly one topic
      assertThat(readings.size() + rejected.size()).isEqualTo(seq[0]);
      assertThat(readings.keySet()).doesNotContainAnyElementsOf(rejected.keySet());
      for (int q : beforeV2) {
        assertThat(rejected.get(q)).as("packet %d before version 2", q).isEqualTo("UNKNOWN_MN");
      }
      // packets sent while version 2 was on its way were refused, the last one was accepted
      int firstV2 = untilV2.get(untilV2.size() - 1);
      untilV2
          .subList(0, untilV2.size() - 1)
          .forEach(q -> assertThat(rejected.get(q)).isEqualTo("UNKNOWN_MN"));
      assertThat(readings.get(firstV2).registryVersion()).isEqualTo(2);
      underV2.forEach(q -> assertThat(readings.get(q).registryVersion()).isEqualTo(2));
      int firstV3 = untilV3.get(untilV3.size() - 1);
      untilV3
          .subList(0, untilV3.size() - 1)
          .forEach(q -> assertThat(rejected.get(q)).isEqualTo("WRONG_PASSWORD"));
      assertThat(readings.get(firstV3).registryVersion()).isEqualTo(3);
      assertThat(rejected.get(oldPwUnderV3)).isEqualTo("WRONG_PASSWORD");
      assertThat(readings.get(newPwUnderV3).registryVersion()).isEqualTo(3);
      assertThat(bridge.out() + bridge.err()).doesNotContain(NEW_PW).doesNotContain(OLD_PW);
    }
  }

  /**
   * Publishes one packet numbered by {@code seq} (its QN and its data time); returns the number.
   */
  private static int send(MqttClient pub, Hj212Codec codec, int[] seq, String pw) throws Exception {
    int n = ++seq[0];
    String frame =
        codec.encodeReading(reading(MN, T0.plusSeconds(n)).rtd(SO2, 40).qn(qn(n)).build(), pw, 4);
    pub.publish("meters/" + MN + "/data", frame.getBytes(StandardCharsets.US_ASCII), 1, false);
    return n;
  }

  private static String qn(int n) {
    return String.format("20250310%09d", n);
  }

  /**
   * Sends a packet every 100 ms until one reaches the readings topic (a version applies within
   * seconds of its publication); prints how long that took.
   */
  private static List<Integer> sendUntilAccepted(
      EmbeddedKafka kafka, MqttClient pub, Hj212Codec codec, int[] seq, String pw)
      throws Exception {
    TopicPartition readings = new TopicPartition("meter.readings", 0);
    TopicPartition dlq = new TopicPartition("meter.readings.dlq", 0);
    List<Integer> sent = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer(kafka))) {
      long before = c.endOffsets(List.of(readings)).get(readings);
      while (System.nanoTime() < deadline) {
        sent.add(send(pub, codec, seq, pw));
        // wait until every packet sent so far is in one of the two topics, so that the last
        // packet sent is the first one accepted
        Map<TopicPartition, Long> ends = c.endOffsets(List.of(readings, dlq));
        while (ends.get(readings) + ends.get(dlq) < seq[0] && System.nanoTime() < deadline) {
          Thread.sleep(20);
          ends = c.endOffsets(List.of(readings, dlq));
        }
        if (ends.get(readings) > before) {
          System.out.printf(
              "registry version applied by the bridge %d ms after publication (%d packets)%n",
              (System.nanoTime() - start) / 1_000_000, sent.size());
          return sent;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("no packet accepted within 60 s of publication");
  }

  private static Properties consumer(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  /** Every record of a one-partition topic once {@code expected} are there (60 s at most). */
  private static List<ConsumerRecord<String, byte[]>> records(
      EmbeddedKafka kafka, String topic, int expected) {
    TopicPartition tp = new TopicPartition(topic, 0);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer(kafka))) {
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static Map<Integer, Reading> readings(EmbeddedKafka kafka, int expected)
      throws Exception {
    ReadingJson json = new ReadingJson();
    Map<Integer, Reading> byQn = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records(kafka, "meter.readings", expected)) {
      Reading reading = json.read(r.value(), Instant.now());
      byQn.put(Integer.parseInt(reading.qn().substring(8)), reading);
    }
    return byQn;
  }

  private static final Pattern QN = Pattern.compile("QN=20250310(\\d{9})");
  private static final Pattern REASON = Pattern.compile("\"reason\":\"([A-Z_]+)\"");

  /** The reason of each dead letter, by packet number (decoded from the original packet). */
  private static Map<Integer, String> deadLetters(EmbeddedKafka kafka, int expected) {
    Map<Integer, String> byQn = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records(kafka, "meter.readings.dlq", expected)) {
      String record = new String(r.value(), StandardCharsets.UTF_8);
      Matcher reason = REASON.matcher(record);
      assertThat(reason.find()).isTrue();
      Matcher b64 = Pattern.compile("\"original\":\"([^\"]+)\"").matcher(record);
      assertThat(b64.find()).isTrue();
      String original =
          new String(java.util.Base64.getDecoder().decode(b64.group(1)), StandardCharsets.UTF_8);
      Matcher qn = QN.matcher(original);
      assertThat(qn.find()).isTrue();
      byQn.put(Integer.parseInt(qn.group(1)), reason.group(1));
    }
    return byQn;
  }
}
