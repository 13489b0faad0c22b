package io.meterwatch.console;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic once from the beginning (committed records only) into the console's read model,
 * then follows it: each record is decoded and handed to a sink, with whether the records present at
 * start are read (then it is news for the live updates). A record that does not decode is skipped
 * with a logged reason and counted. No consumer group: nothing is committed, every console reads
 * the whole log.
 *
 * @param <T> what a record decodes to
 */
public class TopicFollower<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  /** Decodes a record's value; any exception means the record is not one of this topic's. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] value) throws Exception;
  }

  private final Properties client;
  private final String topic;
  private final String what;
  private final Decoder<T> decoder;
  private final BiConsumer<T, Boolean> sink;
  private final boolean missingIsEmpty;
  private final AtomicLong read = new AtomicLong();
  private final Consumer<Throwable> onFailure;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong skipped = new AtomicLong();
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;

  /**
   * Starts following.
   *
   * @param client Kafka client properties with {@code bootstrap.servers}
   * @param topic the topic
   * @param what what a record is, for the log ("case events")
   * @param decoder decodes a record's value
   * @param sink called with each decoded record and whether the follower had caught up (follower
   *     thread)
   * @param missingIsEmpty whether a topic that does not exist yet counts as read (it is then
   *     followed once it appears); otherwise catching up waits for it
   * @param onFailure called once when the follower stops on an error
   */
  public TopicFollower(
      Properties client,
      String topic,
      String what,
      Decoder<T> decoder,
      BiConsumer<T, Boolean> sink,
      boolean missingIsEmpty,
      Consumer<Throwable> onFailure) {
    this.client = client;
    this.topic = topic;
    this.what = what;
    this.decoder = decoder;
    this.sink = sink;
    this.missingIsEmpty = missingIsEmpty;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "follower-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits until the events present at start are folded in.
   *
   * @return whether it caught up in time
   * @throws IllegalStateException when the follower stopped on an error
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Throwable f = failure.get();
    if (f != null) {
      throw new IllegalStateException("follower of " + topic + " stopped: " + f, f);
    }
    return done;
  }

  /** Whether the events present at start are folded in. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Records that did not decode (skipped with a logged reason). */
  public long skipped() {
    return skipped.get();
  }

  /** The error that stopped the follower, or {@code null} while it runs. */
  public Throwable failure() {
    return failure.get();
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProperties())) {
      consumer = c;
      List<TopicPartition> partitions = partitions(c);
      if (partitions.isEmpty()) {
        return;
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      checkCaughtUp(c, partitions, end);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          T value;
          try {
            value = decoder.decode(r.value());
          } catch (Exception ex) {
            skipped.incrementAndGet();
            LOG.warn(
                "skipped record {}-{}@{}: not {} ({})",
                r.topic(),
                r.partition(),
                r.offset(),
                what,
                ex.getMessage());
            continue;
          }
          read.incrementAndGet();
          sink.accept(value, caughtUp());
        }
        if (!caughtUp()) {
          checkCaughtUp(c, partitions, end);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /**
   * Read-committed, and never creating the topic: it is created by its writer, as its writer needs.
   */
  private Properties consumerProperties() {
    Properties p = CommittedTopicReader.consumerProperties(client);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return p;
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
    boolean logged = false;
    while (running.get()) {
      List<PartitionInfo> info = c.partitionsFor(topic);
      if (info != null && !info.isEmpty()) {
        return info.stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
            .toList();
      }
      if (missingIsEmpty && !caughtUp()) {
        LOG.info("topic {} does not exist yet: no {} so far", topic, what);
        caughtUp.countDown();
      }
      if (!logged) {
        LOG.info("waiting for topic {} to exist", topic);
        logged = true;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
    return List.of();
  }

  private void checkCaughtUp(
      KafkaConsumer<String, byte[]> c,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (c.position(tp) < end.get(tp)) {
        return;
      }
    }
    if (!caughtUp()) {
      LOG.info("read {} {} of {}", read.get(), what, topic);
      caughtUp.countDown();
    }
  }

  private void fail(Throwable e) {
    failure.set(e);
    LOG.error("follower of {} stopped: {}", topic, e.toString(), e);
    caughtUp.countDown();
    onFailure.accept(e);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    thread.join(10_000);
  }
}
