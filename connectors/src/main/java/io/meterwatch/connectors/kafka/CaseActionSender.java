package io.meterwatch.connectors.kafka;

import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseJson;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends team actions to {@code case.actions} (key = case id, record time = action time), the one
 * way actions reach the case manager: {@code meterwatch tasks} and the console both use it.
 */
public final class CaseActionSender implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Duration timeout;

  /**
   * A sender with its own idempotent producer ({@code acks=all}).
   *
   * @param client Kafka client properties with {@code bootstrap.servers}
   * @param topic the actions topic
   * @param timeout how long {@link #send} waits for Kafka
   */
  public CaseActionSender(Properties client, String topic, Duration timeout) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
    this.timeout = timeout;
  }

  /** A sender for a bootstrap address without further client settings. */
  public static CaseActionSender of(String bootstrapServers, String topic, Duration timeout) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new CaseActionSender(p, topic, timeout);
  }

  /** The actions topic. */
  public String topic() {
    return topic;
  }

  /**
   * Sends one action and returns once Kafka has it (all in-sync replicas).
   *
   * @throws ExecutionException when Kafka refuses the record
   * @throws TimeoutException when Kafka does not answer within the timeout
   */
  public void send(CaseAction a) throws ExecutionException, TimeoutException, InterruptedException {
    producer
        .send(
            new ProducerRecord<>(
                topic, null, a.time().toEpochMilli(), a.caseId(), CaseJson.actionBytes(a)))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close(timeout);
  }
}
