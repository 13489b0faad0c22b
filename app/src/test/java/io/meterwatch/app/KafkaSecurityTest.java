package io.meterwatch.app;

import static io.meterwatch.core.cases.CaseFixtures.breach;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.KafkaTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --kafka-config FILE} against a real Kafka with a SASL_PLAINTEXT (PLAIN) listener and ACLs:
 * the bureau's principal may do everything, a county's may only read.
 */
class KafkaSecurityTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path bureau;
  static Path county;
  static Path wrong;
  static String caseId;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        EmbeddedKafka.builder()
            .saslPlain(Map.of("bureau", "bureau-s3cret", "county", "county-s3cret"))
            .start();
    for (String t : List.of("alerts", "cases", "case.actions", "meter.readings")) {
      kafka.createTopic(t, 1);
    }
    kafka.createTopic("meter.readings.dlq", 1);
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

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Meterwatch.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", kafka.saslBootstrapServers()));
    if (!all.contains("--timeout")) {
      all.addAll(List.of("--timeout", "20"));
    }
    int code = cl.execute(all.toArray(String[]::new));
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
