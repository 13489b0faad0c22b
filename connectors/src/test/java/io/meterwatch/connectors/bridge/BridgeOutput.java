package io.meterwatch.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.KafkaTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a bridge wrote to Kafka: readings by QN and dead letters, read back record by record. */
record BridgeOutput(Map<String, List<Reading>> readingsByQn, List<DeadLetter> deadLetters) {

  /** Reads both topics once at least {@code expectedRecords} records are in them together. */
  static BridgeOutput read(String bootstrap, String readings, String dlq, int expectedRecords)
      throws Exception {
    await(
        () ->
            KafkaTopics.count(bootstrap, readings) + KafkaTopics.count(bootstrap, dlq)
                >= expectedRecords,
        Duration.ofSeconds(60));
    Map<String, List<Reading>> byQn = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r :
        KafkaTopics.readAll(
            bootstrap,
            readings,
            (int) KafkaTopics.count(bootstrap, readings),
            Duration.ofSeconds(30))) {
      Reading reading = Uploads.JSON.read(r.value(), Instant.now());
      assertThat(r.key()).isEqualTo(reading.mn());
      byQn.computeIfAbsent(reading.qn(), k -> new ArrayList<>()).add(reading);
    }
    List<DeadLetter> dead = new ArrayList<>();
    DeadLetterJson json = new DeadLetterJson();
    for (ConsumerRecord<String, byte[]> r :
        KafkaTopics.readAll(
            bootstrap, dlq, (int) KafkaTopics.count(bootstrap, dlq), Duration.ofSeconds(30))) {
      try {
        dead.add(json.read(r.value()));
      } catch (RejectedInputException e) {
        throw new AssertionError("not a dead letter: " + new String(r.value()), e);
      }
    }
    return new BridgeOutput(byQn, dead);
  }

  /** Readings written, duplicates included. */
  int readingRecords() {
    return readingsByQn.values().stream().mapToInt(List::size).sum();
  }

  /** QNs written more than once. */
  List<String> duplicatedQns() {
    return readingsByQn.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Asserts that every duplicate carries the same reading apart from the receive time (a redelivery
   * is received again).
   */
  void assertDuplicatesIdentical() {
    for (List<Reading> copies : readingsByQn.values()) {
      Reading first = copies.get(0).withReceiveTime(null);
      for (Reading r : copies) {
        assertThat(r.withReceiveTime(null)).isEqualTo(first);
      }
    }
  }

  static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
