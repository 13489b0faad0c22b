package io.meterwatch.app;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.devservices.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * HJ 212 uploads of meters as the bridge tests publish them to {@code meters/MN/data}, and the keys
 * (meter numbers) they reach Kafka under.
 */
final class MeterUploads {
  private static final Hj212Codec CODEC = new Hj212Codec();

  private MeterUploads() {}

  /** Packet {@code i} of meter {@code mn}: SO2 40 + i at T0 + i s, QN 2025031008000000 + i % 10. */
  static String frame(String mn, int i, String password) {
    return CODEC.encodeReading(
        reading(mn, T0.plusSeconds(i)).rtd(SO2, 40 + i).qn("2025031008000000" + (i % 10)).build(),
        password,
        4);
  }

  /** One packet of meter {@code mn} with the fixtures' own QN: SO2 40 at T0. */
  static String frame(String mn, String password) {
    return CODEC.encodeReading(reading(mn, T0).rtd(SO2, 40).build(), password, 4);
  }

  /**
   * Publishes {@code frames} in order at QoS 1 to meter {@code mn}'s topic through one connection
   * without credentials, then disconnects.
   */
  static void publish(String brokerUrl, String clientId, String mn, List<String> frames)
      throws MqttException {
    MqttClient pub = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
    pub.connect();
    for (String frame : frames) {
      pub.publish("meters/" + mn + "/data", frame.getBytes(StandardCharsets.US_ASCII), 1, false);
    }
    pub.disconnect();
    pub.close();
  }

  /**
   * The keys of a topic's records once {@code expected} are there (60 s at most), plus any surplus
   * that shows on one more poll.
   */
  static List<String> keys(String bootstrap, String topic, int expected) {
    return KafkaTopics.readAll(
            bootstrap, topic, "read_uncommitted", expected, Duration.ofSeconds(60))
        .stream()
        .map(ConsumerRecord::key)
        .toList();
  }
}
