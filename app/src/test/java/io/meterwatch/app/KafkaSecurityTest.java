package io.meterwatch.app;

import static io.meterwatch.core.cases.CaseFixtures.breach;
import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.KafkaTopics;
import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.StateDir;
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
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --kafka-config FILE} against a real Kafka with a SASL_PLAINTEXT (PLAIN) listener and ACLs:
 * the bureau's principal may do everything, a county's may only read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaSecurityTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path bureau;
  static Path county;
  static Path wrong;
  static String caseId;
  static Path job;
  static final String OUTLET_40 = "hanbin-building-DA001";

  /** The job's readings and dead-letter topics: its own, so that counts are exact. */
  static final String JOB_READINGS = "job.readings";

  static final String JOB_DLQ = "job.readings.dlq";
  static final String JOB_GROUP = "sasl-job";

  @BeforeAll
  static void start() throws Exception {
    kafka =
        EmbeddedKafka.builder()
            .saslPlain(
                Map.of("bureau", "bureau-s3cret", "county", "county-s3cret", "job", "job-s3cret"))
            .start();
    for (String t : List.of("alerts", "cases", "case.actions", "meter.readings")) {
      kafka.createTopic(t, 1);
    }
    kafka.createTopic("meter.readings.dlq", 1);
    kafka.createTopic(JOB_READINGS, 1);
    kafka.createTopic(JOB_DLQ, 1);
    kafka.createTopic("registry", 1, Map.of("cleanup.policy", "compact"));
    try (var admin = kafka.admin()) {
      List<AclBinding> acls = new ArrayList<>();
      // the bureau: every topic; the county: read every topic, write none
      ResourcePattern anyTopic = new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL);
      acls.add(allow(anyTopic, "bureau", AclOperation.ALL));
      acls.add(allow(anyTopic, "county", AclOperation.READ));
      acls.add(allow(anyTopic, "county", AclOperation.DESCRIBE));
      // a principal that may produce somewhere (idempotent producers need this), so that the
      // refusal below is the topic's
      acls.add(
          allow(
              new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
              "county",
              AclOperation.IDEMPOTENT_WRITE));
      acls.addAll(jobAcls());
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
    var t = CaseLifecycle.onRuleEvent(null, breach(0, 0.4), "Ankang Power", CasePolicy.defaults());
    caseId = t.state().caseId();
    try (var producer = new KafkaProducer<String, byte[]>(plainProducer())) {
      producer.send(new ProducerRecord<>("cases", caseId, CaseJson.recordBytes(t.record()))).get();
    }
    bureau = config("bureau.properties", "bureau", "bureau-s3cret");
    county = config("county.properties", "county", "county-s3cret");
    wrong = config("wrong.properties", "bureau", "not-the-password");
    job = config("job.properties", "job", "job-s3cret");
  }

  /** The job's principal gets what docs/security.md grants the job, and nothing else. */
  private static List<AclBinding> jobAcls() {
    List<AclBinding> acls = new ArrayList<>();
    for (String t : List.of(JOB_READINGS, "registry", "case.actions")) {
      ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, t, PatternType.LITERAL);
      acls.add(allow(topic, "job", AclOperation.READ));
      acls.add(allow(topic, "job", AclOperation.DESCRIBE));
    }
    for (String t : List.of("alerts", "cases", JOB_DLQ)) {
      ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, t, PatternType.LITERAL);
      acls.add(allow(topic, "job", AclOperation.WRITE));
      acls.add(allow(topic, "job", AclOperation.DESCRIBE));
    }
    // its consumer groups and transactional ids start with --group-id
    acls.add(
        allow(
            new ResourcePattern(ResourceType.GROUP, JOB_GROUP, PatternType.PREFIXED),
            "job",
            AclOperation.READ));
    ResourcePattern transactions =
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, JOB_GROUP, PatternType.PREFIXED);
    acls.add(allow(transactions, "job", AclOperation.WRITE));
    acls.add(allow(transactions, "job", AclOperation.DESCRIBE));
    return acls;
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void tasksWithTheBureauFileListAndAct() throws Exception {
    Result list = run("tasks", "list", "--json", "--kafka-config", bureau.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().toList()).hasSize(1).first().asString().contains(caseId);
    Result ack = run("tasks", "ack", caseId, "--kafka-config", bureau.toString());
    assertThat(ack.err()).isEmpty();
    assertThat(ack.code()).isZero();
    assertThat(ack.out()).isEqualTo("sent ACK for " + caseId + " to case.actions\n");
    assertThat(endOffset("case.actions")).isEqualTo(1);
  }

  @Test
  void aCountyPrincipalCannotSubmitActions() {
    long before = endOffset("case.actions");
    Result ack = run("tasks", "ack", caseId, "--kafka-config", county.toString());
    assertThat(endOffset("case.actions")).isEqualTo(before);
    assertThat(ack.code()).isEqualTo(1);
    assertThat(ack.err())
        .isEqualTo(
            "meterwatch tasks ack: Kafka refused access: Not authorized to access topics:"
                + " [case.actions] (the principal of --kafka-config lacks an ACL)\n");
  }

  @Test
  void aWrongPasswordAndNoFileFailWithOneLine() {
    Result bad = run("tasks", "list", "--kafka-config", wrong.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err())
        .isEqualTo(
            "meterwatch tasks list: Kafka refused the login: Authentication failed: Invalid"
                + " username or password (check the sasl.* or ssl.* settings of --kafka-config)\n");
    assertThat(bad.err()).doesNotContain("not-the-password");

    Result none = run("tasks", "list", "--timeout", "3");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err())
        .startsWith("meterwatch tasks list: no answer from Kafka (")
        .endsWith(
            "); check --kafka, and --kafka-config if the cluster requires SASL or TLS (it drops"
                + " clients without them)\n");
    assertThat(none.err().lines()).hasSize(1);
  }

  @Test
  void aBadFileIsOneLineBeforeAnythingStarts() throws Exception {
    Path typo =
        Files.writeString(
            dir.resolve("typo.properties"),
            "security.protocol=SASL_PLAINTEXT\nsasl.mechansim=PLAIN\nsecurity.protocl=X\n");
    CommandLine cl = Meterwatch.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1",
            "--kafka",
            kafka.saslBootstrapServers(),
            "--kafka-config",
            typo.toString());
    assertThat(code).isEqualTo(2);
    // sasl.* keys are passed on (mechanism-specific settings exist); other unknown keys are not
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: --kafka-config "
                + typo
                + ": not a Kafka client setting: security.protocl\n");
    Path withBootstrap =
        Files.writeString(dir.resolve("bootstrap.properties"), "bootstrap.servers=x:1\n");
    Result tasks = run("tasks", "list", "--kafka-config", withBootstrap.toString());
    assertThat(tasks.code()).isEqualTo(2);
    assertThat(tasks.err())
        .isEqualTo(
            "meterwatch tasks list: --kafka-config "
                + withBootstrap
                + ": bootstrap.servers belongs in --kafka, not in the file\n");
  }

  @Test
  void theBridgeWritesWithTheBureauFile() throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      BridgeRun bridge =
          BridgeRun.start(
              Meterwatch.commandLine(),
              "bridge",
              "--mqtt",
              broker.url(),
              "--kafka",
              kafka.saslBootstrapServers(),
              "--kafka-config",
              bureau.toString(),
              "--registry-topic",
              "none",
              "--client-id",
              "sasl-bridge",
              "--metrics-bind",
              "off");
      String mn = "610902G0010001";
      List<String> frames = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        frames.add(MeterUploads.frame(mn, i, "415511"));
      }
      MeterUploads.publish(broker.url(), "sasl-pub", mn, frames);
      long end =
          KafkaTopics.awaitCount(
              kafka.bootstrapServers(), "meter.readings", 5, Duration.ofSeconds(60));
      bridge.stop();
      assertThat(bridge.exitStatus()).isZero();
      assertThat(end).isEqualTo(5);
      assertThat(bridge.out() + bridge.err()).doesNotContain("bureau-s3cret");
    }
  }

  /**
   * The job with the job principal's file, on a single-node MiniCluster with its state directory:
   * it reads the registry topic (version 1, the demo city) and the readings, and writes the case
   * (transactional producers) and the dead letters. Readings: enterprise 40's boiler stack
   * (610902G0400001, SO2 limit 400 mg/m3 at 9 % O2) sends SO2 500 at 9 % O2 every minute from
   * 2025-03-10 23:00 to 2025-03-11 00:09, so the 23:00 hour opens one E1 case; plus one record that
   * is not JSON and one reading of a meter no registry knows, two dead letters. Without the file
   * the same command ends with one line.
   */
  @Test
  @Order(Integer.MAX_VALUE) // last: its case would be one more in the other tests' lists
  void theJobReadsAndWritesWithTheJobFile(@TempDir Path tmp) throws Exception {
    List<String> noFile =
        List.of(
            "job",
            "--kafka",
            kafka.saslBootstrapServers(),
            "--topic",
            JOB_READINGS,
            "--dlq-topic",
            JOB_DLQ,
            "--group-id",
            JOB_GROUP + "-nofile",
            "--state-dir",
            tmp.resolve("none").toString());
    // a client without SASL gets no answer: the run waits out the job's topic check, beside
    // the run with the file
    CompletableFuture<Result> without = CompletableFuture.supplyAsync(() -> execute(noFile));

    String mn = "610902G0400001";
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      RegistryVersion v1 =
          RegistryVersion.of(
              1,
              "test",
              Instant.parse("2025-03-01T00:00:00Z"),
              new String(
                  KafkaSecurityTest.class
                      .getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)
                      .readAllBytes(),
                  StandardCharsets.UTF_8));
      producer.send(new ProducerRecord<>("registry", bytes(RegistryVersion.key(1)), v1.toJson()));
      ReadingJson json = new ReadingJson();
      Instant from = CAL.instant(LocalDateTime.of(2025, 3, 10, 23, 0));
      for (int m = 0; m < 70; m++) {
        Reading r =
            reading(mn, from.plusSeconds(60L * m))
                .rtd(SO2, 500)
                .rtd(O2, 9)
                .rtd(GAS_FLOW, 50)
                .build();
        producer.send(new ProducerRecord<>(JOB_READINGS, bytes(mn), json.write(r)));
      }
      Reading unknown = reading("610902G9999999", from).rtd(SO2, 10).build();
      producer.send(new ProducerRecord<>(JOB_READINGS, bytes(unknown.mn()), json.write(unknown)));
      producer.send(new ProducerRecord<>(JOB_READINGS, bytes(mn), bytes("not json")));
      producer.flush();
    }

    Path state = tmp.resolve("state");
    CommandLine cl = MonitoringJobMain.commandLine(new MonitoringJobMain());
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    JobOptions options =
        MonitoringJobMain.parse(
            "--kafka",
            kafka.saslBootstrapServers(),
            "--kafka-config",
            job.toString(),
            "--topic",
            JOB_READINGS,
            "--dlq-topic",
            JOB_DLQ,
            "--group-id",
            JOB_GROUP,
            "--detectors",
            "none",
            "--checkpoint-interval",
            "1s",
            "--parallelism",
            "1",
            "--state-dir",
            state.toString());
    MonitoringJobMain.Prepared p =
        MonitoringJobMain.prepare(
            options, null, cl, conf -> StreamExecutionEnvironment.createLocalEnvironment(1, conf));
    JobClient running = p.env().executeAsync(MonitoringJobMain.JOB_NAME);
    List<CaseEvent> events;
    List<String> dead;
    List<CaseRecord> cases;
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while ((caseEvents(mn).isEmpty() || deadLetters().size() < 2)
          && System.nanoTime() < deadline) {
        assertThat(running.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        Thread.sleep(500);
      }
      // anything more would be committed by the next checkpoints
      long done = latestCheckpoint(state);
      while (latestCheckpoint(state) < done + 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      events = caseEvents(mn);
      dead = deadLetters();
      cases = caseRecords(mn);
      // the sources commit their offsets when a checkpoint completes, a moment after it
      try (var admin = kafka.admin()) {
        while ((committed(admin, JOB_GROUP, JOB_READINGS) < 72
                || committed(admin, JOB_GROUP + "-registry", "registry") < 1)
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
      }
    } finally {
      running.cancel().get(1, TimeUnit.MINUTES);
    }
    assertThat(events)
        .extracting(e -> e.rule() + "|" + e.parameter() + "|" + e.type() + "|" + e.severity())
        .containsExactly("E1|" + SO2 + "|OPENED|MAJOR");
    assertThat(cases).extracting(CaseRecord::caseId).containsExactly(events.get(0).caseId());
    assertThat(dead).containsExactly("BAD_JSON", "UNKNOWN_MN");
    // each of the job's three sources read its topic with the file to the end and committed
    // its offset at a checkpoint: readings, registry versions, team actions
    try (var admin = kafka.admin()) {
      assertThat(committed(admin, JOB_GROUP, JOB_READINGS)).isEqualTo(72);
      assertThat(committed(admin, JOB_GROUP + "-registry", "registry")).isEqualTo(1);
      assertThat(committed(admin, JOB_GROUP + "-actions", "case.actions"))
          .isEqualTo(endOffset("case.actions"));
    }
    assertThat(out.toString()).doesNotContain("job-s3cret");

    Result none = without.get(2, TimeUnit.MINUTES);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo(
            "meterwatch job: --kafka: no answer from Kafka at "
                + kafka.saslBootstrapServers()
                + " within 30 s; check --kafka, and --kafka-config if the cluster requires SASL or"
                + " TLS (it drops clients without them)\n");
  }

  /**
   * A registry topic that does not exist is created by the job, which its principal may not: one
   * line naming --registry-topic and Kafka's refusal, status 2, before the job is built.
   */
  @Test
  void theJobWithoutRightToCreateAMissingRegistryTopicEndsWithOneLine(@TempDir Path tmp) {
    Result r =
        execute(
            List.of(
                "job",
                "--kafka",
                kafka.saslBootstrapServers(),
                "--kafka-config",
                job.toString(),
                "--topic",
                JOB_READINGS,
                "--dlq-topic",
                JOB_DLQ,
                "--group-id",
                JOB_GROUP + "-noregistry",
                "--registry-topic",
                "registry.missing",
                "--state-dir",
                tmp.resolve("state").toString()));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "meterwatch job: --registry-topic registry.missing: Kafka refused access: Authorization"
                + " failed. (the principal of --kafka-config lacks an ACL)\n");
  }

  /** The offset {@code group} committed on partition 0 of {@code topic}, -1 for none. */
  private static long committed(Admin admin, String group, String topic) throws Exception {
    var offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    var o = offsets.get(new TopicPartition(topic, 0));
    return o == null ? -1 : o.offset();
  }

  private static List<CaseEvent> caseEvents(String mn) throws Exception {
    List<CaseEvent> out = new ArrayList<>();
    for (var r : committed("alerts")) {
      CaseEvent e = CaseJson.readEvent(r.value());
      if (e.subject().equals(OUTLET_40)) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<CaseRecord> caseRecords(String mn) throws Exception {
    List<CaseRecord> out = new ArrayList<>();
    for (var r : committed("cases")) {
      CaseRecord c = CaseJson.readRecord(r.value());
      if (c.key().subject().equals(OUTLET_40)) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<String> deadLetters() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (var r : committed(JOB_DLQ)) {
      out.add(mapper.readTree(r.value()).path("reason").asText());
    }
    out.sort(null);
    return out;
  }

  private static List<ConsumerRecord<String, byte[]>> committed(String topic) {
    return CommittedTopicReader.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(30));
  }

  private static long latestCheckpoint(Path state) throws Exception {
    Path checkpoints = StateDir.checkpoints(state);
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    return StateDir.latest(checkpoints)
        .map(chk -> Long.parseLong(chk.getFileName().toString().substring(4)))
        .orElse(0L);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A bridge without the file gets no answer from the SASL listener: with a retry budget of 2 s the
   * first reading ends it with one line that names --kafka-config, and nothing reaches Kafka.
   */
  @Test
  void theBridgeWithoutTheFileEndsWithOneLine() throws Exception {
    long before = endOffset("meter.readings");
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().start()) {
      BridgeRun bridge =
          BridgeRun.start(
              Meterwatch.commandLine(),
              "bridge",
              "--mqtt",
              broker.url(),
              "--kafka",
              kafka.saslBootstrapServers(),
              "--registry-topic",
              "none",
              "--client-id",
              "sasl-bridge-nofile",
              "--metrics-bind",
              "off",
              "--kafka-retry-budget",
              "2s");
      String mn = "610902G0010001";
      MeterUploads.publish(
          broker.url(), "sasl-pub-nofile", mn, List.of(MeterUploads.frame(mn, "415511")));
      assertThat(bridge.exitStatus()).isEqualTo(1);
      assertThat(bridge.err().lines().toList())
          .hasSize(1)
          .first()
          .asString()
          .startsWith(
              "meterwatch bridge: stopped: Kafka has not accepted a write to meter.readings for ")
          .endsWith(
              "; check --kafka, and --kafka-config if the cluster requires SASL or TLS (it drops"
                  + " clients without them); unacknowledged messages stay at the broker");
    }
    assertThat(endOffset("meter.readings")).isEqualTo(before);
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", kafka.saslBootstrapServers()));
    if (!all.contains("--timeout")) {
      all.addAll(List.of("--timeout", "20"));
    }
    return execute(all);
  }

  static Result execute(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Meterwatch.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private static AclBinding allow(ResourcePattern p, String user, AclOperation op) {
    return new AclBinding(
        p, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private static Path config(String name, String user, String password) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        "security.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\""
            + user
            + "\" password=\""
            + password
            + "\";\n");
  }

  /** A producer of the plain listener, where the test's set-up has every right. */
  private static Properties plainProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static long endOffset(String topic) {
    return KafkaTopics.count(kafka.bootstrapServers(), topic);
  }
}
