package io.meterwatch.connectors.bridge;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.Reading;
import io.meterwatch.core.testing.Fixtures;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.KafkaTopics;
import io.meterwatch.devservices.MosquittoProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sustained MQTT to Kafka throughput of the bridge for 200-byte HJ 212 readings at QoS 0 and 1,
 * measured in the same run as the raw limits of the same machine: mosquitto to {@code
 * mosquitto_sub}, and Kafka's own {@code ProducerPerformance} for 200-byte records with the
 * bridge's producer settings. Not part of {@code mvn verify}; run it with
 *
 * <pre>
 * mvn -B -o verify -pl connectors -am -Dspotless.check.skip=true \
 *     -Dtest=BridgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.messages=200000]
 * </pre>
 *
 * Results go to docs/performance.md by hand.
 */
class BridgeBenchmark {
  static final int MESSAGES = Integer.getInteger("bench.messages", 200_000);

  /** Publishers: one mosquitto_pub per meter, as a fleet's connections would be. */
  static final int METERS = 4;

  @TempDir Path dir;

  @Test
  void throughput() throws Exception {
    List<String> meters = Uploads.fleet().subList(0, METERS);
    List<Path> files = new ArrayList<>();
    int perMeter = MESSAGES / METERS;
    int size = 0;
    for (String mn : meters) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < perMeter; i++) {
        String frame = frame(mn, i);
        size = frame.length();
        b.append(frame).append('\n');
      }
      Path f = dir.resolve(mn + ".txt");
      Files.writeString(f, b, StandardCharsets.US_ASCII);
      files.add(f);
    }
    int total = perMeter * METERS;
    List<String> report = new ArrayList<>();
    report.add(String.format(Locale.ROOT, "messages per run: %d of %d bytes", total, size));

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        MosquittoProcess mosquitto = MosquittoProcess.builder().maxInflight(5000).build().start()) {
      // Warm-up, not measured: one bridge run at each QoS, so that the measured runs compare the
      // JIT-compiled bridge with the C tools (without it the QoS 0 run included the compilation of
      // the whole bridge path: the C2 compiler took a quarter of the CPU during that run).
      for (int qos : new int[] {0, 1}) {
        bridge(kafka, mosquitto, meters, files, total, qos, "warm");
      }
      for (int qos : new int[] {0, 1}) {
        double raw = rawMosquitto(mosquitto, meters, files, total, qos);
        double bridge = bridge(kafka, mosquitto, meters, files, total, qos, "run");
        report.add(
            String.format(
                Locale.ROOT,
                "QoS %d: bridge MQTT->Kafka %.0f msg/s; mosquitto->mosquitto_sub %.0f msg/s;"
                    + " bridge/raw %.2f",
                qos,
                bridge,
                raw,
                bridge / raw));
      }
      double producer = producerPerformance(kafka, total, size);
      report.add(
          String.format(
              Locale.ROOT,
              "Kafka ProducerPerformance (%d-byte records, bridge producer settings): %.0f"
                  + " records/s",
              size,
              producer));
    }
    report.forEach(l -> System.out.println("BENCHMARK " + l));
  }

  /** A real-time upload of about 200 bytes: SO2, O2 and flow with their flags. */
  static String frame(String mn, int i) {
    Reading r =
        Fixtures.reading(mn, Fixtures.T0.plusSeconds(i))
            .rtd(SO2, 30 + i % 50)
            .rtd(O2, 10.5)
            .rtd(GAS_FLOW, 112.4)
            .qn(Uploads.qn(i))
            .build();
    return Uploads.CODEC.encodeReading(r, Uploads.password(mn), Uploads.NO_ACK).trim();
  }

  static List<Process> publish(
      MosquittoProcess broker, List<String> meters, List<Path> files, int qos) throws Exception {
    List<Process> pubs = new ArrayList<>();
    for (int m = 0; m < meters.size(); m++) {
      pubs.add(
          new ProcessBuilder(
                  "mosquitto_pub",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(broker.port()),
                  "-t",
                  Uploads.topic(meters.get(m)),
                  "-q",
                  String.valueOf(qos),
                  "-l",
                  "-M",
                  "1000",
                  "-i",
                  "bench-pub-" + m)
              .redirectInput(files.get(m).toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    return pubs;
  }

  static void await(List<Process> pubs) throws InterruptedException {
    for (Process p : pubs) {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    }
  }

  /** mosquitto to mosquitto_sub: messages per second from first publish to last receipt. */
  static double rawMosquitto(
      MosquittoProcess broker, List<String> meters, List<Path> files, int total, int qos)
      throws Exception {
    Process sub =
        new ProcessBuilder(
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(broker.port()),
                "-t",
                "meters/+/data",
                "-q",
                String.valueOf(qos),
                "-C",
                String.valueOf(total),
                "-i",
                "bench-sub")
            .redirectErrorStream(true)
            .start();
    Thread.sleep(500); // subscribed
    long t0 = System.nanoTime();
    List<Process> pubs = publish(broker, meters, files, qos);
    long lines = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(sub.getInputStream(), StandardCharsets.US_ASCII))) {
      while (r.readLine() != null) {
        lines++;
      }
    }
    sub.waitFor(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    await(pubs);
    assertThat(lines).as("mosquitto_sub received").isEqualTo(total);
    return total / seconds;
  }

  /** The bridge: messages per second from first publish until all are acknowledged by Kafka. */
  static double bridge(
      EmbeddedKafka kafka,
      MosquittoProcess broker,
      List<String> meters,
      List<Path> files,
      int total,
      int qos,
      String run)
      throws Exception {
    String readings = "bench-readings-" + run + "-qos" + qos;
    String dlq = "bench-dlq-" + run + "-qos" + qos;
    kafka.createTopic(readings, 4);
    kafka.createTopic(dlq, 1);
    String clientId = "bench-bridge-" + run + "-qos" + qos;
    try (MqttKafkaBridge bridge =
        MqttKafkaBridge.builder()
            .mqttUrl(broker.url())
            .kafkaBootstrap(kafka.bootstrapServers())
            .readingsTopic(readings)
            .dlqTopic(dlq)
            .registry(Uploads.REGISTRY)
            .clientId(clientId)
            .build()
            .start()) {
      Map<String, Long> cpu0 = cpuByThreadGroup(broker);
      long t0 = System.nanoTime();
      List<Process> pubs = publish(broker, meters, files, qos);
      long last = -1;
      long lastChange = System.nanoTime();
      while (bridge.metrics().forwarded() < total) {
        Thread.sleep(20);
        long f = bridge.metrics().forwarded();
        if (f != last) {
          last = f;
          lastChange = System.nanoTime();
        } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(30)) {
          break; // QoS 0 may lose messages at the broker under overload: report, do not hang
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Long> cpu1 = cpuByThreadGroup(broker);
      await(pubs);
      long forwarded = bridge.metrics().forwarded();
      StringBuilder perMessage = new StringBuilder();
      cpu1.forEach(
          (group, ns) ->
              perMessage.append(
                  String.format(
                      Locale.ROOT,
                      " %s %.1f",
                      group,
                      (ns - cpu0.getOrDefault(group, 0L)) / 1000.0 / Math.max(1, forwarded))));
      System.out.printf(
          "BENCHMARK %s QoS %d CPU µs per message:%s (wall %.1f µs)%n",
          run, qos, perMessage, seconds * 1e6 / Math.max(1, forwarded));
      System.out.printf(
          "BENCHMARK %s QoS %d bridge: %d of %d forwarded, %d rejected, Kafka send %.1f ms avg%n",
          run,
          qos,
          forwarded,
          total,
          bridge.metrics().rejected(),
          bridge.metrics().averageKafkaSendMillis());
      BridgeOutput.await(
          () -> KafkaTopics.count(kafka.bootstrapServers(), readings) >= forwarded,
          Duration.ofSeconds(30));
      assertThat(KafkaTopics.count(kafka.bootstrapServers(), readings)).isEqualTo(total);
      return forwarded / seconds;
    } finally {
      endSession(broker, clientId);
    }
  }

  /**
   * CPU time in ns so far of this JVM's threads grouped by role (the bridge's worker and acker,
   * Paho's receiver and callback, the bridge's Kafka producer, the embedded Kafka broker, the rest)
   * and of the mosquitto process: where the time per message goes.
   */
  static Map<String, Long> cpuByThreadGroup(MosquittoProcess broker) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns < 0) {
        continue;
      }
      out.merge(role(t.getThreadName()), ns, Long::sum);
    }
    // mosquitto: utime + stime in clock ticks (100 per second on Linux)
    String[] stat =
        Files.readString(Path.of("/proc/" + broker.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
    out.put("mosquitto", (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10_000_000L);
    return out;
  }

  private static String role(String thread) {
    String[][] prefixes = {
      {"bridge-worker", "worker"},
      {"bridge-acker", "acker"},
      {"MQTT Rec", "paho-receive"},
      {"MQTT Call", "paho-callback"},
      {"MQTT Snd", "paho-send"},
      {"kafka-producer-network-thread | bench-bridge", "bridge-producer-io"},
      {"data-plane-kafka", "kafka-broker"},
      {"kafka-", "kafka-broker"}
    };
    for (String[] p : prefixes) {
      if (thread.startsWith(p[0])) {
        return p[1];
      }
    }
    return "other-jvm";
  }

  /**
   * Ends the bridge's persistent session at the broker (a clean-session connect with its client
   * id): otherwise mosquitto keeps queueing every later QoS 1 message of the benchmark for the
   * departed bridge, and the later runs, raw ones included, measure that queueing too.
   */
  static void endSession(MosquittoProcess broker, String clientId) throws Exception {
    MqttClient c = new MqttClient(broker.url(), clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    c.connect(o);
    c.disconnect();
    c.close();
  }

  /** Kafka's own producer benchmark in a child JVM, with the bridge's producer settings. */
  static double producerPerformance(EmbeddedKafka kafka, int records, int size) throws Exception {
    kafka.createTopic("bench-perf", 4);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                "bench-perf",
                "--num-records",
                String.valueOf(records),
                "--record-size",
                String.valueOf(size),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "acks=all",
                "enable.idempotence=true",
                "compression.type=lz4",
                "linger.ms=5",
                "batch.size=65536")
            .redirectErrorStream(true)
            .start();
    String summary = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        System.out.println("ProducerPerformance: " + line);
        if (line.startsWith(records + " records sent")) {
          summary = line;
        }
      }
    }
    p.waitFor(10, TimeUnit.MINUTES);
    assertThat(summary).as("ProducerPerformance summary").isNotNull();
    Matcher m = Pattern.compile("records sent, ([0-9.]+) records/sec").matcher(summary);
    assertThat(m.find()).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
