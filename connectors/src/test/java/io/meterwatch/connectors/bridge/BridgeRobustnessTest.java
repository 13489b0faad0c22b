package io.meterwatch.connectors.bridge;

import static io.meterwatch.connectors.bridge.Uploads.MN;
import static io.meterwatch.connectors.bridge.Uploads.NO_ACK;
import static io.meterwatch.connectors.bridge.Uploads.PW;
import static io.meterwatch.connectors.bridge.Uploads.bytes;
import static io.meterwatch.connectors.bridge.Uploads.topic;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.bridge.MeterPublisher.Upload;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.hj212.PasswordMask;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.KafkaTopics;
import io.meterwatch.devservices.MosquittoProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge under hostile traffic and failing parts (issue #20), on Debian's mosquitto and the
 * embedded Kafka: oversized and crafted packets go to the DLQ with their reason and a bounded
 * record while every good packet arrives exactly once; a record Kafka refuses is dead-lettered, not
 * resent forever; Kafka down beyond the retry budget and a dead worker stop the bridge visibly
 * (failure, {@code /health} 503) without losing a message.
 */
class BridgeRobustnessTest {
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
        .clientId(clientId)
        .metricsPort(0);
  }

  static List<Upload> good(int from, int to) {
    List<String> fleet = Uploads.fleet();
    List<Upload> uploads = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String mn = fleet.get(i % fleet.size());
      uploads.add(new Upload(topic(mn), bytes(Uploads.frame(mn, i, NO_ACK))));
    }
    return uploads;
  }

  static HttpResponse<String> health(MqttKafkaBridge bridge) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bridge.metricsPort() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hostilePacketsAmongTenThousandGoodOnesGoToTheDlqBoundedAndTheGoodOnesArriveExactly()
      throws Exception {
    Random random = new Random(20);
    List<Upload> bad = new ArrayList<>();
    Map<ReasonCode, Integer> expected = new EnumMap<>(ReasonCode.class);
    List<byte[]> tooLarge = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // 10 MB payloads: MQTT allows 256 MB
      byte[] big = new byte[10 * 1024 * 1024];
      random.nextBytes(big);
      big[0] = '#';
      tooLarge.add(big);
      bad.add(new Upload(topic(MN), big));
    }
    for (int i = 0; i < 5; i++) { // oversize JSON
      byte[] json = bytes("{\"mn\":\"" + MN + "\",\"pad\":\"" + "x".repeat(100_000 + i) + "\"}");
      tooLarge.add(json);
      bad.add(new Upload(topic(MN), json));
    }
    expected.put(ReasonCode.PAYLOAD_TOO_LARGE, 8);
    for (int i = 0; i < 20; i++) { // PNUM bombs
      bad.add(
          new Upload(
              topic(MN),
              bytes(
                  Hj212Codec.frame(
                      "QN="
                          + Uploads.qn(90_000 + i)
                          + ";ST=31;CN=2011;PW="
                          + PW
                          + ";MN="
                          + MN
                          + ";Flag=7;PNUM=999999999;PNO=1;CP=&&DataTime=20250310080000;"
                          + "a21026-Rtd=1.0&&"))));
    }
    expected.put(ReasonCode.BAD_FIELD, 20);
    for (int i = 0; i < 20; i++) { // binary garbage
      byte[] junk = new byte[200 + i];
      random.nextBytes(junk);
      junk[0] = 0;
      bad.add(new Upload(topic(MN), junk));
    }
    expected.put(ReasonCode.BAD_FRAME, 20);
    Instant future = Instant.now().plus(Duration.ofDays(3));
    for (int i = 0; i < 20; i++) { // a device clock days ahead
      Reading r =
          io.meterwatch.core.testing.Fixtures.reading(MN, future.plusSeconds(i))
              .rtd(SO2, 40)
              .qn(Uploads.qn(95_000 + i))
              .build();
      bad.add(new Upload(topic(MN), bytes(Uploads.CODEC.encodeReading(r, PW, NO_ACK))));
    }
    expected.put(ReasonCode.FUTURE_TIME, 20);

    List<Upload> goodOnes = good(0, 10_000);
    List<Upload> all = new ArrayList<>(goodOnes);
    for (int i = 0; i < bad.size(); i++) {
      all.add((i + 1) * all.size() / (bad.size() + 1), bad.get(i));
    }
    int badCount = bad.size();
    try (MqttKafkaBridge bridge = bridge(kafka, "hostile", "bridge-hostile").build().start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-hostile")) {
      pub.publish(all, 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(10_000 + badCount);

      BridgeOutput out =
          BridgeOutput.read(
              kafka.bootstrapServers(), "readings-hostile", "dlq-hostile", 10_000 + badCount);
      BridgeOutput.await(() -> bridge.metrics().inFlight() == 0, Duration.ofSeconds(60));

      // every good packet exactly once, exactly as sent
      assertThat(out.readingsByQn()).hasSize(10_000);
      assertThat(out.readingRecords()).isEqualTo(10_000);
      for (int i = 0; i < 10_000; i += 97) {
        String frame = new String(goodOnes.get(i).payload(), StandardCharsets.UTF_8);
        Reading sent = Uploads.CODEC.decode(frame, Instant.EPOCH).withReceiveTime(null);
        assertThat(out.readingsByQn().get(Uploads.qn(i)).get(0).withReceiveTime(null))
            .isEqualTo(sent);
      }
      // every bad one in the DLQ with its reason, bounded
      Map<ReasonCode, Integer> seen = new EnumMap<>(ReasonCode.class);
      out.deadLetters().forEach(d -> seen.merge(d.reason(), 1, Integer::sum));
      assertThat(seen).isEqualTo(expected);
      DeadLetterJson json = new DeadLetterJson();
      for (DeadLetter d : out.deadLetters()) {
        assertThat(json.write(d).length).isLessThan(4_000);
        if (d.reason() == ReasonCode.PAYLOAD_TOO_LARGE) {
          byte[] whole =
              tooLarge.stream()
                  .filter(p -> d.message().contains(DeadLetter.sha256(p)))
                  .findFirst()
                  .orElseThrow();
          assertThat(d.original()).isEqualTo(Arrays.copyOf(whole, 1024));
          assertThat(d.message()).startsWith("payload of " + whole.length + " bytes");
        }
      }
      assertThat(bridge.metrics().received()).isEqualTo(10_000 + badCount);
      assertThat(bridge.metrics().forwarded()).isEqualTo(10_000);
      assertThat(bridge.metrics().rejected()).isEqualTo(badCount);
      // still running
      assertThat(bridge.failure()).isNull();
      HttpResponse<String> health = health(bridge);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"mqtt\":\"connected\"}\n");
    }
  }

  @Test
  void aReadingKafkaRefusesForGoodIsDeadLetteredOnceNotResentForever() throws Exception {
    kafka.createTopic("readings-refused", 1, Map.of("max.message.bytes", "100"));
    List<Upload> uploads = good(0, 30);
    try (MqttKafkaBridge bridge = bridge(kafka, "refused", "bridge-refused").build().start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-refused")) {
      pub.publish(uploads, 1, 0);
      assertThat(pub.awaitAccepted()).isEqualTo(30);
      BridgeOutput out =
          BridgeOutput.read(kafka.bootstrapServers(), "readings-refused", "dlq-refused", 30);
      BridgeOutput.await(() -> bridge.metrics().inFlight() == 0, Duration.ofSeconds(60));

      assertThat(out.readingRecords()).isZero();
      assertThat(out.deadLetters()).hasSize(30);
      assertThat(out.deadLetters())
          .extracting(DeadLetter::reason)
          .containsOnly(ReasonCode.KAFKA_REJECTED);
      assertThat(out.deadLetters())
          .extracting(d -> new String(d.original(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrderElementsOf(
              uploads.stream()
                  .map(u -> new String(PasswordMask.mask(u.payload()), StandardCharsets.UTF_8))
                  .toList());
      assertThat(out.deadLetters().get(0).message())
          .startsWith("Kafka refused the reading for readings-refused: ")
          .contains("RecordTooLargeException");
      assertThat(bridge.metrics().rejected(ReasonCode.KAFKA_REJECTED)).isEqualTo(30);
      assertThat(bridge.failure()).isNull();
    }
  }

  @Test
  void kafkaDownLongerThanTheRetryBudgetStopsTheBridgeAndTheNextOneLosesNothing(
      @TempDir Path kafkaDir) throws Exception {
    try (EmbeddedKafka flaky = EmbeddedKafka.builder().dataDir(kafkaDir).start();
        MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-budget")) {
      MqttKafkaBridge first =
          bridge(flaky, "budget", "bridge-budget")
              .kafkaRetryBudget(Duration.ofSeconds(3))
              .build()
              .start();
      try {
        pub.publish(good(0, 300), 1, 0);
        BridgeOutput.await(() -> first.metrics().forwarded() == 300, Duration.ofSeconds(60));

        flaky.stop();
        pub.publish(good(300, 600), 1, 0);
        assertThat(pub.awaitAccepted()).isEqualTo(600);
        BridgeOutput.await(() -> first.failure() != null, Duration.ofSeconds(60));

        assertThat(first.failure().getMessage())
            .startsWith("Kafka has not accepted a write to readings-budget for ")
            .contains("over the retry budget of 3 s");
        assertThat(first.metrics().forwarded()).isEqualTo(300);
        HttpResponse<String> health = health(first);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).startsWith("{\"status\":\"DOWN\",");
      } finally {
        first.close();
      }

      flaky.start();
      try (MqttKafkaBridge second = bridge(flaky, "budget", "bridge-budget").build().start()) {
        BridgeOutput out =
            BridgeOutput.read(flaky.bootstrapServers(), "readings-budget", "dlq-budget", 600);
        BridgeOutput.await(() -> second.metrics().forwarded() == 300, Duration.ofSeconds(60));
        assertThat(out.readingsByQn()).hasSize(600);
        assertThat(out.readingRecords()).isEqualTo(600);
        assertThat(out.deadLetters()).isEmpty();
        assertThat(KafkaTopics.count(flaky.bootstrapServers(), "readings-budget")).isEqualTo(600);
      }
    }
  }

  @Test
  void aDeadWorkerIsReportedAndItsMessagesStayAtTheBroker() throws Exception {
    try (MeterPublisher pub = new MeterPublisher(mosquitto.url(), "fleet-dead")) {
      MqttKafkaBridge first = bridge(kafka, "dead", "bridge-dead").build().start();
      try {
        pub.publish(good(0, 100), 1, 0);
        BridgeOutput.await(() -> first.metrics().forwarded() == 100, Duration.ofSeconds(60));
        first.killWorkerForTest();
        BridgeOutput.await(() -> first.failure() != null, Duration.ofSeconds(10));
        assertThat(first.failure()).hasMessage("worker stopped by request (test)");
        assertThat(health(first).statusCode()).isEqualTo(503);
        pub.publish(good(100, 200), 1, 0);
        assertThat(pub.awaitAccepted()).isEqualTo(200);
        Thread.sleep(1000);
        assertThat(first.metrics().forwarded()).isEqualTo(100);
      } finally {
        first.close();
      }
      try (MqttKafkaBridge second = bridge(kafka, "dead", "bridge-dead").build().start()) {
        BridgeOutput out =
            BridgeOutput.read(kafka.bootstrapServers(), "readings-dead", "dlq-dead", 200);
        BridgeOutput.await(() -> second.metrics().forwarded() == 100, Duration.ofSeconds(60));
        assertThat(out.readingsByQn()).hasSize(200);
        assertThat(out.readingRecords()).isEqualTo(200);
      }
    }
  }
}
