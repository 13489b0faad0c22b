package io.meterwatch.app;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.FreePort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code meterwatch bridge}, run through the real command line against real brokers. */
class BridgeCommandTest {

  @Test
  void badSettingsExitWith2AndSayWhy() {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int status = cl.execute("bridge", "--mqtt", "tcp://127.0.0.1:1883", "--kafka", "localhost");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: kafkaBootstrap must be host:port[,host:port...], was localhost\n");
  }

  @Test
  void aBadDurationNamesItsFlagAndExitsWith2() {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int status =
        cl.execute(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1883",
            "--kafka",
            "127.0.0.1:9092",
            "--kafka-retry-budget",
            "5x");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: --kafka-retry-budget: not a duration: '5x' (write e.g. 30s, 15m,"
                + " 2h, 3d, 1d12h or PT2H)\n");
  }

  @Test
  void aBridgeThatCannotWriteToKafkaWithinItsBudgetExitsWith1AndOneLine() throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      CommandLine cl = new CommandLine(new Meterwatch());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(
              () ->
                  cl.execute(
                      "bridge",
                      "--mqtt",
                      broker.url(),
                      "--kafka",
                      "127.0.0.1:" + FreePort.pick(),
                      "--client-id",
                      "cli-no-kafka",
                      "--registry-topic",
                      "none",
                      "--metrics-bind",
                      "off",
                      "--kafka-retry-budget",
                      "2s"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!out.toString().contains("Ctrl-C stops it") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String mn = "610902G0010001";
      MqttClient pub = new MqttClient(broker.url(), "cli-no-kafka-pub", new MemoryPersistence());
      pub.connect();
      pub.publish(
          "meters/" + mn + "/data",
          new Hj212Codec()
              .encodeReading(reading(mn, T0).rtd(SO2, 40).build(), "415511", 4)
              .getBytes(StandardCharsets.US_ASCII),
          1,
          false);
      pub.disconnect();
      pub.close();

      assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(err.toString().lines().toList())
          .hasSize(1)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .startsWith(
                          "meterwatch bridge: stopped: Kafka has not accepted a write to"
                              + " meter.readings for ")
                      .endsWith("; unacknowledged messages stay at the broker"));
    }
  }

  @Test
  void bridgesUploadsFromMqttToKafkaUntilStopped() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      CommandLine cl = new CommandLine(new Meterwatch());
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out, true));
      BridgeCommand command = cl.getSubcommands().get("bridge").getCommand();
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(
              () ->
                  cl.execute(
                      "bridge",
                      "--mqtt",
                      broker.url(),
                      "--kafka",
                      kafka.bootstrapServers(),
                      "--registry",
                      "demo",
                      "--client-id",
                      "cli-test",
                      "--metrics-bind",
                      "127.0.0.1:0",
                      "--status-every",
                      "1"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!out.toString().contains("Ctrl-C stops it") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String mn = "610902G0010001";
      Hj212Codec codec = new Hj212Codec();
      MqttClient pub = new MqttClient(broker.url(), "cli-pub", new MemoryPersistence());
      pub.connect();
      for (int i = 0; i < 20; i++) {
        String frame =
            codec.encodeReading(
                reading(mn, T0.plusSeconds(i))
                    .rtd(SO2, 40 + i)
                    .qn("2025031008000000" + (i % 10))
                    .build(),
                "415511",
                4);
        pub.publish("meters/" + mn + "/data", frame.getBytes(StandardCharsets.US_ASCII), 1, false);
      }
      pub.publish(
          "meters/" + mn + "/data", "garbage".getBytes(StandardCharsets.US_ASCII), 1, false);
      pub.disconnect();
      pub.close();

      assertThat(endOffset(kafka, "meter.readings", 20)).isEqualTo(20);
      assertThat(endOffset(kafka, "meter.readings.dlq", 1)).isEqualTo(1);
      java.util.regex.Matcher url =
          java.util.regex.Pattern.compile("metrics (http://127\\.0\\.0\\.1:\\d+/metrics)")
              .matcher(out.toString());
      assertThat(url.find()).as(out.toString()).isTrue();
      // the last acks may follow Kafka's by a moment: scrape until nothing is in flight
      String scraped = scrape(url.group(1));
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!scraped.contains("\nmeterwatch_bridge_in_flight 0.0\n")
          && System.nanoTime() < settle) {
        Thread.sleep(100);
        scraped = scrape(url.group(1));
      }
      // the counters move by exactly what was sent: 20 readings and one frame that is no HJ 212
      assertThat(scraped.lines())
          .contains(
              "meterwatch_bridge_received_total 21.0",
              "meterwatch_bridge_forwarded_total 20.0",
              "meterwatch_bridge_rejected_total{reason=\"BAD_FRAME\"} 1.0",
              "meterwatch_bridge_rejected_total{reason=\"CRC_MISMATCH\"} 0.0",
              "meterwatch_bridge_in_flight 0.0",
              "meterwatch_bridge_mqtt_connected 1.0",
              "meterwatch_bridge_kafka_send_seconds_count 21");
      // the JVM's and the Kafka producer's own metrics beside them
      assertThat(scraped)
          .contains("\njvm_memory_used_bytes{")
          .contains("\njvm_threads_live_threads ")
          .contains("\nkafka_producer_record_send_total{");
      Thread.sleep(1500); // one status line
      command.stop();
      assertThat(run.get(60, TimeUnit.SECONDS)).isZero();

      assertThat(out.toString())
          .contains("meterwatch bridge: meters/+/data on " + broker.url())
          .contains("metrics http://127.0.0.1:")
          .contains("bridge mqtt=up received=21 (")
          .contains("meterwatch bridge stopped: bridge mqtt=DOWN received=21 (")
          .contains("forwarded=20 rejected=1 in-flight=0 queue=0");
    }
  }

  private static String scrape(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aBadMetricsAddressNamesItsFlagAndExitsWith2() {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int status =
        cl.execute(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1883",
            "--kafka",
            "127.0.0.1:9092",
            "--metrics-bind",
            "9464");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: metricsBind (--metrics-bind) must be HOST:PORT with a port"
                + " 0..65535 (0 = any free one), was 9464\n");
  }

  private static long endOffset(EmbeddedKafka kafka, String topic, long expected)
      throws InterruptedException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long end = 0;
      while (System.nanoTime() < deadline) {
        end = c.endOffsets(java.util.List.of(tp)).get(tp);
        if (end >= expected) {
          break;
        }
        Thread.sleep(100);
      }
      return end;
    }
  }
}
