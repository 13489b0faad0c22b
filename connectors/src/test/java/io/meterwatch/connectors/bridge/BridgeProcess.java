package io.meterwatch.connectors.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A bridge in a child JVM, so a test can kill it like a crash ({@code kill -9}) or stop it like an
 * operator ({@code SIGTERM}). {@link #main} is the child; the instance methods are the test's
 * handle on it.
 */
final class BridgeProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;

  /** Child entry point: {@code mqttUrl kafkaBootstrap clientId readingsTopic dlqTopic}. */
  public static void main(String[] args) throws Exception {
    MqttKafkaBridge bridge =
        MqttKafkaBridge.builder()
            .mqttUrl(args[0])
            .kafkaBootstrap(args[1])
            .clientId(args[2])
            .readingsTopic(args[3])
            .dlqTopic(args[4])
            .registry(Uploads.REGISTRY)
            .build();
    // what `meterwatch bridge` does on SIGTERM / Ctrl-C
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  // stdout, not the log: log4j's own shutdown hook may already have stopped it
                  System.out.println("CLOSED in-flight=" + bridge.metrics().inFlight());
                },
                "bridge-shutdown"));
    bridge.start();
    System.out.println("READY");
    while (true) {
      Thread.sleep(1000);
    }
  }

  private BridgeProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                // the child died: that is what the tests do to it
              }
            },
            "bridge-child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a child bridge and waits until it subscribed. */
  static BridgeProcess start(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                BridgeProcess.class.getName()));
    cmd.addAll(List.of(args));
    BridgeProcess p = new BridgeProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!p.output.contains("READY")) {
      if (!p.process.isAlive() || System.nanoTime() > deadline) {
        p.process.destroyForcibly();
        throw new IllegalStateException("bridge child did not start: " + p.output);
      }
      Thread.sleep(50);
    }
    return p;
  }

  /** SIGKILL: no shutdown hook, no acks, no flush. */
  void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the exit; returns the exit code. */
  int terminate() throws Exception {
    // not Process.destroy(): it closes our end of the child's stdout, losing its last words
    new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("bridge child ignored SIGTERM: " + output);
    }
    reader.join(10_000); // the last lines it printed
    return process.exitValue();
  }

  List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
