package io.meterwatch.console;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * Reads topics once from the beginning (committed records only) with one consumer on its own
 * thread, signals when the records present at start are read ("caught up"), then follows them and
 * hands each record to a {@link Reader}. A record the reader cannot take is skipped with a logged
 * reason and counted. An error stops the follower: it is kept, logged once, the caught-up wait ends
 * and the failure handler is called. No consumer group: nothing is committed, every console reads
 * the whole log. What a follower folds its records into is its reader's: {@link TopicFollower} (one
 * topic, a decoder and a sink) and {@link CaseFollower} (the case topics into the read model).
 */
public class Follower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

  /** What a follower does with its records; every call is on the follower thread. */
  interface Reader {
    /**
     * Folds one record in.
     *
     * @param caughtUp whether the records present at start are read (then the record is news)
     * @throws SkippedRecord when the record is not one of the topic's
     */
    void read(ConsumerRecord<String, byte[]> r, boolean caughtUp) throws SkippedRecord;

    /** Called once, just before the follower counts as caught up by reading to the end offsets. */
    void caughtUp();

    /** Called after each poll from the poll after catching up on. */
    default void afterPoll() {}
  }

  /** A record a reader cannot take, with the reason for the log. */
  static final class SkippedRecord extends Exception {
    private static final long serialVersionUID = 1L;

    SkippedRecord(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Properties client;
  private final List<String> topics;
  private final String name;
  private final String what;
  private final boolean missingIsEmpty;
  private final Reader reader;
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
   * @param topics the topics, read by one consumer
   * @param what what the records are, for the log ("report entries")
   * @param missingIsEmpty whether a topic that does not exist yet counts as read (it is then
   *     followed once it appears); otherwise catching up waits for it. Meant for one topic: the
   *     topics before a missing one are not read yet when it counts as caught up.
   * @param reader what to do with the records (its state must be complete: the thread starts here)
   * @param onFailure called once when the follower stops on an error
   */
  Follower(
      Properties client,
      List<String> topics,
      String what,
      boolean missingIsEmpty,
      Reader reader,
      Consumer<Throwable> onFailure) {
    this.client = client;
    this.topics = List.copyOf(topics);
    this.name = "follower of " + String.join(" and ", topics);
    this.what = what;
    this.missingIsEmpty = missingIsEmpty;
    this.reader = reader;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "follower-" + String.join("+", topics));
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits until the records present at start are folded in.
   *
   * @return whether it caught up in time
   * @throws IllegalStateException when the follower stopped on an error
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Throwable f = failure.get();
    if (f != null) {
      throw new IllegalStateException(name + " stopped: " + f, f);
    }
    return done;
  }

  /** Whether the records present at start are folded in. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Records the reader could not take (skipped with a logged reason). */
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
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<TopicPartition> p = partitions(c, topic);
        if (p.isEmpty()) {
          return; // closed while waiting for the topic
        }
        partitions.addAll(p);
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      checkCaughtUp(c, partitions, end);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          try {
            reader.read(r, caughtUp());
          } catch (SkippedRecord e) {
            skipped.incrementAndGet();
            LOG.warn(
                "skipped record {}-{}@{}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                e.getMessage());
          }
        }
        if (!caughtUp()) {
          checkCaughtUp(c, partitions, end);
        } else {
          reader.afterPoll();
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
   * Read-committed, and never creating a topic: each is created by its writer, as its writer needs
   * (the compacted {@code cases} created with broker defaults would lose its compaction).
   */
  private Properties consumerProperties() {
    Properties p = CommittedTopicReader.consumerProperties(client);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return p;
  }

  /** The topic's partitions once it exists; empty when closed or interrupted meanwhile. */
  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c, String topic) {
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
      reader.caughtUp();
      caughtUp.countDown();
    }
  }

  private void fail(Throwable e) {
    failure.set(e);
    LOG.error("{} stopped: {}", name, e.toString(), e);
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
