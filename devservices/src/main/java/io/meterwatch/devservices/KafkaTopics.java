package io.meterwatch.devservices;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads whole Kafka topics in tests, so assertions can count records one by one. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /**
   * Waits until consumer group {@code group} is stable with {@code members} members, so a test's
   * records are not read across a rebalance.
   */
  public static void awaitGroupMembers(
      String bootstrap, String group, int members, Duration timeout) throws InterruptedException {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(p)) {
      while (true) {
        try {
          ConsumerGroupDescription d =
              admin.describeConsumerGroups(List.of(group)).all().get().get(group);
          if (d.groupState() == GroupState.STABLE && d.members().size() == members) {
            return;
          }
        } catch (ExecutionException e) {
          // not there yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "consumer group " + group + " has not " + members + " members after " + timeout);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Every record of every partition of a topic from the beginning: polls until at least {@code
   * expected} records arrived or the timeout passed, then polls once more so a surplus shows.
   *
   * @param isolation {@code read_committed} or {@code read_uncommitted}
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrap, String topic, String isolation, int expected, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, isolation)) {
      List<TopicPartition> tps = partitions(c, topic, timeout);
      c.assign(tps);
      c.seekToBeginning(tps);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && out.size() < expected) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add);
    }
    return out;
  }

  /** {@link #readAll} of committed records. */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrap, String topic, int expected, Duration timeout) {
    return readAll(bootstrap, topic, "read_committed", expected, timeout);
  }

  /** How many records a topic holds (sum of end offsets); 0 for a topic that does not exist. */
  public static long count(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, "read_uncommitted")) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return 0;
      }
      List<TopicPartition> tps =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, Long> begin = c.beginningOffsets(tps);
      return c.endOffsets(tps).entrySet().stream()
          .mapToLong(e -> e.getValue() - begin.get(e.getKey()))
          .sum();
    }
  }

  /**
   * Polls {@link #count} every 100 ms until it reaches {@code expected} or {@code timeout} passed;
   * returns the last count, so the caller's assertion shows a shortfall or a surplus.
   */
  public static long awaitCount(String bootstrap, String topic, long expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = count(bootstrap, topic);
    while (count < expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      count = count(bootstrap, topic);
    }
    return count;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> c, String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      if (System.nanoTime() > deadline) {
        return List.of();
      }
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(p);
  }
}
