package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A single-node job whose state directory cannot be restored ends with status non-zero and one line
 * naming the checkpoint and what to do, instead of restarting for ever (docs/operations.md,
 * "Restarts of a single-node job"). Real Kafka, the job on a local MiniCluster with RocksDB.
 */
class JobRestoreFailureTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void kafka() {
    kafka = EmbeddedKafka.builder().start();
    JobProcess.createTopics(kafka);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static String[] args(Path state, String group) {
    return new String[] {
      "--kafka",
      kafka.bootstrapServers(),
      "--checkpoint-interval",
      "1s",
      "--group-id",
      group,
      "--parallelism",
      "1",
      "--state-dir",
      state.toString()
    };
  }

  /** Runs the jar's command as {@code main} does; returns the status, output in {@code err}. */
  private static int run(String[] args, StringWriter err) {
    CommandLine cl = MonitoringJobMain.commandLine(new MonitoringJobMain());
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  @Test
  void aDamagedCheckpointEndsTheStartWithOneLineAndStatusOne(@TempDir Path tmp) throws Exception {
    Path state = tmp.resolve("state");
    List<Reading> kiln =
        MonitoringJobTest.scenario().stream()
            .filter(r -> r.mn().equals(TestCity.KILN))
            .limit(400)
            .toList();
    MonitoringJobTest.send(kafka, "meter.readings", kiln);

    // a first run that checkpoints keyed state into files of their own, then is cancelled
    CommandLine first = MonitoringJobMain.commandLine(new MonitoringJobMain());
    first.setOut(new PrintWriter(new StringWriter(), true));
    MonitoringJobMain.Prepared p =
        MonitoringJobMain.prepare(
            MonitoringJobMain.parse(args(state, "restore-test")),
            null,
            first,
            conf -> {
              conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.ZERO);
              return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
            });
    JobClient job = p.env().executeAsync(MonitoringJobMain.JOB_NAME);
    try {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (sharedFiles(state).size() < 2
          || StateDir.latest(StateDir.checkpoints(state)).isEmpty()) {
        assertThat(System.nanoTime()).as("a checkpoint with state files").isLessThan(deadline);
        Thread.sleep(200);
      }
    } finally {
      job.cancel().get();
    }
    // the checkpoint loses its state files (a disk error, a half-copied directory)
    for (Path f : sharedFiles(state)) {
      Files.delete(f);
    }
    Path resumed = StateDir.latest(StateDir.checkpoints(state)).orElseThrow();

    StringWriter err = new StringWriter();
    long started = System.nanoTime();
    int status = run(args(state, "restore-test"), err);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(status).isEqualTo(1);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("meterwatch-jobs.jar: cannot resume from " + resumed + ": ")
        .contains("move " + state + " aside to start empty")
        .doesNotContain("\tat ");
    assertThat(seconds).as("ended at the first failover, not after a loop").isLessThan(60);
    System.out.printf("JobRestoreFailureTest: failed restore ended in %.1f s%n", seconds);
  }

  @Test
  void anUnreadableCheckpointStopsTheStartBeforeTheJobIsBuilt(@TempDir Path tmp) throws Exception {
    Path state = tmp.resolve("state");
    Path chk = StateDir.checkpoints(state).resolve("0123456789abcdef").resolve("chk-7");
    Files.createDirectories(chk);
    Files.writeString(chk.resolve("_metadata"), "not a checkpoint", StandardCharsets.UTF_8);

    StringWriter err = new StringWriter();
    int status = run(args(state, "unreadable-test"), err);

    assertThat(status).isEqualTo(2);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith(
            "meterwatch-jobs.jar: --state-dir: checkpoint "
                + StateDir.checkpoints(state.toAbsolutePath())
                    .resolve("0123456789abcdef")
                    .resolve("chk-7")
                + " cannot be read (")
        .endsWith("move " + state.toAbsolutePath() + " aside to start empty");
  }

  private static List<Path> sharedFiles(Path state) throws IOException {
    Path checkpoints = StateDir.checkpoints(state);
    if (!Files.isDirectory(checkpoints)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getParent().getFileName().toString().equals("shared"))
          .toList();
    }
  }
}
