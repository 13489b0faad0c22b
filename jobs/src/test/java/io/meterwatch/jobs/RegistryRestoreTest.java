package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.jobs.registry.DemoRegistryVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job restored from a checkpoint taken between registry versions 2 and 3 ends with the same
 * results as an undisturbed run (docs/registry.md, "Restore"): the checkpoint brings back version 2
 * (not the version 1 file the job is started with again), and the registry source replays version 3
 * from its checkpointed offset.
 *
 * <p>The versions of {@link DemoRegistryVersions}: enterprise 40's boiler stack is unknown to
 * version 1, added by version 2 (SO2 limit 400 mg/m3 at 9 % O2), and version 3 lowers that limit to
 * 200 from 2025-03-11. The stack sends SO2 300 mg/m3 at 9 % O2 (converted = measured) every minute
 * from 2025-03-10 23:00 to 2025-03-11 01:19.
 *
 * <p>Run 1 (started with the version 1 file; versions 1 and 2 on the topic): part 1, recorded by
 * the bridge under version 2, up to 00:29. The 23:00 hour closes, is judged by version 2 and a
 * checkpoint follows; then the job is killed with SIGKILL. Version 3 is published and part 2
 * (00:30–01:19, recorded under version 3) sent while the job is down. Run 2, the same command:
 *
 * <ul>
 *   <li>no dead letter (with version 1 in force every reading of the stack would be one);
 *   <li>hourly SO2 300 for 23:00 and 00:00, each once;
 *   <li>one case: E1 SO2 opened MAJOR for the 00:00 hour, 300 against the limit 200 of version 3 on
 *       11 March (the 23:00 hour, judged by version 2 against 400, opened none).
 * </ul>
 */
class RegistryRestoreTest {
  private static final String TOPIC = "meter.readings";

  private static Instant at(int day, int hour, int minute) {
    return CAL.instant(LocalDateTime.of(2025, 3, day, hour, minute));
  }

  private static List<Reading> minutes(Instant from, Instant to, long registryVersion) {
    List<Reading> out = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      out.add(
          reading(DemoRegistryVersions.MN, t)
              .rtd(SO2, 300)
              .rtd(O2, 9)
              .rtd(GAS_FLOW, 50)
              .build()
              .withRegistryVersion(registryVersion));
    }
    return out;
  }

  @Test
  void aRestoreBetweenTwoVersionsEndsWithTheUndisturbedResults(@TempDir Path tmp) throws Exception {
    List<Reading> part1 = minutes(at(10, 23, 0), at(11, 0, 30), 2);
    List<Reading> part2 = minutes(at(11, 0, 30), at(11, 1, 20), 3);
    assertThat(part1).hasSize(90);
    assertThat(part2).hasSize(50);
    Path registry = Files.writeString(tmp.resolve("v1.yaml"), DemoRegistryVersions.v1());
    Path state = tmp.resolve("state");
    Path log1 = tmp.resolve("first.log");
    Path log2 = tmp.resolve("second.log");

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        InfluxdProcess influx = InfluxdProcess.startDefault()) {
      JobProcess.createTopics(kafka);
      kafka.createTopic("registry", 1, Map.of("cleanup.policy", "compact"));
      List<String> command =
          JobProcess.command(
              kafka, influx, registry, "registry-restore-test", state, "--detectors", "none");

      publish(kafka, 1, DemoRegistryVersions.v1());
      publish(kafka, 2, DemoRegistryVersions.v2());
      MonitoringJobTest.send(kafka, TOPIC, part1);
      Process first = JobProcess.start(command, log1);
      try {
        JobProcess.await(() -> so2Hours(influx).size() >= 1, first, log1);
        long judged = JobProcess.latestCheckpoint(state);
        JobProcess.await(() -> JobProcess.latestCheckpoint(state) >= judged + 2, first, log1);
        assertThat(so2Hours(influx)).containsExactly("a21026|2025-03-10T23:00|true|300.000000|60");
        assertThat(FlinkRunIT.caseEvents(kafka)).isEmpty();
      } finally {
        first.destroyForcibly(); // SIGKILL: nothing is flushed or cleaned up
        first.waitFor();
      }
      publish(kafka, 3, DemoRegistryVersions.v3());
      MonitoringJobTest.send(kafka, TOPIC, part2);

      Process second = JobProcess.start(command, log2);
      try {
        JobProcess.await(
            () -> so2Hours(influx).size() >= 2 && !FlinkRunIT.caseEvents(kafka).isEmpty(),
            second,
            log2);
        // anything extra would be committed by the next checkpoints: wait for two of them
        long done = JobProcess.latestCheckpoint(state);
        JobProcess.await(() -> JobProcess.latestCheckpoint(state) >= done + 2, second, log2);

        String restarted = Files.readString(log2);
        assertThat(restarted)
            .contains("resuming from " + StateDir.checkpoints(state).toAbsolutePath())
            .contains("registry version 2 in force after restore")
            .contains("registry version 3 in force");
        assertThat(FlinkRunIT.deadLetters(kafka)).isEmpty();
        assertThat(so2Hours(influx))
            .containsExactly(
                "a21026|2025-03-10T23:00|true|300.000000|60",
                "a21026|2025-03-11T00:00|true|300.000000|60");
        assertThat(FlinkRunIT.caseEvents(kafka).stream().map(FlinkRunIT::caseLine))
            .containsExactly(
                "E1|a21026|OPENED|OPEN|MAJOR|2025-03-11T01:00|2025-03-11T00:00|300.0|200.0");
      } finally {
        second.destroyForcibly();
        second.waitFor();
      }
    }
  }

  /** The SO2 lines of {@link FlinkRunIT#hourlyLines}. */
  private static List<String> so2Hours(InfluxdProcess influx) throws Exception {
    return FlinkRunIT.hourlyLines(influx, DemoRegistryVersions.OUTLET).stream()
        .filter(l -> l.startsWith(SO2 + "|"))
        .toList();
  }

  private static void publish(EmbeddedKafka kafka, long version, String document) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      producer.send(DemoRegistryVersions.record("registry", version, document)).get();
    }
  }
}
