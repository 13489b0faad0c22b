package io.meterwatch.jobs;

import static io.meterwatch.core.testing.Fixtures.CAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-node job killed with SIGKILL mid-stream and started again with the same command and
 * {@code --state-dir} resumes from its latest retained checkpoint: windows, open cases and Kafka
 * offsets together (docs/operations.md, "Restarts").
 *
 * <p>The job runs in a child JVM ({@link MonitoringJobMain}, a local MiniCluster with RocksDB) on a
 * real Kafka broker and a real influxd. Input: the kiln of {@link FlinkRunIT} in three parts. Part
 * 1 (23:00–00:29:30) is processed and checkpointed: the D4 case (four flat parameters of the
 * outlet, one case) is on {@code alerts}. Part 2 (00:30–00:59:30) is sent, and the job is killed at
 * once, so some of it is read but not checkpointed. Part 3 (01:00–01:43:30, with the unknown meter)
 * is sent while the job is down. After the restart every result equals the undisturbed run's, by
 * hand ({@link FlinkRunIT}): the 00:00 hour counts 60 valid minutes (30 of them from before the
 * kill), the E1 and the D4 case each opened once, eight hourly values, two dead letters.
 */
class JobRestartTest {
  @Test
  void aKilledJobResumesFromItsStateDirWithNothingLostNothingDuplicated(@TempDir Path tmp)
      throws Exception {
    long started = System.nanoTime();
    List<Reading> kiln =
        MonitoringJobTest.scenario().stream()
            .filter(r -> r.mn().equals(TestCity.KILN) || r.mn().equals(TestCity.UNKNOWN))
            .toList();
    Instant half = CAL.instant(LocalDateTime.parse("2025-07-01T00:30"));
    Instant one = CAL.instant(LocalDateTime.parse("2025-07-01T01:00"));
    List<Reading> part1 = kiln.stream().filter(r -> r.dataTime().isBefore(half)).toList();
    List<Reading> part2 =
        kiln.stream()
            .filter(r -> !r.dataTime().isBefore(half) && r.dataTime().isBefore(one))
            .toList();
    List<Reading> part3 = kiln.stream().filter(r -> !r.dataTime().isBefore(one)).toList();
    assertThat(part1.size() + part2.size() + part3.size()).isEqualTo(kiln.size());
    Path registry = Files.writeString(tmp.resolve("registry.yaml"), FlinkRunIT.REGISTRY);
    Path state = tmp.resolve("state");

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        InfluxdProcess influx = InfluxdProcess.startDefault()) {
      JobProcess.createTopics(kafka);
      List<String> command = JobProcess.command(kafka, influx, registry, "restart-test", state);

      // the bad record first, as FlinkRunIT sends it
      MonitoringJobTest.produce(kafka, "meter.readings", part1);
      Process first = JobProcess.start(command, tmp.resolve("first.log"));
      try {
        JobProcess.await(
            () ->
                FlinkRunIT.caseEvents(kafka).size() >= 1
                    && FlinkRunIT.hourlyLines(influx).size() >= 4,
            first,
            tmp.resolve("first.log"));
        assertThat(FlinkRunIT.caseEvents(kafka).stream().map(FlinkRunIT::caseLine))
            .allMatch(l -> l.startsWith("D4|"))
            .hasSize(1);
        MonitoringJobTest.send(kafka, "meter.readings", part2);
      } finally {
        first.destroyForcibly(); // SIGKILL: nothing is flushed or cleaned up
        first.waitFor();
      }
      MonitoringJobTest.send(kafka, "meter.readings", part3);

      Process second = JobProcess.start(command, tmp.resolve("second.log"));
      try {
        JobProcess.await(
            () ->
                FlinkRunIT.ruleEventLines(influx).size() >= FlinkRunIT.expectedRuleEvents().size()
                    && FlinkRunIT.caseEvents(kafka).size() >= 2
                    && FlinkRunIT.hourlyLines(influx).size() >= 8
                    && FlinkRunIT.deadLetters(kafka).size() >= 2,
            second,
            tmp.resolve("second.log"));
        // anything extra would be committed by the next checkpoints: wait for two of them
        long done = JobProcess.latestCheckpoint(state);
        JobProcess.await(
            () -> JobProcess.latestCheckpoint(state) >= done + 2,
            second,
            tmp.resolve("second.log"));

        assertThat(Files.readString(tmp.resolve("second.log")))
            .contains("resuming from " + StateDir.checkpoints(state).toAbsolutePath());
        assertThat(FlinkRunIT.ruleEventLines(influx)).isEqualTo(FlinkRunIT.expectedRuleEvents());
        assertThat(FlinkRunIT.caseEvents(kafka).stream().map(FlinkRunIT::caseLine).sorted())
            .containsExactlyElementsOf(FlinkRunIT.EXPECTED_CASES);
        assertThat(FlinkRunIT.hourlyLines(influx))
            .containsExactlyElementsOf(FlinkRunIT.EXPECTED_HOURLY);
        assertThat(FlinkRunIT.deadLetters(kafka)).containsExactly("BAD_JSON", "UNKNOWN_MN");
      } finally {
        second.destroyForcibly();
        second.waitFor();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "JobRestartTest: two job JVMs, SIGKILL, resume and results in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }
}
