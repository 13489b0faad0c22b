package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The shipped log configuration, seen as an operator sees it: {@code meterwatch bridge} in a child
 * JVM pointed at an MQTT broker and a Kafka that are not there. Its connect retries are on stderr,
 * with what is retried, the attempt and for how long; its status line runs on stdout meanwhile.
 */
class LoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textLogShowsEachConnectRetryAndTheStatusLineRunsBeforeTheConnect() throws Exception {
    int mqttPort = freePort();
    String url = "tcp://127.0.0.1:" + mqttPort;
    Run run = bridge(url, List.of(), line -> line.contains("(attempt 3,"));

    String retry =
        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[main\\] MqttKafkaBridge - MQTT"
            + " connect to "
            + url.replace(".", "\\.")
            + " failed: .+ \\(attempt %d, failing for \\d+ s\\); retrying in %d ms until it"
            + " answers or the bridge is stopped";
    assertThat(run.err).anyMatch(l -> l.matches(String.format(retry, 1, 250)));
    assertThat(run.err).anyMatch(l -> l.matches(String.format(retry, 2, 500)));
    assertThat(run.err).anyMatch(l -> l.matches(String.format(retry, 3, 1000)));
    // libraries log at WARN: Kafka's producer start-up banner (INFO) is not there
    assertThat(run.err).noneMatch(l -> l.contains(" INFO ") && l.contains("AppInfoParser"));
    assertThat(run.out)
        .anyMatch(l -> l.startsWith("bridge mqtt=DOWN received=0 (0/s) forwarded=0 rejected=0"));
  }

  @Test
  void jsonLogIsOneObjectPerLine() throws Exception {
    String url = "tcp://127.0.0.1:" + freePort();
    Run run = bridge(url, List.of("--log-format", "json"), line -> line.contains("(attempt 2,"));

    List<JsonNode> events = new ArrayList<>();
    for (String line : run.err) {
      events.add(JSON.readTree(line)); // fails on any line that is not one JSON object
    }
    assertThat(events).allMatch(JsonNode::isObject);
    assertThat(events)
        .allMatch(e -> e.hasNonNull("@timestamp") && e.hasNonNull("log.level"))
        .allMatch(
            e ->
                !e.get("log.level").asText().equals("INFO")
                    || e.get("log.logger").asText().startsWith("io.meterwatch."));
    JsonNode first =
        events.stream()
            .filter(e -> e.get("message").asText().contains("(attempt 1,"))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("log.level").asText()).isEqualTo("WARN");
    assertThat(first.get("log.logger").asText())
        .isEqualTo("io.meterwatch.connectors.bridge.MqttKafkaBridge");
    assertThat(first.get("message").asText())
        .startsWith("MQTT connect to " + url + " failed: ")
        // how long it has been failing depends on the machine's load
        .matches(
            ".* \\(attempt 1, failing for \\d+ s\\); retrying in 250 ms until it answers or the"
                + " bridge is stopped");
  }

  private record Run(List<String> out, List<String> err) {}

  /** Runs the bridge until a stderr line matches {@code until}, then stops it with SIGTERM. */
  private static Run bridge(String mqttUrl, List<String> extra, Predicate<String> until)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Meterwatch.class.getName());
    cmd.add("bridge");
    cmd.addAll(extra);
    cmd.addAll(
        List.of(
            "--mqtt",
            mqttUrl,
            "--kafka",
            "127.0.0.1:" + freePort(),
            "--metrics-bind",
            "off",
            // the registry topic is on the Kafka that is not there either: not followed here,
            // so the MQTT connect starts at once
            "--registry-topic",
            "none",
            "--status-every",
            "1"));
    Process p = new ProcessBuilder(cmd).start();
    List<String> out = new CopyOnWriteArrayList<>();
    List<String> err = new CopyOnWriteArrayList<>();
    Thread o = drain(p.getInputStream(), out);
    Thread e = drain(p.getErrorStream(), err);
    try {
      // a child JVM on a loaded 2-core machine can take most of a minute to start
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (err.stream().noneMatch(until) || out.isEmpty()) {
        assertThat(System.nanoTime())
            .as("no matching log line within 150 s; stderr: %s", err)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      o.join(5_000);
      e.join(5_000);
    }
    return new Run(out, err);
  }

  private static Thread drain(InputStream in, List<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the child ended
              }
            });
    t.start();
    return t;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
