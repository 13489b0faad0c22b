package io.meterwatch.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as it stands, committed records only ({@code read_committed}): what an alert
 * consumer sees of an exactly-once producer. No consumer group is used, so nothing is committed.
 */
public final class CommittedTopicReader {
  private CommittedTopicReader() {}

  /**
   * Consumer properties for reading what an exactly-once producer committed: the client's settings
   * plus {@code read_committed}, no offset commits, String keys and byte[] values.
   */
  public static Properties consumerProperties(Properties client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /**
   * Every committed record of every partition of {@code topic}, from the beginning up to the last
   * stable offset at the time of the call, in partition then offset order.
   *
   * @throws TimeoutException when Kafka does not answer or the records cannot be read in time
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic, Duration timeout) {
    Properties client = new Properties();
    client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return readAll(client, topic, timeout);
  }

  /**
   * The same, with whole Kafka client properties ({@code bootstrap.servers} and the cluster's
   * security settings).
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      Properties client, String topic, Duration timeout) {
    Properties p = consumerProperties(client);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic, timeout).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: open transactions are not waited
      // for.
      Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      while (partitions.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            out.add(r);
          }
        }
      }
      out.sort(
          (a, b) ->
              a.partition() != b.partition()
                  ? Integer.compare(a.partition(), b.partition())
                  : Long.compare(a.offset(), b.offset()));
      return out;
    }
  }
}
