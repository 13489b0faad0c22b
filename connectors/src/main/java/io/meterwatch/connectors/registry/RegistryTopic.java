package io.meterwatch.connectors.registry;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.RegistryVersion.UnreadableVersionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code registry} topic: one compacted, single-partition topic holding every published version
 * of the site registry, keyed by version ({@link RegistryVersion#key}) so compaction keeps each one
 * and the history stays readable. One partition keeps versions in publication order.
 */
public final class RegistryTopic {
  /** The default topic name. */
  public static final String DEFAULT_TOPIC = "registry";

  private final Properties client;
  private final String topic;
  private final Duration timeout;

  /**
   * @param client Kafka client properties: at least {@code bootstrap.servers}, plus the security
   *     settings of the cluster
   * @param topic the topic name
   * @param timeout how long each Kafka call may take
   */
  public RegistryTopic(Properties client, String topic, Duration timeout) {
    if (client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException("Kafka client properties need bootstrap.servers");
    }
    this.client = client;
    this.topic = topic;
    this.timeout = timeout;
  }

  /** One record that is not a readable version: its offset and why. */
  public record Unreadable(long offset, String reason) {}

  /** The versions on the topic in offset order, and the records that could not be read. */
  public record History(List<RegistryVersion> versions, List<Unreadable> unreadable) {
    /** The newest version, or {@code null} when none was published. */
    public RegistryVersion latest() {
      return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }
  }

  /**
   * Creates the topic (compacted, one partition, the brokers' default replication factor) when it
   * does not exist. An existing topic is left alone without asking to create it, so that readers
   * whose principal may read it but not create topics (the job, the bridge) start.
   */
  public void ensureTopic() {
    try (Admin admin = Admin.create(client)) {
      if (admin
          .listTopics()
          .names()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .contains(topic)) {
        return;
      }
      NewTopic t =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every version published so far, committed records only. */
  public History history() {
    List<RegistryVersion> versions = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : CommittedTopicReader.readAll(client, topic, timeout)) {
      try {
        versions.add(RegistryVersion.fromJson(r.value()));
      } catch (UnreadableVersionException e) {
        unreadable.add(new Unreadable(r.offset(), e.getMessage()));
      }
    }
    return new History(versions, unreadable);
  }

  /**
   * Publishes {@code document} (already validated by the caller) as the version after the newest
   * one on the topic, and waits until Kafka has it.
   *
   * <p>Two publishers racing could both pick the same number; readers then apply the later record
   * (the one with the higher offset), and {@code registry history} shows both. Publishing is an
   * operator's act, one at a time, so the race is documented rather than locked against.
   */
  public RegistryVersion publish(String document, String publishedBy, Instant now) {
    RegistryVersion latest = history().latest();
    RegistryVersion next =
        RegistryVersion.of(latest == null ? 1 : latest.version() + 1, publishedBy, now, document);
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A registry document with every enterprise is a few hundred KB at city scale.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      producer
          .send(new ProducerRecord<>(topic, RegistryVersion.key(next.version()), next.toJson()))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused registry version " + next.version() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not confirm within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return next;
  }
}
