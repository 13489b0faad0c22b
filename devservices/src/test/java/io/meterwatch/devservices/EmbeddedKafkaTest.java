package io.meterwatch.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.putAll(extra);
    return new KafkaProducer<>(p);
  }

  /** Reads a whole topic from the start at the given isolation level, as "key=value". */
  static List<String> readAll(String topic, String isolation, int expected) {
    return KafkaTopics.readAll(
            kafka.bootstrapServers(), topic, isolation, expected, Duration.ofSeconds(15))
        .stream()
        .map(r -> r.key() + "=" + new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void producesAndConsumes() throws Exception {
    kafka.createTopic("plain", 2);
    try (KafkaProducer<String, String> p = producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
      p.send(new ProducerRecord<>("plain", 0, "M1", "a")).get();
      p.send(new ProducerRecord<>("plain", 1, "M2", "b")).get();
    }
    assertThat(readAll("plain", "read_uncommitted", 2)).containsExactlyInAnyOrder("M1=a", "M2=b");
  }

  @Test
  void transactionsCommitAndAbortForReadCommittedConsumers() {
    kafka.createTopic("tx", 1);
    try (KafkaProducer<String, String> p =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test-tx"))) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>("tx", "k", "committed-1"));
      p.send(new ProducerRecord<>("tx", "k", "committed-2"));
      p.commitTransaction();
      p.beginTransaction();
      p.send(new ProducerRecord<>("tx", "k", "aborted"));
      p.flush();
      p.abortTransaction();
    }
    assertThat(readAll("tx", "read_committed", 2))
        .containsExactly("k=committed-1", "k=committed-2");
    assertThat(readAll("tx", "read_uncommitted", 3))
        .containsExactly("k=committed-1", "k=committed-2", "k=aborted");
  }

  @Test
  void restartOnSamePortKeepsData() throws Exception {
    kafka.createTopic("durable", 1);
    try (KafkaProducer<String, String> p = producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
      p.send(new ProducerRecord<>("durable", "M1", "before")).get();
    }
    int port = kafka.port();
    kafka.stop();
    assertThat(FreePort.isListening(port)).isFalse();
    kafka.start();
    assertThat(kafka.port()).isEqualTo(port);
    try (KafkaProducer<String, String> p = producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
      p.send(new ProducerRecord<>("durable", "M1", "after")).get();
    }
    assertThat(readAll("durable", "read_committed", 2)).containsExactly("M1=before", "M1=after");
  }

  @Test
  void buildRejectsSamePortTwice() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(40000).controllerPort(40000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port and controllerPort must differ");
  }
}
