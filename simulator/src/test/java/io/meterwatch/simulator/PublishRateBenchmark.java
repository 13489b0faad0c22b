package io.meterwatch.simulator;

import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.devservices.MosquittoProcess;
import io.meterwatch.simulator.load.LoadGenerator;
import io.meterwatch.simulator.publish.MqttPublisher;
import io.meterwatch.simulator.publish.PayloadEncoder;
import io.meterwatch.simulator.publish.PayloadFormat;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Publish rate of the simulator's {@link MqttPublisher} into Debian's mosquitto at QoS 0 and 1 for
 * 200-byte readings, beside {@code mosquitto_pub -l} sending the same payloads to the same broker
 * in the same run. Not part of {@code mvn verify}; run it with {@code mvn -pl simulator -am test
 * -Dtest=PublishRateBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Results:
 * docs/performance.md.
 */
class PublishRateBenchmark {
  private static final int QOS0_MESSAGES = 200_000;
  private static final int QOS1_MESSAGES = 100_000;

  /** A 200-byte HJ 212 real-time packet of a synthetic meter (padded in the MN to 200 bytes). */
  static byte[] payload200() {
    LoadGenerator g =
        new LoadGenerator(
            1,
            0,
            Duration.ofSeconds(1),
            (t, p) -> {},
            PayloadFormat.HJ212,
            LocalCalendar.defaultCalendar(),
            "meters",
            Instant.parse("2025-03-30T00:00:00Z"),
            1,
            p -> {});
    byte[] b =
        new PayloadEncoder(PayloadFormat.HJ212, LocalCalendar.defaultCalendar())
            .encode(g.reading(0, 0), "123456");
    // without the CR LF so that mosquitto_pub -l sends the very same bytes line by line
    byte[] line = Arrays.copyOf(b, b.length - 2);
    byte[] out = new byte[200];
    Arrays.fill(out, (byte) ' ');
    System.arraycopy(line, 0, out, 0, Math.min(200, line.length));
    return out;
  }

  @Test
  void publishRateBesideMosquittoPub() throws Exception {
    byte[] payload = payload200();
    try (MosquittoProcess broker = MosquittoProcess.builder().start()) {
      for (int qos : new int[] {0, 1}) {
        int n = qos == 0 ? QOS0_MESSAGES : QOS1_MESSAGES;
        ours(broker.url(), qos, payload, n / 10); // warm-up
        double oursRate = ours(broker.url(), qos, payload, n);
        double cliRate = mosquittoPub(broker.port(), qos, payload, n);
        System.out.printf(
            Locale.ROOT,
            "QoS %d, %d x 200 B: MqttPublisher %.0f msg/s, mosquitto_pub -l %.0f msg/s, ratio %.2f%n",
            qos,
            n,
            oursRate,
            cliRate,
            oursRate / cliRate);
      }
    }
  }

  private static double ours(String url, int qos, byte[] payload, int n) throws Exception {
    try (MqttPublisher pub =
        MqttPublisher.builder().url(url).qos(qos).clientId("bench-" + qos).build()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        pub.send("meters/BENCH/data", payload);
      }
      pub.flush();
      return n / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static double mosquittoPub(int port, int qos, byte[] payload, int n) throws Exception {
    Path input = Files.createTempFile("bench-lines", ".txt");
    try {
      try (BufferedWriter w =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(input), StandardCharsets.UTF_8))) {
        String line = new String(payload, StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
          w.write(line);
          w.write('\n');
        }
      }
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "mosquitto_pub",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(port),
                  "-t",
                  "meters/BENCH/data",
                  "-q",
                  String.valueOf(qos),
                  "-M",
                  "1000",
                  "-l")
              .redirectInput(input.toFile())
              .redirectErrorStream(true)
              .start();
      int rc = p.waitFor();
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      if (rc != 0) {
        throw new IllegalStateException(
            "mosquitto_pub exited with "
                + rc
                + " (install it: apt-get install -y mosquitto-clients): "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      return rate;
    } finally {
      Files.deleteIfExists(input);
    }
  }
}
