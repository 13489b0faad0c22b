package io.meterwatch.jobs.registry;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.jobs.CollectingSink;
import io.meterwatch.jobs.MonitoringJob;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.MonitoringSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job on a MiniCluster follows the registry topic (real Kafka): readings of a meter that only a
 * later version registers wait for that version instead of becoming dead letters, and a limit that
 * a version lowers from a local date judges the hours of that date by the new limit and the hours
 * before it by the old one.
 *
 * <p>Registry documents: the demo city. Version 1 (also the registry the job starts with) lacks
 * enterprise 40 (boiler stack {@code 610902G0400001}, county hanbin, GB 13271-2014 in-use coal: SO2
 * 400 mg/m3 at 9 % O2); version 2 adds it; then a record no tool could read; version 3 lowers its
 * SO2 limit to 200 from 2025-03-11.
 *
 * <p>Readings, every minute with SO2 300 mg/m3 at O2 9 % (the reference: converted = measured), all
 * recorded by the bridge under version 3: 2025-03-10 23:00–23:59 and 2025-03-11 00:00–00:59.
 */
class RegistryJobTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String MN = DemoRegistryVersions.MN;
  private static final String OUTLET = DemoRegistryVersions.OUTLET;

  private static Instant at(int day, int hour, int minute) {
    return CAL.instant(LocalDateTime.of(2025, 3, day, hour, minute));
  }

  @Test
  void judgesEachReadingByTheVersionItWasRecordedUnder() throws Exception {
    String v1 = DemoRegistryVersions.v1();
    String full = DemoRegistryVersions.v2();
    String v3 = DemoRegistryVersions.v3();
    SiteRegistry start =
        RegistryLoader.read(new ByteArrayInputStream(v1.getBytes(StandardCharsets.UTF_8)), "v1");
    assertThat(start.meter(MN)).isEmpty();

    List<Reading> readings = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      Instant t = at(10, 23, 0).plusSeconds(60L * m);
      readings.add(
          reading(MN, t).rtd(SO2, 300).rtd(O2, 9).rtd(GAS_FLOW, 50).build().withRegistryVersion(3));
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("registry", 1);
      kafka.createTopic("readings", 2);
      ReadingJson json = new ReadingJson();
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
        producer.send(DemoRegistryVersions.record("registry", 1, v1));
        producer.send(DemoRegistryVersions.record("registry", 2, full));
        producer.send(
            new ProducerRecord<>(
                "registry", bytes("v000000003"), bytes("{\"written by\":\"another tool\"}")));
        producer.send(DemoRegistryVersions.record("registry", 3, v3));
        for (Reading r : readings) {
          producer.send(new ProducerRecord<>("readings", bytes(r.mn()), json.write(r)));
        }
      }

      CollectingSink<RuleEvent> events = new CollectingSink<>("registry-job-events");
      CollectingSink<HourlyValue> hourly = new CollectingSink<>("registry-job-hourly");
      CollectingSink<DeadLetter> dead = new CollectingSink<>("registry-job-dlq");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      new MonitoringJob(
              MonitoringJobMain.kafkaSource(
                  kafka.bootstrapServers(), "readings", "registry-job", CAL, true),
              MonitoringJobMain.registrySource(
                  kafka.bootstrapServers(), "registry", "registry-job", true),
              start,
              MonitoringSettings.defaults(),
              events,
              hourly,
              dead)
          .wire(env);
      env.execute("registry job test");

      assertThat(dead.results()).isEmpty();
      List<String> so2 =
          events.results().stream()
              .filter(e -> e.key().rule().equals("E1") && e.key().parameter().equals(SO2))
              .map(
                  e ->
                      String.join(
                          "|",
                          e.key().subject(),
                          e.county(),
                          CAL.local(e.evidence().windowStart()).toString(),
                          String.valueOf(e.breach()),
                          String.valueOf(e.evidence().value()),
                          String.valueOf(e.evidence().limit())))
              .sorted()
              .toList();
      assertThat(so2)
          .containsExactly(
              OUTLET + "|hanbin|2025-03-10T23:00|false|300.0|400.0",
              OUTLET + "|hanbin|2025-03-11T00:00|true|300.0|200.0");
      assertThat(hourly.results().stream().filter(v -> v.parameter().equals(SO2)).count())
          .isEqualTo(2);
    }
  }

  /**
   * A readings feed silent for longer than the idleness closes no open window. The registry topic
   * is quiet too (one version, read at start); were the registry input to carry a watermark of its
   * own (the end of time, say), it would become the gate's once the readings source went idle, the
   * open 00:00 hour would close on its first 30 minutes and the readings after the silence would be
   * late.
   *
   * <p>Readings (SO2 300 mg/m3 at 9 % O2, every minute, enterprise 40 of the demo city): 23:00 to
   * 00:29 on 10–11 March, then a silence of 5 idleness periods (1 s each), then 00:30 to 01:09. The
   * hours of 23:00 and 00:00 are each judged once, on 60 valid minutes; no dead letter.
   */
  @Test
  void aSilenceLongerThanTheIdlenessClosesNoOpenWindow() throws Exception {
    SiteRegistry city =
        RegistryLoader.read(
            new ByteArrayInputStream(DemoRegistryVersions.v2().getBytes(StandardCharsets.UTF_8)),
            "city");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("registry", 1);
      kafka.createTopic("readings", 1);
      CollectingSink<RuleEvent> events = new CollectingSink<>("idle-job-events");
      CollectingSink<HourlyValue> hourly = new CollectingSink<>("idle-job-hourly");
      CollectingSink<DeadLetter> dead = new CollectingSink<>("idle-job-dlq");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      new MonitoringJob(
              MonitoringJobMain.kafkaSource(
                  kafka.bootstrapServers(), "readings", "idle-job", CAL, false),
              MonitoringJobMain.registrySource(
                  kafka.bootstrapServers(), "registry", "idle-job", false),
              city,
              MonitoringSettings.builder().idleness(Duration.ofSeconds(1)).build(),
              events,
              hourly,
              dead)
          .wire(env);
      JobClient job = env.executeAsync("idle feed test");
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
        producer.send(DemoRegistryVersions.record("registry", 1, DemoRegistryVersions.v2())).get();
        sendMinutes(producer, at(10, 23, 0), at(11, 0, 30));
        awaitSo2Hours(hourly, 1);
        Thread.sleep(5_000); // five idleness periods without a reading
        sendMinutes(producer, at(11, 0, 30), at(11, 1, 10));
        awaitSo2Hours(hourly, 2);
        Thread.sleep(2_000); // anything more (a second judgement) would come by now
      } finally {
        job.cancel().get();
      }
      assertThat(dead.results()).isEmpty();
      assertThat(
              hourly.results().stream()
                  .filter(v -> v.parameter().equals(SO2))
                  .map(
                      v ->
                          CAL.local(v.hourStart())
                              + "|"
                              + v.valid()
                              + "|"
                              + v.validMinutes()
                              + "|"
                              + v.value())
                  .toList())
          .containsExactly("2025-03-10T23:00|true|60|300.0", "2025-03-11T00:00|true|60|300.0");
    }
  }

  private static void sendMinutes(KafkaProducer<byte[], byte[]> producer, Instant from, Instant to)
      throws Exception {
    ReadingJson json = new ReadingJson();
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      Reading r = reading(MN, t).rtd(SO2, 300).rtd(O2, 9).rtd(GAS_FLOW, 50).build();
      producer.send(new ProducerRecord<>("readings", bytes(r.mn()), json.write(r)));
    }
    producer.flush();
  }

  private static void awaitSo2Hours(CollectingSink<HourlyValue> hourly, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (hourly.results().stream().filter(v -> v.parameter().equals(SO2)).count() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + n + " SO2 hours within 2 min: " + hourly.results());
      }
      Thread.sleep(50);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
