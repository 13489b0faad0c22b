package io.meterwatch.jobs;

import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The job's main in a child JVM, as an operator runs it, and waiting on its results. */
final class JobProcess {
  // a bound on failure only: on an idle machine the results come within a minute
  static final Duration TIMEOUT = Duration.ofMinutes(6);

  private JobProcess() {}

  /** The topics the job reads and writes, one partition each, as an operator creates them. */
  static void createTopics(EmbeddedKafka kafka) {
    kafka.createTopic("meter.readings", 1);
    kafka.createTopic(CasePipeline.ACTIONS_TOPIC, 1);
    kafka.createTopic(CasePipeline.ALERTS_TOPIC, 1);
    kafka.createTopic(CasePipeline.CASES_TOPIC, 1, Map.of("cleanup.policy", "compact"));
    kafka.createTopic("meter.readings.dlq", 1);
  }

  /**
   * The command line of a single-node job on {@code kafka} and {@code influx} that checkpoints
   * every second into {@code state}, followed by {@code more}.
   */
  static List<String> command(
      EmbeddedKafka kafka,
      InfluxdProcess influx,
      Path registry,
      String groupId,
      Path state,
      String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka",
                kafka.bootstrapServers(),
                "--influx-url",
                influx.url(),
                "--influx-db",
                FlinkRunIT.DB,
                "--registry",
                registry.toString(),
                "--checkpoint-interval",
                "1s",
                "--group-id",
                groupId,
                "--parallelism",
                "1",
                "--state-dir",
                state.toString()));
    args.addAll(List.of(more));
    return List.copyOf(args);
  }

  /** The job's jar main in a child JVM with this test's class path, output to {@code log}. */
  static Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.addAll(FlinkStandaloneCluster.JAVA17_OPTS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MonitoringJobMain.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The number of the latest completed checkpoint in {@code state}, 0 before the first. */
  static long latestCheckpoint(Path state) throws IOException {
    Path checkpoints = StateDir.checkpoints(state);
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(checkpoints, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(p -> p.getParent().getFileName().toString())
          .filter(n -> n.startsWith("chk-"))
          .mapToLong(n -> Long.parseLong(n.substring(4)))
          .max()
          .orElse(0);
    }
  }

  static void await(FlinkRunIT.Check check, Process job, Path log) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!check.holds()) {
      if (!job.isAlive()) {
        throw new AssertionError(
            "the job exited with " + job.exitValue() + ":\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no results within " + TIMEOUT + ":\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
  }
}
