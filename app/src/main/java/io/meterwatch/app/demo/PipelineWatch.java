package io.meterwatch.app.demo;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.CaseStates;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.DeadLetterJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alert, case-state and dead-letter topics the way a duty officer's console does: case
 * events and case records read committed (what the exactly-once sinks have committed), dead letters
 * counted by reason. Hands each case event to a listener as it arrives and keeps the {@link
 * CaseStates} of the case records for the status line and the summary.
 */
public final class PipelineWatch implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String alertsTopic;
  private final String casesTopic;
  private final String dlqTopic;
  private final DeadLetterJson deadLetters = new DeadLetterJson();
  private final Consumer<CaseEvent> listener;
  private final CaseStates board = new CaseStates();
  private final List<CaseEvent> events = new ArrayList<>();
  private final Map<ReasonCode, Long> rejected = new EnumMap<>(ReasonCode.class);
  private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public PipelineWatch(
      String bootstrap,
      String alertsTopic,
      String casesTopic,
      String dlqTopic,
      Consumer<CaseEvent> listener) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // Case events are written in Kafka transactions: only committed ones are real.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
    this.alertsTopic = alertsTopic;
    this.casesTopic = casesTopic;
    this.dlqTopic = dlqTopic;
    this.listener = listener;
    this.thread = new Thread(this::run, "meterwatch-demo-watch");
    thread.setDaemon(true);
  }

  /** Starts following the topics from their beginning. */
  public PipelineWatch start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : List.of(alertsTopic, casesTopic, dlqTopic)) {
        consumer
            .partitionsFor(t, Duration.ofSeconds(30))
            .forEach(i -> partitions.add(new TopicPartition(t, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          if (r.topic().equals(alertsTopic)) {
            onCaseEvent(CaseJson.readEvent(r.value()));
          } else if (r.topic().equals(casesTopic)) {
            CaseRecord c = CaseJson.readRecord(r.value());
            synchronized (this) {
              board.apply(c);
            }
          } else {
            onDeadLetter(r.value());
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer up: the normal way out.
    } catch (RejectedInputException | RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  private void onCaseEvent(CaseEvent e) {
    synchronized (this) {
      events.add(e);
    }
    lastEventNanos.set(System.nanoTime());
    listener.accept(e);
  }

  private void onDeadLetter(byte[] value) {
    ReasonCode reason;
    try {
      DeadLetter d = deadLetters.read(value);
      reason = d.reason();
    } catch (RejectedInputException e) {
      // A dead letter the watch cannot read is still a rejected message; count it as malformed.
      reason = ReasonCode.BAD_JSON;
    }
    synchronized (this) {
      rejected.merge(reason, 1L, Long::sum);
    }
  }

  /** Every case event seen so far, in arrival order. */
  public synchronized List<CaseEvent> events() {
    return List.copyOf(events);
  }

  /** Cases as they stand. */
  public synchronized List<CaseRecord> cases() {
    return board.list(null, null, null);
  }

  /** Dead letters by reason. */
  public synchronized Map<ReasonCode, Long> rejectedByReason() {
    Map<ReasonCode, Long> copy = new EnumMap<>(ReasonCode.class);
    copy.putAll(rejected);
    return copy;
  }

  /** How long ago the last case event arrived. */
  public Duration sinceLastEvent() {
    return Duration.ofNanos(System.nanoTime() - lastEventNanos.get());
  }

  /** What stopped the watch, or {@code null}. */
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
