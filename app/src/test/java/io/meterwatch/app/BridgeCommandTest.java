package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.FreePort;
import io.meterwatch.devservices.KafkaTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code meterwatch bridge}, run through the real command line against real brokers. */
class BridgeCommandTest {

  @Test
  void badSettingsExitWith2AndSayWhy() {
    Refused r = run("bridge", "--mqtt", "tcp://127.0.0.1:1883", "--kafka", "localhost");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "meterwatch bridge: kafkaBootstrap must be host:port[,host:port...], was localhost\n");
  }

  @Test
  void aBadDurationNamesItsFlagAndExitsWith2() {
    Refused r =
        run(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1883",
            "--kafka",
            "127.0.0.1:9092",
            "--kafka-retry-budget",
            "5x");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "meterwatch bridge: --kafka-retry-budget: not a duration: '5x' (write e.g. 30s, 15m,"
                + " 2h, 3d, 1d12h or PT2H)\n");
  }

  @Test
  void aBridgeThatCannotWriteToKafkaWithinItsBudgetExitsWith1AndOneLine() throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      BridgeRun bridge =
          BridgeRun.start(
              new CommandLine(new Meterwatch()),
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
              "2s");
      String mn = "610902G0010001";
      MeterUploads.publish(
          broker.url(), "cli-no-kafka-pub", mn, List.of(MeterUploads.frame(mn, "415511")));

      assertThat(bridge.exitStatus()).isEqualTo(1);
      assertThat(bridge.err().lines().toList())
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
      BridgeRun bridge =
          BridgeRun.start(
              new CommandLine(new Meterwatch()),
              BridgeRun.demoArgs(
                  broker.url(),
                  kafka.bootstrapServers(),
                  "--client-id",
                  "cli-test",
                  "--metrics-bind",
                  "127.0.0.1:0",
                  "--status-every",
                  "1"));
      String mn = "610902G0010001";
      List<String> frames = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        frames.add(MeterUploads.frame(mn, i, "415511"));
      }
      frames.add("garbage");
      MeterUploads.publish(broker.url(), "cli-pub", mn, frames);

      assertThat(KafkaTopics.awaitCount(kafka.bootstrapServers(), "meter.readings", 20, WAIT))
          .isEqualTo(20);
      assertThat(KafkaTopics.awaitCount(kafka.bootstrapServers(), "meter.readings.dlq", 1, WAIT))
          .isEqualTo(1);
      java.util.regex.Matcher url =
          java.util.regex.Pattern.compile("metrics (http://127\\.0\\.0\\.1:\\d+/metrics)")
              .matcher(bridge.out());
      assertThat(url.find()).as(bridge.out()).isTrue();
      String scraped = BridgeRun.scrapeUntilIdle(url.group(1), Duration.ofSeconds(10));
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
      bridge.stop();
      assertThat(bridge.exitStatus()).isZero();

      assertThat(bridge.out())
          .contains("meterwatch bridge: meters/+/data on " + broker.url())
          .contains("metrics http://127.0.0.1:")
          .contains("bridge mqtt=up received=21 (")
          .contains("meterwatch bridge stopped: bridge mqtt=DOWN received=21 (")
          .contains("forwarded=20 rejected=1 in-flight=0 queue=0");
    }
  }

  @Test
  void aBadMetricsAddressNamesItsFlagAndExitsWith2() {
    Refused r =
        run(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1883",
            "--kafka",
            "127.0.0.1:9092",
            "--metrics-bind",
            "9464");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "meterwatch bridge: metricsBind (--metrics-bind) must be HOST:PORT with a port"
                + " 0..65535 (0 = any free one), was 9464\n");
  }

  /** How long a record may take to reach its topic. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A command line that stops at its settings: its exit status and standard error. */
  private record Refused(int status, String err) {}

  private static Refused run(String... args) {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Refused(status, err.toString());
  }
}
