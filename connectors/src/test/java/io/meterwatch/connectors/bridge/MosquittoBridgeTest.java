package io.meterwatch.connectors.bridge;

import static io.meterwatch.connectors.bridge.Uploads.MN;
import static io.meterwatch.connectors.bridge.Uploads.NO_ACK;
import static io.meterwatch.connectors.bridge.Uploads.OTHER_MN;
import static io.meterwatch.connectors.bridge.Uploads.PW;
import static io.meterwatch.connectors.bridge.Uploads.bytes;
import static io.meterwatch.connectors.bridge.Uploads.topic;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.bridge.MeterPublisher.Upload;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.KafkaTopics;
import io.meterwatch.devservices.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge behind Debian's mosquitto: bad input, Kafka outages, shared subscriptions. */
class MosquittoBridgeTest {
  static EmbeddedKafka kafka;
  static MosquittoProcess mosquitto;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().start();
    mosquitto = MosquittoProcess.builder().start();
  }

  @AfterAll
  static void stop() {
    mosquitto.close();
    kafka.close();
  }

  static MqttKafkaBridgeBuilder bridge(EmbeddedKafka k, String name, String clientId) {
    k.createTopic("readings-" + name, 4);
    k.createTopic("dlq-" + name, 1);
    return MqttKafkaBridge.builder()
        .mqttUrl(mosquitto.url())
        .kafkaBootstrap(k.bootstrapServers())
        .readingsTopic("readings-" + name)
        .dlqTopic("dlq-" + name)
        .registry(Uploads.REGISTRY)
        .clientId(clientId);
  }

  static List<Upload> fleetUploads(int from, int to) {
    List<String> fleet = Uploads.fleet();
    List<Upload> uploads = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String mn = fleet.get(i % fleet.size());
      uploads.add(new Upload(topic(mn), bytes(Uploads.frame(mn, i, NO_ACK))));
    }
    return uploads;
  }

  @Test
  void eachBadInputClassLandsInTheDlqWithItsReasonAndOriginalBytes() throws Exception {
    String good = Uploads.frame(MN, 1, NO_ACK).trim();
    String crc = good.substring(good.length() - 4);
    Map<ReasonCode, Upload> bad = new LinkedHashMap<>();
    bad.put(
        ReasonCode.CRC_MISMATCH,
        new Upload(
            topic(MN),
            bytes(good.substring(0, good.length() - 4) + (crc.equals("0000") ? "1111" : "0000"))));
    bad.put(ReasonCode.LENGTH_MISMATCH, new Upload(topic(MN), bytes("##9999" + good.substring(6))));
    bad.put(
        ReasonCode.BAD_FRAME,
        new Upload(topic(MN), bytes(good.substring(0, good.indexOf(";CP=") + 10))));
    bad.put(ReasonCode.BAD_JSON, new Upload(topic(MN), bytes("{\"mn\":\"" + MN + "\",")));
    bad.put(
        ReasonCode.UNKNOWN_MN,
        new Upload(
            topic("UNKNOWN0000001"),
            bytes(
                Uploads.CODEC.encodeReading(
                    Uploads.reading("UNKNOWN0000001", 2, 40), "123456", NO_ACK))));
    bad.put(
        ReasonCode.WRONG_PASSWORD,
        new Upload(
            topic(MN),
            bytes(Uploads.CODEC.encodeReading(Uploads.reading(MN, 3, 40), "000000", NO_ACK))));
    bad.put(
        ReasonCode.MN_TOPIC_MISMATCH,
        new Upload(topic(OTHER_MN), bytes(Uploads.frame(MN, 4, NO_ACK))));
    bad.put(
        ReasonCode.IMPOSSIBLE_VALUE,
        new Upload(
            topic(MN),
            bytes(Uploads.CODEC.encodeReading(Uploads.reading(MN, 5, -7.5), PW, NO_ACK))));
    bad.put(
        ReasonCode.SPLIT_TIMEOUT, new Upload(topic(MN), bytes(Uploads.splitFrames(MN, 6).get(0))));
    List<Upload> uploads = new ArrayList<>(bad.values());
    uploads.add(new Upload(topic(MN), bytes(good)));
    uploads.add(new Upload(topic(MN), Uploads.json(MN, 7)));

    Instant before = Instant.now();
    try (MqttKafkaBridge bridge =
            bridge(kafka, "bad", "bridge-bad").splitTimeout(Duration.ofSeconds(1)).build().start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-bad")) {
      pub.publish(uploads, 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(11);

      BridgeOutput out = BridgeOutput.read(kafka.bootstrapServers(), "readings-bad", "dlq-bad", 11);

      assertThat(out.readingsByQn().keySet())
          .containsExactlyInAnyOrder(Uploads.qn(1), Uploads.qn(7));
      assertThat(out.readingRecords()).isEqualTo(2);
      assertThat(out.deadLetters()).hasSize(9);
      Map<ReasonCode, DeadLetter> byReason = new LinkedHashMap<>();
      out.deadLetters().forEach(d -> byReason.put(d.reason(), d));
      assertThat(byReason.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
      for (Map.Entry<ReasonCode, Upload> e : bad.entrySet()) {
        DeadLetter d = byReason.get(e.getKey());
        // every byte as sent except the meter password, which the DLQ hides (PW=******): the
        // sent frames carry PW=415511 (the registry's), 123456 (unknown MN) or 000000 (wrong)
        String sent = new String(e.getValue().payload(), StandardCharsets.UTF_8);
        String expected =
            sent.replace("PW=415511;", "PW=******;")
                .replace("PW=123456;", "PW=******;")
                .replace("PW=000000;", "PW=******;");
        assertThat(new String(d.original(), StandardCharsets.UTF_8))
            .as("original of %s", e.getKey())
            .isEqualTo(expected)
            .doesNotContain("PW=415511", "PW=123456", "PW=000000");
        assertThat(d.source()).isEqualTo(e.getValue().topic());
        assertThat(d.receiveTime()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(d.message()).isNotBlank();
      }
      assertThat(byReason.get(ReasonCode.MN_TOPIC_MISMATCH).message())
          .isEqualTo("MN " + MN + " in the payload, " + OTHER_MN + " in the topic");
      assertThat(byReason.get(ReasonCode.UNKNOWN_MN).message())
          .isEqualTo("MN UNKNOWN0000001 is not in the site registry");
      assertThat(bridge.metrics().rejected()).isEqualTo(9);
      for (ReasonCode r : bad.keySet()) {
        assertThat(bridge.metrics().rejected(r)).as("%s", r).isEqualTo(1);
      }
    }
  }

  @Test
  void kafkaUnreachableFor30sStopsAckingThenCatchesUpLosingNothing(@TempDir Path kafkaDir)
      throws Exception {
    try (EmbeddedKafka flaky = EmbeddedKafka.builder().dataDir(kafkaDir).start();
        MqttKafkaBridge bridge =
            bridge(flaky, "outage", "bridge-outage")
                .queueCapacity(100)
                .maxInFlightRecords(200)
                .build()
                .start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-outage")) {
      pub.publish(fleetUploads(0, 500), 1, 0);
      BridgeOutput.await(() -> bridge.metrics().forwarded() == 500, Duration.ofSeconds(60));

      flaky.stop();
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  pub.publish(fleetUploads(500, 2000), 1, 100);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      AtomicLong maxInFlight = new AtomicLong();
      long outageEnd = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < outageEnd) {
        maxInFlight.accumulateAndGet(bridge.metrics().inFlight(), Math::max);
        Thread.sleep(100);
      }
      long forwardedDuringOutage = bridge.metrics().forwarded() - 500;
      long receivedDuringOutage = bridge.metrics().received() - 500;
      flaky.start();
      publishing.get();
      assertThat(pub.awaitAccepted()).isEqualTo(2000);

      BridgeOutput out =
          BridgeOutput.read(flaky.bootstrapServers(), "readings-outage", "dlq-outage", 2000);
      BridgeOutput.await(() -> bridge.metrics().forwarded() >= 2000, Duration.ofSeconds(60));

      // stopped acking: nothing forwarded while Kafka was away
      assertThat(forwardedDuringOutage).isZero();
      // memory bounded: at most the queue (100) + records awaiting Kafka (200) + one in each
      // hand; at least a full queue, so the back pressure reached the broker (here the producer
      // blocks in send() on the lost partition leader long before 200 records are pending)
      assertThat(maxInFlight.get()).isBetween(100L, 302L);
      assertThat(receivedDuringOutage).isLessThanOrEqualTo(302);
      // caught up, nothing lost
      for (int i = 0; i < 2000; i++) {
        assertThat(out.readingsByQn()).containsKey(Uploads.qn(i));
      }
      out.assertDuplicatesIdentical();
      assertThat(out.deadLetters()).isEmpty();
      System.out.printf(
          "outage: %d readings, %d duplicates, max in flight %d, %d Kafka send errors%n",
          out.readingRecords(),
          out.duplicatedQns().size(),
          maxInFlight.get(),
          bridge.metrics().kafkaSendErrors());
    }
  }

  @Test
  void twoInstancesOnASharedSubscriptionSplitTheLoadWithNothingLostOrDoubled() throws Exception {
    try (MqttKafkaBridge one =
            bridge(kafka, "shared", "bridge-shared-1").sharedGroup("bridges").build().start();
        MqttKafkaBridge two =
            bridge(kafka, "shared", "bridge-shared-2").sharedGroup("bridges").build().start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-shared")) {
      assertThat(one.subscription()).isEqualTo("$share/bridges/meters/+/data");
      pub.publish(fleetUploads(0, 2000), 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(2000);

      BridgeOutput out =
          BridgeOutput.read(kafka.bootstrapServers(), "readings-shared", "dlq-shared", 2000);
      BridgeOutput.await(
          () -> one.metrics().inFlight() + two.metrics().inFlight() == 0, Duration.ofSeconds(30));

      assertThat(out.readingsByQn()).hasSize(2000);
      assertThat(out.readingRecords()).isEqualTo(2000);
      assertThat(out.duplicatedQns()).isEmpty();
      assertThat(one.metrics().received() + two.metrics().received()).isEqualTo(2000);
      assertThat(one.metrics().forwarded() + two.metrics().forwarded()).isEqualTo(2000);
      // mosquitto hands shared-subscription messages out round robin
      assertThat(one.metrics().forwarded()).isBetween(500L, 1500L);
      assertThat(two.metrics().forwarded()).isBetween(500L, 1500L);
    }
  }

  /** {@code count} split packets of the fleet, each as its two parts, part 1 first. */
  static List<Upload> splitUploads(int count) {
    List<String> fleet = Uploads.fleet();
    List<Upload> uploads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String mn = fleet.get(i % fleet.size());
      for (String part : Uploads.splitFrames(mn, i)) {
        uploads.add(new Upload(topic(mn), bytes(part)));
      }
    }
    return uploads;
  }

  @Test
  void splitPacketsAcrossTwoBridgesOnASharedSubscriptionMeetInThePartsTopic() throws Exception {
    kafka.createTopic("parts-split", 4);
    try (MqttKafkaBridge one =
            bridge(kafka, "split", "bridge-split-1")
                .sharedGroup("splitters")
                .partsTopic("parts-split")
                .build()
                .start();
        MqttKafkaBridge two =
            bridge(kafka, "split", "bridge-split-2")
                .sharedGroup("splitters")
                .partsTopic("parts-split")
                .build()
                .start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-split")) {
      // both parts consumers in the group before the first part: no rebalance mid-stream
      KafkaTopics.awaitGroupMembers(
          kafka.bootstrapServers(),
          PartsReassembler.groupId(one.settings()),
          2,
          Duration.ofSeconds(60));
      pub.publish(splitUploads(1000), 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(2000);

      BridgeOutput out =
          BridgeOutput.read(kafka.bootstrapServers(), "readings-split", "dlq-split", 1000);
      BridgeOutput.await(
          () -> one.metrics().forwarded() + two.metrics().forwarded() == 1000,
          Duration.ofSeconds(60));
      out = BridgeOutput.read(kafka.bootstrapServers(), "readings-split", "dlq-split", 1000);

      assertThat(out.deadLetters()).isEmpty();
      assertThat(out.readingRecords()).isEqualTo(1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(out.readingsByQn().get(Uploads.qn(i))).hasSize(1);
      }
      // the whole packet: SO2 from part 1 and O2 from part 2 in one reading
      Reading seven = out.readingsByQn().get(Uploads.qn(7)).get(0);
      assertThat(seven.mn()).isEqualTo(Uploads.fleet().get(7 % Uploads.fleet().size()));
      assertThat(seven.samples().keySet()).containsExactly(SO2, O2);
      assertThat(seven.sample(SO2).values()).containsEntry("Rtd", 41.0);
      assertThat(seven.sample(O2).values()).containsEntry("Rtd", 10.5);
      assertThat(KafkaTopics.count(kafka.bootstrapServers(), "parts-split")).isEqualTo(2000);
      assertThat(one.metrics().received() + two.metrics().received()).isEqualTo(2000);
      // mosquitto hands the parts out round robin: most packets had a part at each bridge
      assertThat(one.metrics().received()).isBetween(500L, 1500L);
      assertThat(two.metrics().received()).isBetween(500L, 1500L);
      assertThat(one.metrics().inFlight() + two.metrics().inFlight()).isZero();
      System.out.printf(
          "split: 1000 packets in 2000 parts, bridges received %d and %d, put together %d and %d%n",
          one.metrics().received(),
          two.metrics().received(),
          one.metrics().forwarded(),
          two.metrics().forwarded());
    }
  }

  @Test
  void withoutThePartsTopicSplitPacketsAcrossTwoBridgesTimeOut() throws Exception {
    try (MqttKafkaBridge one =
            bridge(kafka, "nosplit", "bridge-nosplit-1")
                .sharedGroup("nosplitters")
                .splitTimeout(Duration.ofSeconds(1))
                .build()
                .start();
        MqttKafkaBridge two =
            bridge(kafka, "nosplit", "bridge-nosplit-2")
                .sharedGroup("nosplitters")
                .splitTimeout(Duration.ofSeconds(1))
                .build()
                .start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-nosplit")) {
      pub.publish(splitUploads(20), 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(40);
      BridgeOutput.await(
          () -> one.metrics().inFlight() + two.metrics().inFlight() == 0, Duration.ofSeconds(30));
      BridgeOutput out =
          BridgeOutput.read(kafka.bootstrapServers(), "readings-nosplit", "dlq-nosplit", 1);
      // the failure the parts topic prevents: parts at different bridges never meet
      assertThat(out.deadLetters())
          .isNotEmpty()
          .allMatch(d -> d.reason() == ReasonCode.SPLIT_TIMEOUT);
      assertThat(out.readingRecords() + out.deadLetters().size() / 2).isEqualTo(20);
    }
  }

  @Test
  void bridgeProcessKilledMidStreamAndRestartedLosesNothing() throws Exception {
    kafka.createTopic("readings-crash", 4);
    kafka.createTopic("dlq-crash", 1);
    String[] args = {
      mosquitto.url(), kafka.bootstrapServers(), "bridge-crash", "readings-crash", "dlq-crash"
    };
    String bootstrap = kafka.bootstrapServers();
    try (MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-crash")) {
      BridgeProcess first = BridgeProcess.start(args);
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  pub.publish(fleetUploads(0, 3000), 1, 500);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      BridgeOutput.await(
          () -> KafkaTopics.count(bootstrap, "readings-crash") >= 800, Duration.ofSeconds(60));
      first.kill9();
      long atKill = KafkaTopics.count(bootstrap, "readings-crash");
      List<String> secondOutput;

      try (BridgeProcess second = BridgeProcess.start(args)) {
        BridgeOutput.await(
            () -> KafkaTopics.count(bootstrap, "readings-crash") >= 2000, Duration.ofSeconds(60));
        // an operator's stop: SIGTERM runs the shutdown hook, which finishes what is in flight
        assertThat(second.terminate()).isEqualTo(143);
        assertThat(second.output()).contains("CLOSED in-flight=0");
        secondOutput = second.output();
      }
      publishing.get();
      assertThat(pub.awaitAccepted()).isEqualTo(3000);

      try (BridgeProcess third = BridgeProcess.start(args)) {
        BridgeOutput out = BridgeOutput.read(bootstrap, "readings-crash", "dlq-crash", 3000);
        BridgeOutput.await(
            () -> {
              try {
                return BridgeOutput.read(bootstrap, "readings-crash", "dlq-crash", 3000)
                        .readingsByQn()
                        .size()
                    == 3000;
              } catch (Exception e) {
                return false;
              }
            },
            Duration.ofSeconds(60));
        out = BridgeOutput.read(bootstrap, "readings-crash", "dlq-crash", 3000);
        assertThat(atKill).isLessThan(3000);
        for (int i = 0; i < 3000; i++) {
          assertThat(out.readingsByQn()).containsKey(Uploads.qn(i));
        }
        assertThat(out.deadLetters()).isEmpty();
        // Duplicates come only from sessions that end uncleanly: the kill, and any lost
        // connection or unfinished disconnect of a loaded machine (each logged). Each leaves at
        // most the broker's in-flight window unacknowledged; redelivered, those already in Kafka
        // are written twice (docs/bridge.md, "Duplicates only after a crash").
        long unclean =
            1
                + Stream.concat(first.output().stream(), secondOutput.stream())
                    .filter(
                        l -> l.contains("MQTT connection lost") || l.contains("MQTT disconnect:"))
                    .count();
        long bound = unclean * mosquitto.maxInflight();
        assertThat(mosquitto.maxInflight()).isEqualTo(1000);
        assertThat(out.duplicatedQns().size()).isLessThanOrEqualTo((int) bound);
        out.assertDuplicatesIdentical();
        System.out.printf(
            "crash: %d readings for 3000 messages, %d duplicated by %d unclean session end(s),"
                + " bound %d%n",
            out.readingRecords(), out.duplicatedQns().size(), unclean, bound);
        third.terminate();
      }
    }
  }
}
