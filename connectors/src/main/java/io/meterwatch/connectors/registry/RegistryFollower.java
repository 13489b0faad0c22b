package io.meterwatch.connectors.registry;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.registry.RegistryDiff;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.RegistryVersion.UnreadableVersionException;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code registry} topic and keeps the version in force: the newest version whose
 * document is readable and valid. The registry given at start is version 0, in force while the
 * topic is empty. A record that cannot be read, or whose document does not validate, is skipped
 * with a logged reason and counted; it is never applied in part, and the version in force stays.
 *
 * <p>Readers call {@link #current()} per packet: one volatile read, so a new version applies from
 * the next packet on.
 */
public final class RegistryFollower implements AutoCloseable, Supplier<RegistryInForce> {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);

  /** How often a follower looks for a registry topic that does not exist yet. */
  private static final Duration TOPIC_POLL = Duration.ofSeconds(2);

  private final Properties client;
  private final String topic;
  private final StandardsCatalogue standards;
  private final AtomicReference<RegistryInForce> current;
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;

  /**
   * Starts following.
   *
   * @param client Kafka client properties with {@code bootstrap.servers}
   * @param topic the registry topic
   * @param initial the registry in force until the topic has a version, or {@code null} for none
   * @param standards the standards catalogue documents are validated against
   */
  public RegistryFollower(
      Properties client, String topic, SiteRegistry initial, StandardsCatalogue standards) {
    this.client = client;
    this.topic = topic;
    this.standards = standards;
    this.current = new AtomicReference<>(new RegistryInForce(0, initial));
    this.thread = new Thread(this::run, "registry-follower");
    thread.setDaemon(true);
    thread.start();
  }

  /** The version in force. */
  public RegistryInForce current() {
    return current.get();
  }

  @Override
  public RegistryInForce get() {
    return current.get();
  }

  /** Records skipped because they could not be read or did not validate. */
  public long skipped() {
    return skipped.get();
  }

  /** The error that stopped the follower thread, or {@code null} while it runs. */
  public Throwable failure() {
    return failure.get();
  }

  /**
   * Waits until the versions present at start are applied, so a bridge does not judge its first
   * packets by an older registry than the one published.
   *
   * @return whether it caught up within the timeout
   * @throws IllegalStateException when the follower stopped on an error
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Throwable f = failure.get();
    if (f != null) {
      throw new IllegalStateException("registry follower stopped: " + f, f);
    }
    return done;
  }

  private void run() {
    Properties p = CommittedTopicReader.consumerProperties(client);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      consumer = c;
      if (!awaitTopic(c)) {
        return;
      }
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      if (end == 0) {
        caughtUp.countDown();
      }
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          apply(r);
        }
        if (caughtUp.getCount() > 0 && c.position(tp) >= end) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      if (running.get()) { // else close() interrupted a call
        failure.set(e);
        LOG.error("registry follower stopped: {}", e.toString());
      }
    } finally {
      caughtUp.countDown();
    }
  }

  /**
   * Waits for the topic: until a first version is published nobody needs to create it, and the
   * registry given at start stays in force meanwhile.
   *
   * @return false when closed while waiting
   */
  private boolean awaitTopic(KafkaConsumer<String, byte[]> c) {
    boolean logged = false;
    while (running.get()) {
      List<?> partitions = c.listTopics(Duration.ofSeconds(10)).get(topic);
      if (partitions != null && !partitions.isEmpty()) {
        return true;
      }
      caughtUp.countDown();
      if (!logged) {
        LOG.info(
            "registry topic {} does not exist yet: version {} stays in force until a version is"
                + " published",
            topic,
            current.get().version());
        logged = true;
      }
      try {
        if (closing.await(TOPIC_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    RegistryVersion v;
    SiteRegistry next;
    try {
      v = RegistryVersion.fromJson(r.value());
      next = v.validRegistry(standards);
    } catch (UnreadableVersionException e) {
      skip(r, e.getMessage());
      return;
    }
    RegistryInForce old = current.get();
    if (v.version() < old.version()) {
      skip(r, "version " + v.version() + " is older than version " + old.version() + " in force");
      return;
    }
    current.set(new RegistryInForce(v.version(), next));
    List<RegistryDiff.Change> changes =
        old.registry() == null ? List.of() : RegistryDiff.between(old.registry(), next);
    LOG.info(
        "registry version {} in force (published by {} at {}): {} changes",
        v.version(),
        v.publishedBy(),
        v.publishedAt(),
        changes.size());
    changes.forEach(ch -> LOG.info("  {}", ch));
  }

  private void skip(ConsumerRecord<String, byte[]> r, String reason) {
    skipped.incrementAndGet();
    LOG.warn("registry record at offset {} skipped: {}", r.offset(), reason);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    closing.countDown(); // a follower waiting for the topic to appear sleeps between looks
    thread.join(10_000);
  }
}
