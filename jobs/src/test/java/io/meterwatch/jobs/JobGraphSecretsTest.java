package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.config.SecretRef;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.jobs.registry.DemoRegistryVersions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Secrets do not travel in what Flink serializes and stores: the InfluxDB password and the device
 * passwords stay out of the job graph, and the device passwords out of the checkpoints.
 */
class JobGraphSecretsTest {

  @Test
  void theSerializedOperatorsCarryNoInfluxPassword() throws Exception {
    String password = "Influx-s3cret-7f1c";
    JobOptions o =
        MonitoringJobMain.parse(
            "--kafka", "127.0.0.1:9092",
            // wiring alone: no registry topic, so nothing contacts Kafka
            "--registry-topic", "none",
            "--influx-url", "http://127.0.0.1:8086",
            "--influx-user", "meterwatch",
            "--influx-password", password);
    assertThat(o.toString()).doesNotContain(password).contains("influxPassword=******");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
    MonitoringJobMain.wire(o, env);
    // the demo registry's device passwords (HJ 212 PW) stay out of the graph too
    SiteRegistry demo = RegistryLoader.loadDefault();
    List<String> devicePasswords =
        demo.meterNumbers().stream()
            .map(mn -> demo.meter(mn).orElseThrow().password())
            .filter(Objects::nonNull)
            .toList();
    assertThat(devicePasswords).contains("415511", "043228");
    int influxSinks = 0;
    int withRegistry = 0;
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      byte[] bytes = InstantiationUtil.serializeObject(node.getOperatorFactory());
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).as(node.getOperatorName()).doesNotContain(password);
      for (String pw : devicePasswords) {
        assertThat(text).as(node.getOperatorName() + " device password").doesNotContain(pw);
      }
      if (text.contains("610902G0010001")) {
        withRegistry++; // the registry is in the graph, so its passwords would be
      }
      if (text.contains("MW_INFLUX_PASSWORD")) {
        influxSinks++;
      }
    }
    // hourly values, rule events and case events go to InfluxDB, each carrying only the reference
    assertThat(influxSinks).isEqualTo(3);
    assertThat(withRegistry).isPositive();
  }

  /**
   * Registry versions read from the topic are kept without device passwords (docs/security.md). The
   * job starts from a file with version 1 of {@link DemoRegistryVersions} (no enterprise 40); the
   * topic holds the whole demo city, every meter with its password, as version 1. Enterprise 40's
   * boiler stack ({@link DemoRegistryVersions#MN}, SO2 limit 400 mg/m3 at 9 % O2) sends SO2 500 at
   * 9 % O2 every minute from 2025-03-10 23:00 to 2025-03-11 00:09, recorded under version 1: the
   * 23:00 hour opens one E1 case, which it could not were the version not applied (the stack would
   * be an unknown meter). After the checkpoint that follows, no file of the state directory holds a
   * password or the word {@code password}, and they do hold the version (a county name that only
   * its document carries).
   */
  @Test
  void theCheckpointsCarryNoDevicePassword(@TempDir Path tmp) throws Exception {
    Path registry = Files.writeString(tmp.resolve("v1.yaml"), DemoRegistryVersions.v1());
    Path state = tmp.resolve("state");
    SiteRegistry city = RegistryLoader.loadDefault(); // DemoRegistryVersions.v2()
    List<String> devicePasswords =
        city.meterNumbers().stream()
            .map(mn -> city.meter(mn).orElseThrow().password())
            .filter(Objects::nonNull)
            .toList();
    assertThat(devicePasswords).hasSize(85).contains("391698");
    List<Reading> readings = new ArrayList<>();
    Instant from = CAL.instant(LocalDateTime.of(2025, 3, 10, 23, 0));
    for (int m = 0; m < 70; m++) {
      readings.add(
          reading(DemoRegistryVersions.MN, from.plusSeconds(60L * m))
              .rtd(SO2, 500)
              .rtd(O2, 9)
              .rtd(GAS_FLOW, 50)
              .build()
              .withRegistryVersion(1));
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      JobProcess.createTopics(kafka);
      kafka.createTopic("registry", 1, Map.of("cleanup.policy", "compact"));
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
        producer.send(DemoRegistryVersions.record("registry", 1, DemoRegistryVersions.v2())).get();
      }
      MonitoringJobTest.send(kafka, "meter.readings", readings);
      CommandLine cl = MonitoringJobMain.commandLine(new MonitoringJobMain());
      cl.setOut(new PrintWriter(new StringWriter(), true));
      MonitoringJobMain.Prepared p =
          MonitoringJobMain.prepare(
              MonitoringJobMain.parse(
                  "--kafka",
                  kafka.bootstrapServers(),
                  "--registry",
                  registry.toString(),
                  "--detectors",
                  "none",
                  "--checkpoint-interval",
                  "1s",
                  "--group-id",
                  "secrets-test",
                  "--parallelism",
                  "1",
                  "--state-dir",
                  state.toString()),
              null,
              cl,
              conf -> StreamExecutionEnvironment.createLocalEnvironment(1, conf));
      JobClient job = p.env().executeAsync(MonitoringJobMain.JOB_NAME);
      List<CaseEvent> cases;
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while ((cases = FlinkRunIT.caseEvents(kafka)).isEmpty()) {
          assertThat(System.nanoTime()).as("a case within 3 min").isLessThan(deadline);
          Thread.sleep(500);
        }
        long seen = JobProcess.latestCheckpoint(state);
        while (JobProcess.latestCheckpoint(state) <= seen) {
          assertThat(System.nanoTime()).as("a checkpoint within 3 min").isLessThan(deadline);
          Thread.sleep(200);
        }
      } finally {
        job.cancel().get();
      }
      assertThat(cases.stream().map(FlinkRunIT::caseLine))
          .containsExactly(
              "E1|a21026|OPENED|OPEN|MAJOR|2025-03-11T00:00|2025-03-10T23:00|500.0|400.0");
      assertThat(FlinkRunIT.deadLetters(kafka)).isEmpty();
    }
    int withVersion = 0;
    List<Path> files;
    try (Stream<Path> all = Files.walk(state)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(text).as(f.toString()).doesNotContain("password");
      for (String pw : devicePasswords) {
        assertThat(text).as(f + " device password").doesNotContain('"' + pw + '"');
      }
      if (text.contains("Hengkou Demonstration Zone")) {
        withVersion++; // the version is in the checkpoint, so its passwords would be
      }
    }
    assertThat(withVersion).isPositive();
  }

  @Test
  void aWriterWhereThePasswordIsUnknownSaysWhereToPutIt() {
    InfluxWriter.Builder b =
        InfluxWriter.builder()
            .url("http://127.0.0.1:1")
            .database("x")
            .createDatabase(false)
            .credentials("meterwatch", SecretRef.env("MW_TEST_UNSET_PASSWORD_VARIABLE"));
    assertThatThrownBy(b::build)
        .hasMessage(
            "no password here: set the environment variable MW_TEST_UNSET_PASSWORD_VARIABLE for"
                + " the process that runs this part (on Flink: the TaskManagers' environment)");
  }
}
