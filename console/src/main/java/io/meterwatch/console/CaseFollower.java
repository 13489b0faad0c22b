package io.meterwatch.console;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.input.RejectedInputException;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the case-state topic {@code cases} and the case-event topic {@code alerts} once from the
 * beginning (committed records only, the job writes both exactly-once) into a {@link CaseReadModel}
 * with one consumer, then follows both and hands each new event to a listener (the console's live
 * updates) once the model holds the state after it. No consumer group: nothing is committed, every
 * console reads both topics whole.
 */
public final class CaseFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaseFollower.class);

  /** How long a new event may wait for its case's record before it is pushed anyway. */
  static final Duration RECORD_WAIT = Duration.ofSeconds(5);

  private final Properties client;
  private final String alertsTopic;
  private final String casesTopic;
  private final CaseReadModel model;
  private final Consumer<CaseEvent> listener;
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
   * @param alertsTopic the case-event topic
   * @param casesTopic the compacted case-state topic
   * @param model the read model to fill
   * @param listener called with each event after it is folded in (follower thread)
   * @param onFailure called once when the follower stops on an error
   */
  public CaseFollower(
      Properties client,
      String alertsTopic,
      String casesTopic,
      CaseReadModel model,
      Consumer<CaseEvent> listener,
      Consumer<Throwable> onFailure) {
    this.client = client;
    this.alertsTopic = alertsTopic;
    this.casesTopic = casesTopic;
    this.model = model;
    this.listener = listener;
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "case-follower");
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
      throw new IllegalStateException("case follower stopped: " + f, f);
    }
    return done;
  }

  /** Whether the events present at start are folded in. */
  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Records that were not case events or case records (skipped with a logged reason). */
  public long skipped() {
    return skipped.get();
  }

  /** The error that stopped the follower, or {@code null} while it runs. */
  public Throwable failure() {
    return failure.get();
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(CommittedTopicReader.consumerProperties(client))) {
      consumer = c;
      List<TopicPartition> partitions = new ArrayList<>(partitions(c, casesTopic));
      partitions.addAll(partitions(c, alertsTopic));
      if (!running.get()) {
        return;
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      checkCaughtUp(c, partitions, end);
      long waitingSince = 0;
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          List<CaseEvent> ready;
          try {
            if (r.topic().equals(casesTopic)) {
              ready = model.apply(CaseJson.readRecord(r.value()));
            } else {
              CaseEvent e = CaseJson.readEvent(r.value());
              ready = model.apply(e);
              if (ready.isEmpty() && waitingSince == 0) {
                waitingSince = System.nanoTime();
              }
            }
          } catch (RejectedInputException ex) {
            skipped.incrementAndGet();
            LOG.warn(
                "skipped record {}-{}@{}: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                ex.getMessage());
            continue;
          }
          if (caughtUp()) {
            ready.forEach(listener);
          }
        }
        if (!caughtUp()) {
          checkCaughtUp(c, partitions, end);
          if (caughtUp()) {
            // what happened before the start is not news for the live pages
            model.drainWaiting();
            waitingSince = 0;
          }
        } else if (waitingSince != 0 && System.nanoTime() - waitingSince > RECORD_WAIT.toNanos()) {
          // the job commits both topics on one checkpoint; a record this late is not coming soon
          model.drainWaiting().forEach(listener);
          waitingSince = 0;
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

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c, String topic) {
    while (running.get()) {
      List<PartitionInfo> info = c.partitionsFor(topic);
      if (info != null && !info.isEmpty()) {
        return info.stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
            .toList();
      }
      LOG.info("waiting for topic {} to exist", topic);
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
    LOG.info(
        "read {} case records of {} ({} cases) and {} case events of {}",
        model.records(),
        casesTopic,
        model.size(),
        model.sequence(),
        alertsTopic);
    caughtUp.countDown();
  }

  private void fail(Throwable e) {
    failure.set(e);
    LOG.error("case follower on {} and {} stopped: {}", casesTopic, alertsTopic, e.toString(), e);
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
